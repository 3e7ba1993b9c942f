"""Keeping vacancies trustworthy: confirming and declaring availability.

Confirming is one click: it records who confirmed and when, and the vacancy turns fresh.
Only the household's own fostering service or its carers may confirm or change it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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


def check_declaration(
    available_from: dt.date | None, available_until: dt.date | None, temporarily_unavailable: bool, unavailable_reason: str
) -> None:
    """The rules of a declaration of availability (pages, API and bulk alike); ValidationError if broken."""
    if available_from and available_until and available_until < available_from:
        raise ValidationError("The date available until must be on or after the date available from.")
    if temporarily_unavailable and not (unavailable_reason or "").strip():
        raise ValidationError("Say why the household is temporarily unavailable.")


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
    check_declaration(available_from, available_until, temporarily_unavailable, unavailable_reason)
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


@dataclass(frozen=True)
class AvailabilityChange:
    """One household's line of a bulk update: confirm it as it is, or declare new availability."""

    household_id: int
    confirm_only: bool = True
    available_from: dt.date | None = None
    available_until: dt.date | None = None
    temporarily_unavailable: bool = False
    unavailable_reason: str = ""
    label: str = ""  # how the caller named the household, for messages ("reference H00012")
    position: int = 0  # its place in the caller's list (1-based), for messages; default its place here


def _item_position(problem: str) -> int:
    words = problem.split(" ", 2)
    return int(words[1].rstrip(":")) if len(words) > 1 and words[1].rstrip(":").isdigit() else 0


def _declared_fields(change: AvailabilityChange) -> dict | None:
    """The declaration a bulk line makes (None for a plain confirmation)."""
    if change.confirm_only:
        return None
    reason = change.unavailable_reason.strip()[:200] if change.temporarily_unavailable else ""
    return {
        "available_from": change.available_from, "available_until": change.available_until,
        "temporarily_unavailable": change.temporarily_unavailable, "unavailable_reason": reason,
    }  # fmt: skip


class BulkAvailabilityError(ValidationError):
    """Every problem of a bulk update, one sentence per line; nothing was saved."""


def bulk_update_availability(
    user, changes: list[AvailabilityChange], now: dt.datetime | None = None, problems: list[str] | None = None
) -> int:
    """Confirm or declare the availability of many households in one transaction, all or nothing.

    The same rules as one at a time (``may_manage``, ``check_declaration``); every line that
    breaks one is reported, naming its position and household, and then nothing is saved
    (``problems`` the caller already found, e.g. unknown references, are reported with them).
    Lines are written with two bulk statements, rows locked in household order."""
    now = now or timezone.now()
    ids = [c.household_id for c in changes]
    households = Household.objects.in_bulk(set(ids))
    own_services = fostering_service_ids(user)
    own_carer_households = set(
        CarerAccount.objects.filter(user_id=getattr(user, "pk", None)).values_list("household_id", flat=True)
    )
    problems, seen = list(problems or []), set()
    for index, change in enumerate(changes, start=1):
        position = change.position or index
        name = change.label or f"household {change.household_id}"
        household = households.get(change.household_id)
        if household is None:
            problems.append(f"Item {position} ({name}): there is no such household on the register.")
        elif household.fostering_service_id not in own_services and household.pk not in own_carer_households:
            problems.append(
                f"Item {position} ({name}): the household belongs to another fostering service; only its own "
                f"service or its carers can change its availability."
            )
        elif change.household_id in seen:
            problems.append(f"Item {position} ({name}): the household is already in this request once.")
        elif not change.confirm_only:
            try:
                check_declaration(
                    change.available_from, change.available_until, change.temporarily_unavailable,
                    change.unavailable_reason,
                )  # fmt: skip
            except ValidationError as exc:
                problems.append(f"Item {position} ({name}): {' '.join(exc.messages)}")
        seen.add(change.household_id)
    if problems:
        raise BulkAvailabilityError(sorted(problems, key=_item_position))
    with transaction.atomic():
        existing = set(
            Availability.objects.select_for_update()
            .filter(household_id__in=ids)
            .order_by("household_id")
            .values_list("household_id", flat=True)
        )
        # One UPDATE for every confirmation, one per distinct declaration, one INSERT for the
        # households without a record yet (bulk_update's CASE per row is slow for thousands).
        stamp = {"last_confirmed_at": now, "last_confirmed_by": user}
        declarations: dict[tuple, list[int]] = {}
        new = []
        for change in changes:
            declared = _declared_fields(change)
            if change.household_id not in existing:
                new.append(Availability(household_id=change.household_id, **(declared or {}), **stamp))
            elif declared is not None:
                declarations.setdefault(tuple(sorted(declared.items())), []).append(change.household_id)
        Availability.objects.filter(household_id__in=[c.household_id for c in changes if c.household_id in existing]).update(**stamp)
        for declared, household_ids in declarations.items():
            Availability.objects.filter(household_id__in=household_ids).update(**dict(declared))
        Availability.objects.bulk_create(new, batch_size=500)
    return len(changes)
