"""A 12-month forecast of demand (foster placements started per month) with its uncertainty.

Model: statsmodels' ETS (error, trend, seasonality) state-space exponential smoothing,
``ETSModel(error="add", trend="add", damped_trend=True)`` — Holt's linear method with a
damped trend. It suits short, noisy monthly counts: it follows the recent level, lets a
trend fade rather than run away, and because it is a proper statistical model it gives
prediction intervals (we show the 80% interval: 8 months in 10 should fall inside the
band). No seasonal term: monthly placement starts show no dependable yearly pattern in
the history we hold, and a seasonal fit costs seconds per area where this costs a tenth.

Short or empty series are handled without a model: with fewer than 12 months, or when the
fit fails, the forecast is the mean of the last 6 months with a Poisson interval
(mean ± 1.28·√mean), flagged ``method="recent mean"``. Counts cannot be negative, so the
lower bound is clipped at 0; every month satisfies lower ≤ point ≤ upper.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from .periods import add_months

HORIZON = 12
INTERVAL = 0.80
Z_80 = 1.2816
MIN_MONTHS_FOR_MODEL = 12


@dataclass(frozen=True)
class ForecastMonth:
    month: str
    point: float
    lower: float
    upper: float


@dataclass(frozen=True)
class Forecast:
    months: list[ForecastMonth]
    method: str
    interval: float = INTERVAL


def _month_after(key: str, n: int) -> str:
    import datetime as dt

    year, month = (int(p) for p in key.split("-"))
    d = add_months(dt.date(year, month, 1), n)
    return f"{d.year:04d}-{d.month:02d}"


def _fallback(months: Sequence[str], values: Sequence[float], horizon: int) -> Forecast:
    recent = list(values[-6:]) or [0.0]
    mean = sum(recent) / len(recent)
    spread = Z_80 * math.sqrt(mean)
    last = months[-1] if months else None
    out = []
    for h in range(1, horizon + 1):
        label = _month_after(last, h) if last else f"+{h}"
        out.append(ForecastMonth(label, round(mean, 1), round(max(0.0, mean - spread), 1), round(mean + spread, 1)))
    return Forecast(out, "recent mean")


def forecast_series(months: Sequence[str], values: Sequence[float], horizon: int = HORIZON) -> Forecast:
    """Forecast ``horizon`` months after the monthly series (``months`` as "YYYY-MM", gap-free)."""
    if len(values) < MIN_MONTHS_FOR_MODEL or sum(values) == 0:
        return _fallback(months, values, horizon)
    import numpy as np
    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    index = pd.period_range(start=months[0], periods=len(values), freq="M").to_timestamp()
    series = pd.Series(np.asarray(values, dtype=float), index=pd.DatetimeIndex(index, freq="MS"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = ETSModel(series, error="add", trend="add", damped_trend=True)
            fit = model.fit(disp=False, maxiter=200)
            frame = fit.get_prediction(start=len(values), end=len(values) + horizon - 1).summary_frame(
                alpha=1 - INTERVAL
            )
    except Exception:  # noqa: BLE001 - any numerical failure falls back to the simple method
        return _fallback(months, values, horizon)
    out = []
    for h, (_, row) in enumerate(frame.iterrows(), start=1):
        point = max(0.0, float(row["mean"]))
        lower = max(0.0, min(point, float(row["pi_lower"])))
        upper = max(point, float(row["pi_upper"]))
        if not all(math.isfinite(v) for v in (point, lower, upper)):
            return _fallback(months, values, horizon)
        out.append(ForecastMonth(_month_after(months[-1], h), round(point, 1), round(lower, 1), round(upper, 1)))
    return Forecast(out, "ETS (additive errors, damped additive trend)")
