"""The demo data set is deterministic for a seed and calibrated to the published figures
(DESIGN.md §3), so what a newcomer sees resembles England's fostering system."""

import datetime as dt
import hashlib

import pytest

from fostering.children.models import Child, NeedsProfile
from fostering.core.demo import generate
from fostering.core.demo.scales import PUBLISHED
from fostering.organisations.models import FosteringService
from fostering.placements.models import Placement
from fostering.referrals.models import Referral
from fostering.register.models import Carer, Household

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 1)


def fingerprint() -> str:
    """A digest of the generated records' content (not their timestamps)."""
    parts = [
        list(Household.objects.order_by("id").values_list(
            "fostering_service__ofsted_urn", "reference", "postcode", "beds_for_fostering", "status", "has_pets")),
        list(Carer.objects.order_by("id").values_list("first_name", "last_name", "date_of_birth", "ethnicity")),
        list(Child.objects.order_by("id").values_list("la_child_id", "date_of_birth", "ethnicity", "home_postcode")),
        list(NeedsProfile.objects.order_by("id").values_list("child__la_child_id", "assessed_on", "need_emotional", "need_risk_self")),
        list(Placement.objects.order_by("id").values_list("child__la_child_id", "household__reference", "place", "started_on", "weekly_cost")),
        list(Referral.objects.order_by("id").values_list("reference", "placement_type", "wanted_start")),
    ]  # fmt: skip
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def test_the_same_seed_gives_the_same_data_and_another_seed_different_data():
    generate("small", 7, log=lambda *_: None, today=TODAY)
    first = fingerprint()
    generate("small", 7, log=lambda *_: None, today=TODAY)
    assert fingerprint() == first
    generate("small", 8, log=lambda *_: None, today=TODAY)
    assert fingerprint() != first


@pytest.mark.parametrize("seed", [1, 2])
def test_the_small_demo_is_calibrated_to_the_published_figures(seed):
    generate("small", seed, log=lambda *_: None, today=TODAY)
    # The published figures count approved households: a current approval, not resigned or
    # deregistered (the demo also holds households that left, for the exit-interview analytics).
    approved = Household.objects.filter(approvals__ended_on__isnull=True).exclude(status__in=["resigned", "deregistered"])
    households = approved.count()
    assert households > 200

    la_share = approved.filter(fostering_service__kind=FosteringService.Kind.LOCAL_AUTHORITY).count() / households
    assert la_share == pytest.approx(PUBLISHED["share_households_la_services"], abs=0.07)

    with_child = (
        Placement.objects.current().foster().filter(household__in=approved).values("household").distinct().count()
    )
    no_child_share = 1 - with_child / households
    published_no_child = PUBLISHED["households_with_no_child"] / PUBLISHED["households"]
    assert no_child_share == pytest.approx(published_no_child, abs=0.06)

    children = Child.objects.count()
    fostered = Placement.objects.current().foster().count()
    published_fostered = PUBLISHED["children_in_foster_care"] / PUBLISHED["children_looked_after"]
    assert fostered / children == pytest.approx(published_fostered, abs=0.06)

    # Every current foster placement fits its household's approval.
    for h in Household.objects.filter(placements__in=Placement.objects.current()).distinct():
        approval = h.approvals.get(ended_on__isnull=True)
        assert h.placements.filter(ended_on__isnull=True).count() <= approval.max_children

    # Weekly costs: LA carers about £475, IFAs about £798, all within £350–£900.
    la_cost = avg_cost(FosteringService.Kind.LOCAL_AUTHORITY)
    ifa_cost = avg_cost(FosteringService.Kind.IFA)
    assert 440 < la_cost < 510
    assert 760 < ifa_cost < 840
    assert Referral.objects.filter(status="open").exists()


@pytest.mark.slow
def test_a_regional_demo_places_62_percent_of_fostered_children_inside_their_own_authority():
    """Needs several authorities of similar size, so it uses the North East (12 authorities)."""
    from django.db.models import F

    from fostering.geography.importer import import_postcodes

    import_postcodes(areas=["NE", "DH", "SR", "TS", "DL"], progress=False)
    generate("regional", 3, region_code="E12000001", log=lambda *_: None, today=TODAY)
    fostered = Placement.objects.current().foster()
    inside = fostered.filter(household__local_authority=F("child__local_authority")).count()
    assert inside / fostered.count() == pytest.approx(PUBLISHED["share_fostered_inside_own_la"], abs=0.05)
    approved = Household.objects.filter(approvals__ended_on__isnull=True).exclude(status__in=["resigned", "deregistered"])
    la_share = approved.filter(fostering_service__kind=FosteringService.Kind.LOCAL_AUTHORITY).count() / approved.count()
    assert la_share == pytest.approx(PUBLISHED["share_households_la_services"], abs=0.03)


def avg_cost(kind: str) -> float:
    from django.db.models import Avg

    return float(Placement.objects.foster().filter(fostering_service__kind=kind).aggregate(a=Avg("weekly_cost"))["a"])
