"""Supply, demand and gaps on a hand-made world (tests/helpers.py) against figures worked
out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fostering.sufficiency import demand, gaps, supply
from fostering.sufficiency.tests.helpers import build_world

pytestmark = pytest.mark.django_db
KENT, MEDWAY = "E10000016", "E06000035"


def _by(rows, **keys):
    return [r for r in rows if all(r.get(k) == v for k, v in keys.items())]


def _total(rows, la, field):
    return sum(r[field] for r in rows if r["la"] == la)


def test_supply_counts_places_filled_places_and_fresh_and_stale_vacancies_by_authority_and_provider():
    build_world()
    rows = supply.supply_by_authority(timezone.localdate(), timezone.now())
    assert _total(rows, KENT, "households") == 3
    assert _total(rows, KENT, "approved_places") == 6  # 3 + 2 + 1
    assert _total(rows, KENT, "filled_places") == 2
    assert _total(rows, KENT, "vacancies_fresh") == 2  # H1
    assert _total(rows, KENT, "vacancies_stale") == 2  # H2, confirmed 30 days ago
    (la,) = _by(rows, la=KENT, provider="la")
    (ifa,) = _by(rows, la=KENT, provider="ifa")
    assert (la["approved_places"], la["filled_places"], la["vacancies"]) == (3, 1, 2)
    assert (ifa["approved_places"], ifa["filled_places"], ifa["vacancies"]) == (3, 1, 2)
    assert _total(rows, MEDWAY, "vacancies_stale") == 2  # never confirmed counts as stale
    assert _total(rows, MEDWAY, "vacancies_fresh") == 0


def test_supply_breaks_down_by_age_band_placement_type_sibling_capacity_and_capability():
    build_world()
    rows = supply.supply_by_authority(timezone.localdate(), timezone.now())
    # Ages 0–4: H1 (0–18, 3 places) and H3 (0–18, 1 place); H2 takes 11–18 only.
    assert _total(rows, KENT, "places_age_0") == 4
    assert _total(rows, KENT, "vacancies_age_0") == 2
    assert _total(rows, KENT, "places_age_11") == 6
    assert _total(rows, KENT, "vacancies_age_11") == 4
    assert _total(rows, KENT, "households_type_parent_and_child") == 1
    assert _total(rows, KENT, "vacancies_type_parent_and_child") == 2
    assert _total(rows, KENT, "households_for_2") == 2  # H1 and H2
    assert _total(rows, KENT, "households_for_3") == 1  # H1
    assert _total(rows, KENT, "vacancies_for_2") == 2  # H1 (2 free) and H2 (2 free)
    assert _total(rows, KENT, "vacancies_for_3") == 0
    capability = supply.capability_by_authority()
    assert _total(capability, KENT, "capable_emotional") == 1  # H2 only; the others are rated 1
    assert _total(capability, KENT, "capable_behaviour") == 0


def test_demand_counts_children_in_care_fostered_far_from_home_and_open_referrals():
    build_world()
    today = timezone.localdate()
    (children,) = _by(demand.children_by_authority(today), la=KENT)
    assert children["children_in_care"] == 3
    assert (children["age_0"], children["age_5"], children["age_11"], children["age_16"]) == (0, 1, 1, 1)
    (fostered,) = _by(demand.fostered_by_authority(today), la=KENT)
    assert fostered["children_in_foster_care"] == 2
    assert fostered["fostered_la_service"] == 1 and fostered["fostered_ifa"] == 1
    assert fostered["placed_far_from_home"] == 1  # Bea, 35 km
    assert fostered["placed_outside_la"] == 0
    (referrals,) = _by(demand.referrals_by_authority(), la=KENT)
    assert referrals["open_referrals"] == 1 and referrals["children_referred"] == 1
    (needs,) = _by(demand.needs_by_authority(), la=KENT)
    assert needs["profiled"] == 3
    assert needs["need_emotional_3"] == 1 and needs["need_emotional_1"] == 2


def test_distance_from_home_is_computed_from_eastings_when_none_was_recorded():
    world = build_world()
    placement = world["bea"].placements.get()
    placement.distance_from_home_km = None
    placement.save()
    world["bea"].home_easting = world["h3"].easting + 25_000  # 25 km east of the household
    world["bea"].home_northing = world["h3"].northing
    world["bea"].save()
    (fostered,) = _by(demand.fostered_by_authority(timezone.localdate()), la=KENT)
    assert fostered["placed_far_from_home"] == 1


def test_gaps_compare_waiting_children_with_suitable_vacancies():
    world = build_world()
    rows = gaps.gaps_by_authority(timezone.localdate(), timezone.now())
    (teen,) = _by(rows, la=KENT, kind="teen_emotional")
    assert (teen["demand"], teen["suitable_supply"], teen["shortfall"]) == (1, 1, 0)  # Cal; H2 fits
    (urdu,) = _by(rows, la=KENT, kind="language_ur")
    assert (urdu["demand"], urdu["suitable_supply"], urdu["shortfall"]) == (1, 0, 1)  # nobody speaks Urdu
    (pac,) = _by(rows, la=KENT, kind="parent_and_child")
    assert (pac["demand"], pac["suitable_supply"]) == (0, 1)
    carer = world["h2"].carers.first()
    carer.languages = ["en", "ur"]
    carer.save()
    (urdu,) = _by(gaps.gaps_by_authority(timezone.localdate(), timezone.now()), la=KENT, kind="language_ur")
    assert (urdu["suitable_supply"], urdu["shortfall"]) == (1, 0)


def test_needs_by_month_uses_each_childs_latest_assessment_at_the_months_end():
    world = build_world()
    from fostering.children.tests.factories import NeedsProfileFactory
    from fostering.sufficiency.periods import add_months

    this_month = timezone.localdate().replace(day=1)
    two_months_ago = add_months(this_month, -2)
    for p in world["cal"].needs_profiles.all():
        p.assessed_on = this_month  # the current assessment is this month
        p.save()
    NeedsProfileFactory(child=world["cal"], assessed_on=two_months_ago + dt.timedelta(days=3), levels={"emotional": 1})
    rows = demand.needs_by_month([two_months_ago, this_month])
    (earlier,) = _by(rows, la=KENT, month=f"{two_months_ago:%Y-%m}")
    (now,) = _by(rows, la=KENT, month=f"{this_month:%Y-%m}")
    assert earlier["need_emotional_3"] == 0 and earlier["need_emotional_1"] >= 1
    assert now["need_emotional_3"] == 1


def test_open_referrals_are_counted_by_placement_type_and_sibling_group_size():
    world = build_world()
    from fostering.children.tests.factories import ChildFactory
    from fostering.referrals.models import Referral, ReferralChild

    siblings = [ChildFactory() for _ in range(3)]
    group = Referral.objects.create(
        local_authority_id=KENT, reference="R-TEST-2", status=Referral.Status.OPEN, placement_type="parent_and_child",
        wanted_start=timezone.localdate(), siblings_together=True,
    )  # fmt: skip
    for child in siblings:
        ReferralChild.objects.create(referral=group, child=child, needs_profile=child.needs_profiles.first())
    (kent,) = _by(demand.referrals_by_authority(), la=KENT)
    assert kent["open_referrals"] == 2
    assert kent["referrals_type_long_term"] == 1 and kent["referrals_type_parent_and_child"] == 1
    assert kent["referrals_group_2"] == 1 and kent["referrals_group_3"] == 1
    assert kent["children_referred"] == 4
    (pac,) = _by(gaps.gaps_by_authority(timezone.localdate(), timezone.now()), la=KENT, kind="parent_and_child")
    assert (pac["demand"], pac["suitable_supply"], pac["shortfall"]) == (1, 1, 0)
    (big,) = _by(gaps.gaps_by_authority(timezone.localdate(), timezone.now()), la=KENT, kind="siblings_3")
    assert (big["demand"], big["suitable_supply"], big["shortfall"]) == (1, 0, 1)  # nobody has 3 vacant places
    assert world["h1"].approvals.get(ended_on__isnull=True).max_children == 3


def test_supply_uses_the_registers_own_definition_of_places_household_by_household():
    """Approved, filled, held and vacant places on the sufficiency page are the sums of what
    the register (vacancies.availability) says for each household: a hold, a placement ending
    next week, a household that paused, one on hold and one with no current approval."""
    from fostering.accounts.tests.factories import placement_officer
    from fostering.register.models import Household
    from fostering.register.tests.factories import HouseholdFactory
    from fostering.vacancies.availability import annotate_places, household_places
    from fostering.vacancies.models import Availability, Hold

    world = build_world()
    today, now = timezone.localdate(), timezone.now()
    Hold.objects.create(household=world["h2"], places=1, held_by=placement_officer(),
                        reserved_until=now + dt.timedelta(days=2))  # fmt: skip
    Hold.objects.create(household=world["h1"], places=1, held_by=placement_officer(),
                        reserved_until=now - dt.timedelta(hours=1))  # expired: no longer held  # fmt: skip
    placement = world["ali"].placements.get()
    placement.ended_on = today + dt.timedelta(days=7)  # still with H1 today
    placement.save()
    Availability.objects.create(household=world["m1"], temporarily_unavailable=True, last_confirmed_at=now)
    paused = HouseholdFactory(beds_for_fostering=3)
    paused.status = "on_hold"
    paused.save()
    unapproved = HouseholdFactory()
    unapproved.approvals.update(ended_on=today - dt.timedelta(days=1))

    rows = supply.supply_by_authority(today, now)
    annotated = {h.pk: h for h in annotate_places(Household.objects.all(), today, now)}
    for la in (KENT, MEDWAY):
        counted = [
            h for h in Household.objects.filter(local_authority_id=la)
            if h.status == "active" and h.approvals.filter(ended_on__isnull=True).exists()
        ]  # fmt: skip
        places = [household_places(h, today, now) for h in counted]
        assert _total(rows, la, "households") == len(counted)
        assert _total(rows, la, "approved_places") == sum(p.approved for p in places)
        assert _total(rows, la, "filled_places") == sum(p.filled for p in places)
        assert _total(rows, la, "held_places") == sum(p.held for p in places)
        vacancies = _total(rows, la, "vacancies_fresh") + _total(rows, la, "vacancies_stale")
        assert vacancies == sum(p.offerable for p in places) == sum(annotated[h.pk].places_offerable for h in counted)
    # Worked by hand for Kent: H1 3 places, Ali still placed → 2 vacancies; H2 2 places, 1 held → 1; H3 full.
    assert (_total(rows, KENT, "held_places"), _total(rows, KENT, "vacancies_fresh"),
            _total(rows, KENT, "vacancies_stale")) == (1, 2, 1)  # fmt: skip
    assert _total(rows, MEDWAY, "vacancies_stale") + _total(rows, MEDWAY, "vacancies_fresh") == 0  # M1 paused
