"""The place invariants, asserted with messages that say what went wrong.

Used by every operation's test and by the concurrency test (see test_place_invariants)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from fostering.placements.models import Placement
from fostering.register.models import Household
from fostering.vacancies.availability import annotate_places, household_places
from fostering.vacancies.models import Hold


def assert_place_invariants(*households: Household, day=None, now=None) -> None:
    now = now or timezone.now()
    day = day or timezone.localdate(now)
    for household in households:
        household.refresh_from_db()
        approval = household.approvals.filter(ended_on__isnull=True).first()
        approved = min(approval.max_children, household.beds_for_fostering) if approval else 0
        # Counted from the rows themselves, independently of vacancies.availability.
        filled = (
            Placement.objects.filter(household=household, started_on__lte=day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
            .count()
        )
        active = [
            h
            for h in Hold.objects.filter(household=household)
            if h.released_at is None and h.converted_at is None and h.reserved_until > now
        ]
        held = sum(h.places for h in active)
        label = f"household {household.pk} ({household.reference})"
        assert filled >= 0 and held >= 0, f"{label}: negative counts (filled {filled}, held {held})"
        assert filled + held <= approved, (
            f"{label}: {filled} filled + {held} held is more than the {approved} approved places — "
            "a place was held or filled twice"
        )
        places = household_places(household, day=day, now=now)
        assert (places.approved, places.filled, places.held) == (approved, filled, held), (
            f"{label}: household_places says approved {places.approved}, filled {places.filled}, "
            f"held {places.held}; the rows say {approved}, {filled}, {held}"
        )
        assert places.free >= 0 and places.offerable >= 0, f"{label}: negative free places {places}"
        assert places.approved == places.filled + places.held + places.free, (
            f"{label}: approved {places.approved} ≠ filled {places.filled} + held {places.held} + free {places.free}"
        )
        assert places.offerable <= places.free, f"{label}: offers {places.offerable} but only {places.free} free"
        row = annotate_places(Household.objects.filter(pk=household.pk), day=day, now=now).get()
        in_sql = (row.places_approved, row.places_filled, row.places_held, row.places_free, row.places_offerable)
        in_python = (places.approved, places.filled, places.held, places.free, places.offerable)
        assert in_sql == in_python, f"{label}: the SQL derivation {in_sql} disagrees with the Python one {in_python}"
