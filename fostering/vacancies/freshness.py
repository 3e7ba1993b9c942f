"""How fresh a vacancy is: green when confirmed recently, amber after
``VACANCY_AMBER_AFTER_DAYS`` (7), red after ``VACANCY_RED_AFTER_DAYS`` (14) or never.

A vacancy nobody has confirmed for a fortnight is a spreadsheet again; the colour tells a
placement officer how far to trust it and tells the service to confirm it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone


class Freshness(models.TextChoices):
    FRESH = "fresh", "Confirmed recently"
    AMBER = "amber", "Needs confirming"
    RED = "red", "Out of date"


TAG_CLASS = {Freshness.FRESH: "govuk-tag--green", Freshness.AMBER: "govuk-tag--yellow", Freshness.RED: "govuk-tag--red"}


def amber_after() -> dt.timedelta:
    return dt.timedelta(days=settings.VACANCY_AMBER_AFTER_DAYS)


def red_after() -> dt.timedelta:
    return dt.timedelta(days=settings.VACANCY_RED_AFTER_DAYS)


def freshness_of(last_confirmed_at: dt.datetime | None, now: dt.datetime | None = None) -> Freshness:
    if last_confirmed_at is None:
        return Freshness.RED
    age = (now or timezone.now()) - last_confirmed_at
    if age >= red_after():
        return Freshness.RED
    if age >= amber_after():
        return Freshness.AMBER
    return Freshness.FRESH


def stale_filter(now: dt.datetime | None = None, prefix: str = "availability__") -> models.Q:
    """Households whose availability is amber or red (never confirmed counts as red)."""
    now = now or timezone.now()
    return models.Q(**{f"{prefix}last_confirmed_at__isnull": True}) | models.Q(
        **{f"{prefix}last_confirmed_at__lte": now - amber_after()}
    )


def describe(last_confirmed_at: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """ "Confirmed 3 days ago" / "Never confirmed", for tables and the API."""
    if last_confirmed_at is None:
        return "Never confirmed"
    days = ((now or timezone.now()) - last_confirmed_at).days
    if days <= 0:
        return "Confirmed today"
    if days == 1:
        return "Confirmed yesterday"
    return f"Confirmed {days} days ago"
