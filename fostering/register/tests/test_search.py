"""Placement officers search the register by distance, age, placement type, sibling group
size, capability, language and faith, and see free places only, nearest first."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from fostering.accounts.tests.factories import analyst, placement_officer
from fostering.geography.services import InvalidPostcode, UnknownPostcode
from fostering.register.search import SearchCriteria, distance_km, search_register
from fostering.register.tests.factories import ApprovalFactory, CarerFactory, HouseholdFactory
from fostering.vacancies.tests.factories import HoldFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return placement_officer()


def ids(officer, **kw):
    qs, _ = search_register(officer, SearchCriteria(**kw))
    return [h.pk for h in qs]


def test_households_within_the_distance_come_nearest_first(officer):
    maidstone = HouseholdFactory(postcode="ME14 1AA")
    canterbury = HouseholdFactory(postcode="CT1 2EH")
    tunbridge = HouseholdFactory(postcode="TN1 1AA")
    assert ids(officer, postcode="ME15 6AA", within_km=20) == [maidstone.pk]
    assert ids(officer, postcode="ME15 6AA", within_km=60) == [maidstone.pk, tunbridge.pk, canterbury.pk]
    qs, origin = search_register(officer, SearchCriteria(postcode="ME15 6AA"))
    assert origin.postcode == "ME15 6AA"
    assert 0 < distance_km(qs[0]) < 5


def test_age_placement_type_and_sibling_group_size_follow_the_terms_of_approval(officer):
    teens = HouseholdFactory(approval=False, beds_for_fostering=3)
    ApprovalFactory(household=teens, age_min=11, age_max=18, max_children=3, placement_types=["long_term"])
    little = HouseholdFactory(approval=False, beds_for_fostering=1)
    ApprovalFactory(household=little, age_min=0, age_max=5, max_children=1, placement_types=["emergency"])
    assert ids(officer, age=14) == [teens.pk]
    assert ids(officer, placement_type="emergency") == [little.pk]
    assert ids(officer, placement_type="short_term") == []
    assert ids(officer, group_size=2) == [teens.pk]


def test_a_sibling_group_needs_that_many_free_places_not_only_approved_ones(officer):
    h = HouseholdFactory(beds_for_fostering=2)
    assert ids(officer, group_size=2) == [h.pk]
    HoldFactory(household=h, held_by=officer)
    assert ids(officer, group_size=2) == []
    assert ids(officer, group_size=1) == [h.pk]
    assert ids(officer, group_size=2, only_with_places=False) == [h.pk]


def test_capability_language_and_faith_filters(officer):
    skilled = HouseholdFactory(capability={"risk_self": 3, "behaviour": 2})
    HouseholdFactory(capability={"risk_self": 1})
    polish = HouseholdFactory(carers=False)
    CarerFactory(household=polish, languages=["en", "pl"], religion="muslim")
    assert ids(officer, min_capability={"risk_self": 3}) == [skilled.pk]
    assert ids(officer, min_capability={"risk_self": 2, "behaviour": 2}) == [skilled.pk]
    assert ids(officer, language="pl") == [polish.pk]
    assert ids(officer, religion="muslim") == [polish.pk]


def test_households_that_are_not_active_are_never_found(officer):
    HouseholdFactory(status="on_hold")
    assert ids(officer) == []


def test_a_postcode_we_cannot_place_is_a_clear_error(officer):
    with pytest.raises(InvalidPostcode):
        ids(officer, postcode="nonsense")
    with pytest.raises(UnknownPostcode):
        ids(officer, postcode="ZZ99 9ZZ")


def test_analysts_cannot_search_households():
    with pytest.raises(PermissionDenied):
        search_register(analyst(), SearchCriteria())


def test_the_search_is_a_fixed_number_of_queries_whatever_the_page_size(officer, django_assert_max_num_queries):
    for pc in ("ME14 1AA", "ME15 6AA", "ME4 4TR", "TN1 1AA"):
        HouseholdFactory(postcode=pc)
    qs, _ = search_register(officer, SearchCriteria(postcode="ME14 1AA", within_km=50))
    from fostering.register.serialisers import public_household

    with django_assert_max_num_queries(5):
        rows = [public_household(h, distance_km=distance_km(h)) for h in qs[:50]]
    assert len(rows) == 4
