"""Shared definitions: age bands, "fresh" vacancies, month keys."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from fostering.core.dates import years_before  # noqa: F401 (re-exported for callers)

# Age bands of the published statistics (children looked after by age).
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0–4", 0, 4),
    ("5–10", 5, 10),
    ("11–15", 11, 15),
    ("16–17", 16, 17),
)
TEENAGER_FROM_AGE = 13
FAR_FROM_HOME_KM = 20


def birthdays_for_band(today: dt.date, low: int, high: int) -> tuple[dt.date, dt.date]:
    """Dates of birth (earliest, latest) of children aged ``low``..``high`` on ``today``."""
    return years_before(today, high + 1) + dt.timedelta(days=1), years_before(today, low)


def fresh_since(now: dt.datetime | None = None) -> dt.datetime:
    """Vacancies confirmed after this are "fresh"; older or never confirmed ones are "stale"
    (settings.VACANCY_AMBER_AFTER_DAYS, the same line at which the vacancy pages turn amber)."""
    now = now or timezone.now()
    return now - dt.timedelta(days=settings.VACANCY_AMBER_AFTER_DAYS)


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(first: dt.date) -> dt.date:
    return add_months(first, 1) - dt.timedelta(days=1)
