"""What is free: places derived from approvals, placements, holds and declared availability.

Never typed twice. For a household on a day:

* ``approved`` – places under its current approval: ``min(max_children, beds_for_fostering)``
  (0 without a current approval);
* ``filled``   – children placed with it on that day (placements.Placement current on the day);
* ``held``     – places reserved by active holds (not released, converted or expired);
* ``free``     – ``max(0, approved − filled − held)``: places neither filled nor held;
* ``offerable`` – the free places a placement officer may hold today: ``free`` when the
  household is active and its declared availability covers the day, otherwise 0.

The invariant (tests/test_place_invariants.py): approved = filled + held + free, none
negative. Data imported from elsewhere can break it (an SSDA903 file placing more children
than the approval allows); ``overcommitted`` then says by how much, instead of a negative.

``household_places`` answers for one household; ``annotate_places`` adds the same figures to
a queryset of many in one SQL query (no N+1), for search, lists and the API.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from fostering.placements.models import Placement
from fostering.register.models import Approval, Household, HouseholdStatus

from .models import Availability, Hold


@dataclass(frozen=True)
class Places:
    household_id: int
    approved: int
    filled: int
    held: int
    free: int
    offerable: int
    overcommitted: int
    reason: str  # why nothing can be offered, in plain English ("" when something can)

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("approved", "filled", "held", "free", "offerable")}


def declared_available_on(availability: Availability | None, day: dt.date) -> tuple[bool, str]:
    """Whether the carers' or service's declaration lets a place be offered on ``day``."""
    if availability is None:
        return True, ""
    if availability.temporarily_unavailable:
        reason = availability.unavailable_reason or "no reason given"
        return False, f"Temporarily unavailable ({reason})."
    if availability.available_from and availability.available_from > day:
        return False, f"Available from {availability.available_from:%d %B %Y}."
    if availability.available_until and availability.available_until < day:
        return False, f"Was available only until {availability.available_until:%d %B %Y}."
    return True, ""


def household_places(household: Household, day: dt.date | None = None, now: dt.datetime | None = None) -> Places:
    """The places of one household on ``day`` (default today), holds judged at ``now``."""
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    approval = Approval.objects.filter(household_id=household.pk, ended_on__isnull=True).first()
    approved = min(approval.max_children, household.beds_for_fostering) if approval else 0
    filled = Placement.objects.filter(household_id=household.pk).current_on(day).count()
    held = Hold.objects.filter(household_id=household.pk).active(now).aggregate(n=Sum("places"))["n"] or 0
    free = max(0, approved - filled - held)
    overcommitted = max(0, filled + held - approved)
    availability = Availability.objects.filter(household_id=household.pk).first()
    reason = ""
    if household.status != HouseholdStatus.ACTIVE:
        # Not the status itself: "under investigation" is the owning service's business.
        reason = "The household is not taking children at the moment."
    elif approval is None:
        reason = "The household has no current approval."
    else:
        ok, why = declared_available_on(availability, day)
        if not ok:
            reason = why
    offerable = free if not reason else 0
    if not reason and free == 0:
        reason = "Every approved place is filled or held."
    return Places(household.pk, approved, filled, held, free, offerable, overcommitted, reason)


def annotate_places(qs: QuerySet, day: dt.date | None = None, now: dt.datetime | None = None) -> QuerySet:
    """Add ``places_approved``, ``places_filled``, ``places_held``, ``places_free`` and
    ``places_offerable`` to a Household queryset, computed in SQL by correlated subqueries."""
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    int_field = IntegerField()
    max_children = Approval.objects.filter(household=OuterRef("pk"), ended_on__isnull=True).values("max_children")[:1]
    filled = (
        Placement.objects.filter(household=OuterRef("pk"), started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .order_by()
        .values("household")
        .annotate(n=Count("id"))
        .values("n")
    )
    held = (
        Hold.objects.filter(household=OuterRef("pk"))
        .active(now)
        .order_by()
        .values("household")
        .annotate(n=Sum("places"))
        .values("n")
    )
    declared = Q(availability__isnull=True) | Q(availability__temporarily_unavailable=False) & (
        Q(availability__available_from__isnull=True) | Q(availability__available_from__lte=day)
    ) & (Q(availability__available_until__isnull=True) | Q(availability__available_until__gte=day))
    return (
        qs.annotate(
            places_approved=Least(
                Coalesce(Subquery(max_children, output_field=int_field), Value(0)),
                F("beds_for_fostering"),
                output_field=int_field,
            ),
            places_filled=Coalesce(Subquery(filled, output_field=int_field), Value(0)),
            places_held=Coalesce(Subquery(held, output_field=int_field), Value(0)),
        )
        .annotate(
            places_free=Greatest(
                ExpressionWrapper(F("places_approved") - F("places_filled") - F("places_held"), output_field=int_field),
                Value(0),
                output_field=int_field,
            ),
            declared_available=Case(
                When(declared, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
        )
        .annotate(
            places_offerable=Case(
                When(Q(status=HouseholdStatus.ACTIVE, declared_available=True), then=F("places_free")),
                default=Value(0),
                output_field=int_field,
            )
        )
    )


def free_places(household: Household, day: dt.date | None = None) -> int:
    """Shortcut: the places a placement officer could hold in ``household`` today."""
    return household_places(household, day).offerable
