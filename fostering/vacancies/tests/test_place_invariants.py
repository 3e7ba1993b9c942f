"""Places are conserved, like stock in a warehouse.

Invariants, for every household on every day:

1. approved places = filled + held + free (conservation: a place is in exactly one state);
2. none of them is ever negative, and filled + held never exceeds approved — no place is
   held or filled twice;
3. only active holds count: released, converted and expired holds free their places;
4. the SQL derivation (``annotate_places``, used by search and lists) and the Python one
   (``household_places``, used inside the row lock) always agree.

``assert_place_invariants`` checks all of them with messages that explain the violation;
every operation's test below ends by calling it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from fostering.accounts.tests.factories import fostering_team, placement_officer
from fostering.organisations.tests.factories import LocalAuthorityOrganisationFactory, authority
from fostering.placements.models import Placement
from fostering.register.models import HouseholdStatus
from fostering.register.tests.factories import HouseholdFactory
from fostering.vacancies import reservations
from fostering.vacancies.availability import annotate_places, household_places
from fostering.vacancies.errors import HoldNotActive, InvalidHoldRequest, PlacesNoLongerFree
from fostering.vacancies.models import Availability, Hold
from fostering.vacancies.tests.factories import AvailabilityFactory, HoldFactory, referral_for
from fostering.vacancies.tests.invariants import assert_place_invariants

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return placement_officer()


@pytest.fixture
def household():
    return HouseholdFactory(beds_for_fostering=3)


def place_child(household, **kw):
    referral = referral_for(1)
    child = referral.referral_children.get().child
    return Placement.objects.create(
        child=child, household=household, fostering_service=household.fostering_service, place="U6",
        started_on=kw.pop("started_on", dt.date.today() - dt.timedelta(days=30)), **kw,
    )  # fmt: skip


def test_free_places_are_approved_places_less_placements_and_active_holds(household, officer):
    place_child(household)
    HoldFactory(household=household, held_by=officer, places=1)
    places = household_places(household)
    assert (places.approved, places.filled, places.held, places.free, places.offerable) == (3, 1, 1, 1, 1)
    assert_place_invariants(household)


def test_approved_places_are_capped_by_the_beds_for_fostering():
    household = HouseholdFactory(beds_for_fostering=1, approval=False)
    from fostering.register.tests.factories import ApprovalFactory

    ApprovalFactory(household=household, max_children=3)
    assert household_places(household).approved == 1
    assert_place_invariants(household)


def test_ended_and_future_placements_do_not_fill_a_place(household):
    place_child(
        household, started_on=dt.date.today() - dt.timedelta(days=90), ended_on=dt.date.today() - dt.timedelta(days=1)
    )
    place_child(household, started_on=dt.date.today() + dt.timedelta(days=5))
    assert household_places(household).filled == 0
    assert household_places(household, day=dt.date.today() + dt.timedelta(days=6)).filled == 1
    assert_place_invariants(household)


@pytest.mark.parametrize(
    "status", [HouseholdStatus.ON_HOLD, HouseholdStatus.UNDER_INVESTIGATION, HouseholdStatus.RESIGNED]
)
def test_a_household_that_is_not_active_offers_no_place(household, status):
    household.status = status
    household.save()
    places = household_places(household)
    assert places.free == 3 and places.offerable == 0
    assert places.reason == "The household is not taking children at the moment."
    assert_place_invariants(household)


def test_a_household_without_a_current_approval_has_no_place():
    household = HouseholdFactory(approval=False)
    places = household_places(household)
    assert places.approved == 0 and places.offerable == 0
    assert_place_invariants(household)


def test_declared_availability_limits_what_can_be_offered(household):
    today = dt.date.today()
    AvailabilityFactory(household=household, temporarily_unavailable=True, unavailable_reason="Family holiday")
    assert household_places(household).offerable == 0
    assert "Family holiday" in household_places(household).reason
    Availability.objects.filter(household=household).update(
        temporarily_unavailable=False, available_from=today + dt.timedelta(days=7)
    )
    assert household_places(household).offerable == 0
    assert household_places(household, day=today + dt.timedelta(days=7)).offerable == 3
    Availability.objects.filter(household=household).update(
        available_from=None, available_until=today - dt.timedelta(days=1)
    )
    assert household_places(household).offerable == 0
    assert_place_invariants(household)


def test_the_sql_derivation_agrees_with_the_python_one_for_many_households_in_few_queries(
    django_assert_max_num_queries, officer
):
    households = [HouseholdFactory(beds_for_fostering=b) for b in (1, 2, 3, 2)]
    place_child(households[1])
    HoldFactory(household=households[2], held_by=officer, places=2)
    AvailabilityFactory(household=households[3], temporarily_unavailable=True, unavailable_reason="Break")
    from fostering.register.models import Household

    with django_assert_max_num_queries(1):
        rows = list(annotate_places(Household.objects.filter(pk__in=[h.pk for h in households])).order_by("pk"))
    assert [(r.places_approved, r.places_filled, r.places_held, r.places_free, r.places_offerable) for r in rows] == [
        (1, 0, 0, 1, 1),
        (2, 1, 0, 1, 1),
        (3, 0, 2, 1, 1),
        (2, 0, 0, 2, 0),
    ]
    assert_place_invariants(*households)


def test_an_officer_holds_a_place_for_a_referral_for_48_hours(household, officer):
    referral = referral_for(2)
    hold = reservations.place_hold(officer, household.pk, referral=referral)
    assert hold.places == 2 and hold.held_by == officer
    assert hold.reserved_until - hold.created_at == dt.timedelta(hours=48)
    assert household_places(household).offerable == 1
    assert_place_invariants(household)


def test_a_hold_can_carry_only_the_officers_reference_until_the_referral_exists(household, officer):
    hold = reservations.place_hold(officer, household.pk, officer_reference="KENT-2026-17")
    assert hold.referral is None and hold.officer_reference == "KENT-2026-17"
    referral = referral_for(1)
    reservations.link_hold_to_referral(officer, hold.pk, referral)
    hold.refresh_from_db()
    assert hold.referral == referral
    with pytest.raises(InvalidHoldRequest, match="Name the referral"):
        reservations.place_hold(officer, household.pk)
    assert_place_invariants(household)


def test_a_hold_for_more_places_than_are_free_is_refused_with_the_reason(household, officer):
    place_child(household)
    reservations.place_hold(officer, household.pk, officer_reference="A", places=1)
    with pytest.raises(PlacesNoLongerFree, match="has 1 place free, not the 2 asked for"):
        reservations.place_hold(officer, household.pk, officer_reference="B", places=2)
    reservations.place_hold(officer, household.pk, officer_reference="C", places=1)
    with pytest.raises(PlacesNoLongerFree, match="Every approved place is filled or held"):
        reservations.place_hold(officer, household.pk, officer_reference="D")
    assert_place_invariants(household)


def test_only_placement_officers_hold_and_only_for_their_own_authoritys_referrals(household, officer):
    with pytest.raises(PermissionDenied):
        reservations.place_hold(fostering_team(), household.pk, officer_reference="X")
    medway = referral_for(1, local_authority="E06000035")
    with pytest.raises(PermissionDenied, match="your own authority"):
        reservations.place_hold(officer, household.pk, referral=medway)
    assert_place_invariants(household)


def test_a_released_hold_frees_its_places_and_only_the_holder_or_colleagues_may_release(household, officer):
    hold = reservations.place_hold(officer, household.pk, officer_reference="A", places=3)
    assert household_places(household).offerable == 0
    stranger = placement_officer(organisation=LocalAuthorityOrganisationFactory(local_authority=authority("E06000035")))
    with pytest.raises(PermissionDenied):
        reservations.release_hold(stranger, hold.pk)
    colleague = placement_officer(organisation=officer.organisation)
    reservations.release_hold(colleague, hold.pk, reason="Child stayed with family")
    assert household_places(household).offerable == 3
    with pytest.raises(HoldNotActive, match="already released"):
        reservations.release_hold(officer, hold.pk)
    assert_place_invariants(household)


def test_holds_expire_by_themselves_and_the_command_marks_them(household, officer):
    now = timezone.now()
    hold = reservations.place_hold(officer, household.pk, officer_reference="A", places=2, hours=1, now=now)
    assert household_places(household, now=now).held == 2
    later = now + dt.timedelta(hours=1, minutes=1)
    assert household_places(household, now=later).held == 0
    assert household_places(household, now=later).offerable == 3
    with pytest.raises(HoldNotActive, match="expired"):
        reservations.release_hold(officer, hold.pk, now=later)
    HoldFactory(household=household, held_by=officer, reserved_until=now - dt.timedelta(minutes=1))
    call_command("expire_holds", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Hold.objects.filter(expired_at__isnull=False).count() == 1
    assert_place_invariants(household, now=later)


def test_a_hold_converted_to_a_placement_moves_its_places_from_held_to_filled(household, officer):
    referral = referral_for(2)
    hold = reservations.place_hold(officer, household.pk, referral=referral)
    placements = reservations.convert_hold(officer, hold.pk, place="U4")
    assert len(placements) == 2
    assert {p.place for p in placements} == {"U4"} and placements[0].household == household
    assert placements[0].fostering_service == household.fostering_service
    assert placements[0].place_provider == "PR4"  # the factory's service is a private IFA
    places = household_places(household)
    assert (places.filled, places.held, places.free) == (2, 0, 1)
    referral.refresh_from_db()
    assert referral.status == "placed"
    with pytest.raises(HoldNotActive):
        reservations.convert_hold(officer, hold.pk)
    assert_place_invariants(household)


def test_a_hold_still_converts_when_the_household_has_since_declared_itself_unavailable(household, officer):
    hold = reservations.place_hold(officer, household.pk, referral=referral_for(1))
    AvailabilityFactory(household=household, temporarily_unavailable=True, unavailable_reason="Holiday")
    assert len(reservations.convert_hold(officer, hold.pk)) == 1
    assert_place_invariants(household)


def test_filling_without_a_hold_respects_other_officers_holds(household, officer):
    reservations.place_hold(officer, household.pk, officer_reference="A", places=2)
    with pytest.raises(PlacesNoLongerFree):
        reservations.fill_places(officer, household.pk, referral_for(2))
    assert len(reservations.fill_places(officer, household.pk, referral_for(1))) == 1
    assert_place_invariants(household)


def test_a_hold_without_a_referral_cannot_become_a_placement(household, officer):
    hold = reservations.place_hold(officer, household.pk, officer_reference="A")
    with pytest.raises(InvalidHoldRequest, match="link it to a referral first"):
        reservations.convert_hold(officer, hold.pk)
    assert Hold.objects.get(pk=hold.pk).converted_at is None
    assert_place_invariants(household)
