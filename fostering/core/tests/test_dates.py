"""29 February: years added to or taken from a leap day land on 28 February, never raise
(a carer's details form answered 500 on a leap day before this existed)."""

import datetime as dt

import pytest

from fostering.core.dates import years_after, years_before


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (dt.date(2028, 2, 29), -110, dt.date(1918, 2, 28)),
        (dt.date(2028, 2, 29), 1, dt.date(2029, 2, 28)),
        (dt.date(2028, 2, 29), 4, dt.date(2032, 2, 29)),
        (dt.date(2027, 3, 1), -1, dt.date(2026, 3, 1)),
    ],
)
def test_years_from_a_day_keep_the_day_or_fall_back_to_28_february(day, years, expected):
    assert years_after(day, years) == expected
    assert years_before(day, -years) == expected


def test_the_clock_fixture_freezes_and_moves_time(clock):
    start = clock.now
    assert clock.now == start, "the clock is frozen for the test"
    clock.shift(days=2)
    assert clock.now == start + dt.timedelta(days=2)
    clock.move_to(dt.date(2028, 2, 29))
    assert clock.today == dt.date(2028, 2, 29) and clock.at(hour=9).hour == 9
