"""Working days in England for the "contacted within 1 working day" target.

The ``holidays`` package is not installed (dependencies are locked), so England and Wales
bank holidays are listed here. Source: https://www.gov.uk/bank-holidays (England and
Wales), checked for 2024–2027, including the substitute days when Christmas or Boxing Day
falls at a weekend (28 December 2026; 27 and 28 December 2027). Outside those years only
weekends are counted as non-working days; extend the list before 2028.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

BANK_HOLIDAYS_ENGLAND_AND_WALES: frozenset[dt.date] = frozenset(
    dt.date.fromisoformat(d)
    for d in (
        # 2024
        "2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26",
        # 2025
        "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26",
        # 2026 (Boxing Day is a Saturday: substitute Monday 28 December)
        "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28",
        # 2027 (Christmas Day and Boxing Day at the weekend: substitutes 27 and 28 December)
        "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28",
    )
)  # fmt: skip


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in BANK_HOLIDAYS_ENGLAND_AND_WALES


def next_working_day(day: dt.date) -> dt.date:
    """The first working day strictly after ``day``."""
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def received_on(moment: dt.datetime) -> dt.date:
    """The working day an enquiry counts as received: its own day in London if that is a
    working day, otherwise the next one (an enquiry on Saturday is received on Monday)."""
    day = moment.astimezone(LONDON).date() if moment.tzinfo else moment.date()
    return day if is_working_day(day) else next_working_day(day)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end is not after start).

    Contact on the day received is 0 working days; on the next working day, 1.
    """
    if end <= start:
        return 0
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def working_days_to(received: dt.datetime, contacted: dt.datetime) -> int:
    """Working days from receiving an enquiry to contacting the enquirer (London dates)."""
    end = contacted.astimezone(LONDON).date() if contacted.tzinfo else contacted.date()
    return working_days_between(received_on(received), end)
