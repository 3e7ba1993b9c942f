"""Keeping vacancies trustworthy: confirming and declaring availability.

Confirming is one click: it records who confirmed and when, and the vacancy turns fresh.
Only the household's own fostering service or its carers may confirm or change it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fostering.accounts.scoping import fostering_service_ids
from fostering.register.models import CarerAccount, Household

from .models import Availability


def may_manage(user, household: Household) -> bool:
    """The household's fostering team, or one of its carers."""
    if household.fostering_service_id in fostering_service_ids(user):
        return True
    return CarerAccount.objects.filter(user_id=getattr(user, "pk", None), household_id=household.pk).exists()


def _require_manage(user, household: Household) -> None:
    if not may_manage(user, household):
        raise PermissionDenied("Only the household's fostering service or its carers can change its availability.")


def confirm_availability(user, household: Household, now: dt.datetime | None = None) -> Availability:
    """ "Still accurate": stamp who confirmed the vacancy and when."""
    _require_manage(user, household)
    now = now or timezone.now()
    with transaction.atomic():
        availability, _ = Availability.objects.select_for_update().get_or_create(household=household)
        availability.last_confirmed_at = now
        availability.last_confirmed_by = user
        availability.save(update_fields=["last_confirmed_at", "last_confirmed_by"])
    return availability


def confirm_many(user, households: list[Household], now: dt.datetime | None = None) -> int:
    """Confirm several households at once (the service's vacancies page)."""
    for h in households:
        confirm_availability(user, h, now)
    return len(households)


def update_availability(
    user,
    household: Household,
    *,
    available_from: dt.date | None,
    available_until: dt.date | None,
    temporarily_unavailable: bool,
    unavailable_reason: str = "",
    now: dt.datetime | None = None,
) -> Availability:
    """Declare when the household can take children; saving it also confirms it."""
    _require_manage(user, household)
    if available_from and available_until and available_until < available_from:
        raise ValidationError("The date available until must be on or after the date available from.")
    if temporarily_unavailable and not unavailable_reason.strip():
        raise ValidationError("Say why the household is temporarily unavailable.")
    now = now or timezone.now()
    with transaction.atomic():
        availability, _ = Availability.objects.select_for_update().get_or_create(household=household)
        availability.available_from = available_from
        availability.available_until = available_until
        availability.temporarily_unavailable = temporarily_unavailable
        availability.unavailable_reason = unavailable_reason.strip()[:200] if temporarily_unavailable else ""
        availability.last_confirmed_at = now
        availability.last_confirmed_by = user
        availability.save()
    return availability
