"""Calendar arithmetic written once, so 29 February never raises.

``date.replace(year=...)`` fails on a leap day; a person born on 29 February has their
birthday on 28 February in other years (the usual legal reading in England is 1 March
for some purposes, but every rule the register applies, 18th birthdays and age bands,
reads 28 February consistently).
"""

from __future__ import annotations

import datetime as dt


def years_after(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (earlier when negative); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier; 29 February becomes 28 February."""
    return years_after(day, -years)
