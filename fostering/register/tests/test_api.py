"""The households API has the pages' scoping: full for your own service, public otherwise."""

from __future__ import annotations

import pytest

from fostering.accounts.models import ApiToken
from fostering.accounts.tests.factories import analyst, fostering_team, placement_officer
from fostering.register.serialisers import PERSONAL_KEYS
from fostering.register.tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def all_keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in all_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in all_keys(v)}
    return set()


def bearer(user) -> dict:
    _, raw = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_placement_officer_gets_public_fields_only(client):
    h = HouseholdFactory(capability={"behaviour": 3})
    response = client.get("/api/households", **bearer(placement_officer()))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["shape"] == "public" and item["capability"]["behaviour"] == 3
    assert not all_keys(body) & PERSONAL_KEYS
    assert h.carers.get().last_name not in response.content.decode()
    one = client.get(f"/api/households/{h.pk}", **bearer(placement_officer())).json()
    assert one["shape"] == "public" and not all_keys(one) & PERSONAL_KEYS


def test_an_ifa_reads_its_own_carers_but_not_another_ifas(client):
    mine, theirs = HouseholdFactory(), HouseholdFactory()
    team = fostering_team(organisation=mine.fostering_service.organisation)
    body = client.get("/api/households", **bearer(team)).json()
    shapes = {r["id"]: r["shape"] for r in body["results"]}
    assert shapes == {mine.pk: "full", theirs.pk: "public"}
    own = client.get(f"/api/households/{mine.pk}", **bearer(team)).json()
    assert own["carers"][0]["last_name"] == "Robinson" and own["address"]["postcode"] == "ME14 1AA"
    assert own["approvals"][0]["ended_on"] is None
    assert own["preferences"]["max_sibling_group"] == 1
    other = client.get(f"/api/households/{theirs.pk}", **bearer(team)).json()
    assert "carers" not in other and "address" not in other
    assert client.get("/api/households?mine=true", **bearer(team)).json()["count"] == 1


def test_households_that_are_not_active_or_do_not_exist_are_404_and_analysts_403(client):
    h = HouseholdFactory(status="deregistered")
    assert client.get(f"/api/households/{h.pk}", **bearer(placement_officer())).status_code == 404
    assert client.get("/api/households/999999", **bearer(placement_officer())).status_code == 404
    response = client.get("/api/households", **bearer(analyst()))
    assert response.status_code == 403 and "detail" in response.json()
    assert client.get("/api/households").status_code == 401


def test_the_household_schemas_are_documented_in_openapi(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/households" in schema["paths"] and "/api/households/{household_id}" in schema["paths"]
    components = schema["components"]["schemas"]
    assert "HouseholdPublicOut" in components and "HouseholdFullOut" in components
    assert "first_name" not in repr(components["HouseholdPublicOut"])
