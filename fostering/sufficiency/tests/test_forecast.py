"""The demand forecast gives 12 months with lower ≤ point ≤ upper, even on short series."""

import numpy as np
import pytest

from fostering.sufficiency.forecast import forecast_series


def _months(n, start_year=2022):
    return [f"{start_year + i // 12}-{i % 12 + 1:02d}" for i in range(n)]


@pytest.mark.parametrize("n", [0, 3, 11, 24, 48])
def test_forecast_returns_twelve_months_inside_their_interval(n):
    values = list(np.random.default_rng(n).poisson(30, n))
    result = forecast_series(_months(n), values)
    assert len(result.months) == 12
    for m in result.months:
        assert 0 <= m.lower <= m.point <= m.upper
    if n >= 12:
        assert result.method.startswith("ETS")
        assert result.months[0].month == _months(n + 1)[-1]  # starts the month after the history
    else:
        assert result.method == "recent mean"


def test_forecast_follows_the_level_of_the_history():
    values = [100] * 24
    values = [v + (i % 3) for i, v in enumerate(values)]
    result = forecast_series(_months(24), values)
    assert all(90 <= m.point <= 110 for m in result.months)
