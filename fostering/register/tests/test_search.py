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


def test_the_services_assessment_governs_capability_and_the_carers_view_counts_only_without_one(officer):
    from fostering.register.models import Capability

    assessed_low = HouseholdFactory(capability={"risk_self": 1})
    Capability.objects.create(household=assessed_low, source="carers", risk_self=3)
    carers_only = HouseholdFactory()
    Capability.objects.filter(household=carers_only).update(source="carers", risk_self=3)
    assert ids(officer, min_capability={"risk_self": 3}) == [carers_only.pk]


def test_a_search_page_counts_every_match_and_builds_only_its_own_households(officer, django_assert_max_num_queries):
    from fostering.register.search import search_page

    near = [HouseholdFactory(postcode=pc) for pc in ("ME14 1AA", "ME15 6AA", "ME4 4TR", "TN1 1AA", "CT1 2EH")]
    HoldFactory(household=HouseholdFactory(postcode="ME14 1AA", beds_for_fostering=1), held_by=officer)  # full
    criteria = SearchCriteria(postcode="ME14 1AA", within_km=100)
    with django_assert_max_num_queries(8):  # roles, postcode, matches, then the page's display data
        first = search_page(officer, criteria, page=1, page_size=2)
    second = search_page(officer, criteria, page=2, page_size=2)
    assert first.count == 5 and first.page.paginator.num_pages == 3
    assert [h.pk for h in first.households + second.households] == ids(officer, postcode="ME14 1AA", within_km=100)[:4]
    assert {h.pk for h in first.households + second.households} <= {h.pk for h in near}
    assert distance_km(first.households[0]) < distance_km(second.households[-1])
    assert first.households[0].places_offerable == 2
    beyond = search_page(officer, criteria, page=99, page_size=2)  # like the page: the last page
    assert beyond.page.number == 3 and len(beyond.households) == 1


def test_without_a_postcode_results_come_in_register_order(officer):
    from fostering.register.search import search_page

    made = [HouseholdFactory(postcode=pc).pk for pc in ("CT1 2EH", "ME14 1AA")]
    result = search_page(officer, SearchCriteria(age=3))
    assert [h.pk for h in result.households] == sorted(made) and distance_km(result.households[0]) is None
