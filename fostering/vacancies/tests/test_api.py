"""Vacancies API: search with the public shape; holds return 201 or 409 with the reason;
only placement officers hold, only for their authority's referrals; 4xx, never 500."""

from __future__ import annotations

import pytest

from fostering.accounts.models import ApiToken
from fostering.accounts.tests.factories import fostering_team, placement_officer
from fostering.organisations.tests.factories import LocalAuthorityOrganisationFactory, authority
from fostering.register.serialisers import PERSONAL_KEYS
from fostering.register.tests.factories import ApprovalFactory, HouseholdFactory
from fostering.vacancies.models import Hold
from fostering.vacancies.tests.factories import referral_for
from fostering.vacancies.tests.invariants import assert_place_invariants

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    _, raw = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def officer():
    return placement_officer()


def test_vacancies_near_a_postcode_filtered_by_age_type_and_group_size(client, officer):
    near = HouseholdFactory(postcode="ME14 1AA", beds_for_fostering=2)
    HouseholdFactory(postcode="CT1 2EH")
    small = HouseholdFactory(postcode="ME15 6AA", beds_for_fostering=1, approval=False)
    ApprovalFactory(household=small, max_children=1, age_min=0, age_max=4, placement_types=["parent_and_child"])
    url = "/api/vacancies?postcode=ME14%201AA&within_km=15"
    body = client.get(url, **bearer(officer)).json()
    assert [r["id"] for r in body["results"]] == [near.pk, small.pk]
    assert body["origin"]["postcode"] == "ME14 1AA" and body["results"][0]["distance_km"] < 1
    assert not {k for r in body["results"] for k in r} & PERSONAL_KEYS
    ids = [
        r["id"] for r in client.get(url + "&age=3&placement_type=parent_and_child", **bearer(officer)).json()["results"]
    ]
    assert ids == [small.pk]
    assert [r["id"] for r in client.get(url + "&group_size=2", **bearer(officer)).json()["results"]] == [near.pk]


@pytest.mark.parametrize(
    "query, message",
    [
        ("postcode=banana", "not a valid UK postcode"),
        ("postcode=ZZ99%209ZZ", "cannot find the postcode"),
        ("within_km=10", "Give a postcode"),
        ("placement_type=holiday", "placement_type must be one of"),
        ("capability=flying:3", "should be domain:level"),
    ],
)
def test_bad_search_input_is_a_400_with_the_reason(client, officer, query, message):
    response = client.get(f"/api/vacancies?{query}", **bearer(officer))
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_a_hold_is_201_and_a_second_for_the_same_place_is_409_with_the_reason(client, officer):
    h = HouseholdFactory(beds_for_fostering=1)
    referral = referral_for(1)
    response = client.post(f"/api/vacancies/{h.pk}/holds", {"referral_id": referral.pk}, content_type="application/json",
                           **bearer(officer))  # fmt: skip
    assert response.status_code == 201, response.content
    hold = response.json()
    assert hold["places"] == 1 and hold["state"] == "active" and hold["referral_reference"] == referral.reference
    second = client.post(f"/api/vacancies/{h.pk}/holds", {"officer_reference": "K-2"}, content_type="application/json",
                         **bearer(placement_officer(organisation=officer.organisation)))  # fmt: skip
    assert second.status_code == 409
    assert "no place free" in second.json()["detail"]
    assert_place_invariants(h)


def test_only_placement_officers_hold_and_only_for_their_own_authority(client, officer):
    h = HouseholdFactory()
    team = fostering_team(organisation=h.fostering_service.organisation)
    body = {"officer_reference": "X"}
    r = client.post(f"/api/vacancies/{h.pk}/holds", body, content_type="application/json", **bearer(team))
    assert r.status_code == 403
    medway = referral_for(1, local_authority="E06000035")
    r = client.post(f"/api/vacancies/{h.pk}/holds", {"referral_id": medway.pk}, content_type="application/json",
                    **bearer(officer))  # fmt: skip
    assert r.status_code == 403 and "your own authority" in r.json()["detail"]
    r = client.post(f"/api/vacancies/{h.pk}/holds", {}, content_type="application/json", **bearer(officer))
    assert r.status_code == 400 and "Name the referral" in r.json()["detail"]
    r = client.post("/api/vacancies/999999/holds", body, content_type="application/json", **bearer(officer))
    assert r.status_code == 404
    r = client.post(f"/api/vacancies/{h.pk}/holds", {"referral_id": 999999}, content_type="application/json",
                    **bearer(officer))  # fmt: skip
    assert r.status_code == 404
    r = client.post(f"/api/vacancies/{h.pk}/holds", {"officer_reference": "X", "places": 0},
                    content_type="application/json", **bearer(officer))  # fmt: skip
    assert r.status_code in (400, 422)
    assert Hold.objects.count() == 0
    assert_place_invariants(h)


def test_the_holder_or_a_colleague_releases_a_hold_and_no_one_else(client, officer):
    h = HouseholdFactory()
    hold = client.post(f"/api/vacancies/{h.pk}/holds", {"officer_reference": "K-1"}, content_type="application/json",
                       **bearer(officer)).json()  # fmt: skip
    stranger = placement_officer(organisation=LocalAuthorityOrganisationFactory(local_authority=authority("E06000035")))
    assert client.delete(f"/api/holds/{hold['id']}", **bearer(stranger)).status_code == 403
    colleague = placement_officer(organisation=officer.organisation)
    released = client.delete(f"/api/holds/{hold['id']}", **bearer(colleague))
    assert released.status_code == 200 and released.json()["state"] == "released"
    again = client.delete(f"/api/holds/{hold['id']}", **bearer(officer))
    assert again.status_code == 409 and "already released" in again.json()["detail"]
    assert client.delete("/api/holds/999999", **bearer(officer)).status_code == 404
    assert_place_invariants(h)


def test_the_vacancy_and_hold_endpoints_are_documented(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/vacancies" in paths
    post = paths["/api/vacancies/{household_id}/holds"]["post"]
    assert {"201", "409"} <= set(post["responses"])
    assert "delete" in paths["/api/holds/{hold_id}"]
