"""Holds: time-limited reservations of places for a referral, and turning them into placements.

Two officers can never hold or fill the same place at once. The database enforces it:
every operation that takes places runs in one transaction that first locks the household
row (``SELECT … FOR UPDATE``; several rows always in primary-key order, so two transactions
cannot deadlock by locking in different orders), then re-derives the free places inside
the lock and only then writes. A second officer's transaction waits for the first to
commit and then sees its hold or placement. On SQLite (demo only) transactions are
``BEGIN IMMEDIATE`` (settings), which serialises writers the same way.

Holds expire by themselves: ``Hold.objects.active()`` ignores any hold whose
``reserved_until`` has passed, so an expired hold frees its places at once;
``manage.py expire_holds`` only stamps ``expired_at`` for the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from fostering.accounts.models import Role
from fostering.accounts.scoping import has_role, local_authority_codes, require_role
from fostering.core.codes import FOSTER_PLACE_CODES
from fostering.placements.models import Placement
from fostering.referrals.models import Referral
from fostering.register.models import Household

from .availability import Places, household_places
from .errors import HoldNotActive, InvalidHoldRequest, PlacesNoLongerFree
from .models import Hold

DEFAULT_HOLD_HOURS = 48
FOSTER_PLACES = FOSTER_PLACE_CODES
MAX_HOLD_HOURS = 14 * 24


def hold_hours() -> int:
    """How long a hold lasts unless the officer asks otherwise (``VACANCY_HOLD_HOURS``)."""
    return int(getattr(settings, "VACANCY_HOLD_HOURS", DEFAULT_HOLD_HOURS))


def lock_households(ids: Iterable[int]) -> dict[int, Household]:
    """Lock household rows for the rest of the transaction, always in primary-key order."""
    rows = Household.objects.select_for_update().filter(pk__in=sorted(set(ids))).order_by("pk")
    return {h.pk: h for h in rows}


def _check_referral(user, referral: Referral) -> None:
    if referral.local_authority_id not in local_authority_codes(user):
        raise PermissionDenied("You can only hold places for your own authority's referrals.")
    if referral.status in (Referral.Status.PLACED, Referral.Status.WITHDRAWN):
        raise InvalidHoldRequest(f"Referral {referral.reference} is {referral.get_status_display().lower()}.")


def _not_free(household: Household, places: Places, wanted: int) -> PlacesNoLongerFree:
    if places.offerable == 0:
        why = places.reason or "No place is free."
        return PlacesNoLongerFree(f"Household {household.pk} has no place free: {why}")
    return PlacesNoLongerFree(
        f"Household {household.pk} has {places.offerable} place{'s' if places.offerable != 1 else ''} free, "
        f"not the {wanted} asked for."
    )


def place_hold(
    user,
    household_id: int,
    *,
    referral: Referral | None = None,
    officer_reference: str = "",
    places: int | None = None,
    hours: int | None = None,
    now: dt.datetime | None = None,
) -> Hold:
    """Reserve ``places`` (default: one per child in the referral) for ``hours``.

    Raises PermissionDenied (not a placement officer, or another authority's referral),
    InvalidHoldRequest (nothing to hold for, bad numbers) or PlacesNoLongerFree.
    """
    require_role(user, Role.PLACEMENT_OFFICER)
    now = now or timezone.now()
    if referral is not None:
        referral.refresh_from_db(fields=["status", "local_authority"])
        _check_referral(user, referral)
        if places is None:
            places = referral.referral_children.count() or 1
    elif not officer_reference.strip():
        raise InvalidHoldRequest("Name the referral the hold is for, or give your own reference.")
    places = 1 if places is None else places
    if places < 1:
        raise InvalidHoldRequest("Hold at least one place.")
    hours = hold_hours() if hours is None else hours
    if not 1 <= hours <= MAX_HOLD_HOURS:
        raise InvalidHoldRequest(f"A hold lasts between 1 hour and {MAX_HOLD_HOURS // 24} days.")
    with transaction.atomic():
        household = lock_households([household_id]).get(household_id)
        if household is None:
            raise Household.DoesNotExist(f"There is no household {household_id}.")
        current = household_places(household, now=now)
        if current.offerable < places:
            raise _not_free(household, current, places)
        return Hold.objects.create(
            household=household,
            referral=referral,
            officer_reference=officer_reference.strip()[:60],
            places=places,
            held_by=user,
            created_at=now,
            reserved_until=now + dt.timedelta(hours=hours),
        )


def may_release(user, hold: Hold) -> bool:
    """The officer who placed a hold, or a placement officer of the same organisation."""
    if hold.held_by_id == user.pk:
        return True
    return (
        has_role(user, Role.PLACEMENT_OFFICER)
        and user.organisation_id is not None
        and user.organisation_id == hold.held_by.organisation_id
    )


def _locked_active_hold(hold_id: int, now: dt.datetime) -> Hold:
    hold = Hold.objects.select_related("held_by", "referral").get(pk=hold_id)
    lock_households([hold.household_id])
    hold = Hold.objects.select_for_update(of=("self",)).select_related("held_by", "referral").get(pk=hold_id)
    if hold.released_at is not None:
        raise HoldNotActive(f"Hold {hold.pk} was already released.")
    if hold.converted_at is not None:
        raise HoldNotActive(f"Hold {hold.pk} was already turned into a placement.")
    if hold.reserved_until <= now:
        raise HoldNotActive(f"Hold {hold.pk} expired at {timezone.localtime(hold.reserved_until):%H:%M on %d %B %Y}.")
    return hold


def release_hold(user, hold_id: int, reason: str = "", now: dt.datetime | None = None) -> Hold:
    """Give the places back. Only the holder or their colleagues may."""
    now = now or timezone.now()
    with transaction.atomic():
        hold = _locked_active_hold(hold_id, now)
        if not may_release(user, hold):
            raise PermissionDenied("Only the officer who placed a hold, or their colleagues, can release it.")
        hold.released_at = now
        hold.release_reason = (reason or "Released by the placement officer")[:200]
        hold.save(update_fields=["released_at", "release_reason"])
        return hold


def expire_holds(now: dt.datetime | None = None) -> int:
    """Stamp holds whose time has run out (they already stopped counting); returns how many."""
    now = now or timezone.now()
    return Hold.objects.filter(
        reserved_until__lte=now, released_at__isnull=True, converted_at__isnull=True, expired_at__isnull=True
    ).update(expired_at=now)


def place_provider(household: Household, referral: Referral) -> str:
    """SSDA903 PLACE_PROVIDER from who runs the household's service."""
    service = household.fostering_service
    if service.kind == service.Kind.IFA:
        return "PR5" if service.sector == service.Sector.VOLUNTARY else "PR4"
    return "PR1" if service.local_authority_id == referral.local_authority_id else "PR2"


def create_placements(household: Household, referral: Referral, started_on: dt.date, place: str) -> list[Placement]:
    """One SSDA903 episode per child of the referral, living with ``household`` from ``started_on``."""
    rows = []
    for entry in referral.referral_children.select_related("child"):
        child = entry.child
        rows.append(
            Placement(
                child=child,
                household=household,
                fostering_service=household.fostering_service,
                started_on=started_on,
                rne="P",
                legal_status=child.legal_status or "",
                category_of_need=child.category_of_need or "",
                place=place,
                place_provider=place_provider(household, referral),
                home_postcode=(child.home_postcode or "").split(" ")[0],
                placement_postcode=household.postcode_district,
                urn=household.fostering_service.ofsted_urn,
            )
        )
    return Placement.objects.bulk_create(rows)


def _place_children(user, household: Household, referral: Referral, started_on, place, *, for_hold: bool, now):
    """Check and create the placements; the caller holds the household's row lock.

    A direct fill needs places that can be offered today; converting a hold needs only free
    places (the hold was agreed while the household was available)."""
    require_role(user, Role.PLACEMENT_OFFICER)
    # Lock the referral too (after the household: always the same order), so one child is
    # never placed twice by two officers filling different households at once.
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _check_referral(user, referral)
    children = referral.referral_children.count()
    if children == 0:
        raise InvalidHoldRequest(f"Referral {referral.reference} names no child to place.")
    if place not in FOSTER_PLACES:
        raise InvalidHoldRequest("Choose a foster placement code, U1 to U6.")
    current = household_places(household, day=started_on, now=now)
    if (current.free if for_hold else current.offerable) < children:
        raise _not_free(household, current, children)
    placements = create_placements(household, referral, started_on, place)
    referral.status = Referral.Status.PLACED
    referral.placed_at = now
    referral.save(update_fields=["status", "placed_at"])
    return placements


def convert_hold(
    user, hold_id: int, *, started_on: dt.date | None = None, place: str = "U6", now: dt.datetime | None = None
) -> list[Placement]:
    """Turn an active hold into placements of the referral's children; the hold stops counting
    in the same transaction, so its places pass from held to filled without ever being free."""
    now = now or timezone.now()
    started_on = started_on or timezone.localdate(now)
    with transaction.atomic():
        hold = _locked_active_hold(hold_id, now)
        if hold.referral is None:
            raise InvalidHoldRequest(
                f"Hold {hold.pk} carries only the reference “{hold.officer_reference}”: link it to a referral first."
            )
        household = Household.objects.select_related("fostering_service").get(pk=hold.household_id)
        # Mark it converted first: re-derived inside the lock, its places then count as free
        # for its own children (and a failure below rolls the mark back).
        hold.converted_at = now
        hold.save(update_fields=["converted_at"])
        return _place_children(user, household, hold.referral, started_on, place, for_hold=True, now=now)


def fill_places(
    user,
    household_id: int,
    referral: Referral,
    *,
    started_on: dt.date | None = None,
    place: str = "U6",
    now: dt.datetime | None = None,
) -> list[Placement]:
    """Place a referral's children straight away (an emergency, no hold first)."""
    now = now or timezone.now()
    started_on = started_on or timezone.localdate(now)
    with transaction.atomic():
        household = lock_households([household_id]).get(household_id)
        if household is None:
            raise Household.DoesNotExist(f"There is no household {household_id}.")
        household = Household.objects.select_related("fostering_service").get(pk=household_id)
        return _place_children(user, household, referral, started_on, place, for_hold=False, now=now)


def link_hold_to_referral(user, hold_id: int, referral: Referral) -> Hold:
    """For holds placed with only an officer's reference: attach the referral once it exists."""
    with transaction.atomic():
        hold = _locked_active_hold(hold_id, timezone.now())
        if not may_release(user, hold):
            raise PermissionDenied("Only the officer who placed a hold, or their colleagues, can change it.")
        _check_referral(user, referral)
        hold.referral = referral
        hold.save(update_fields=["referral"])
        return hold
