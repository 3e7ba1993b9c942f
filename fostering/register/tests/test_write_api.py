"""A fostering service's case system adds and changes its own households and carers through
the API, with the pages' rules and messages; another service's household is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from fostering.accounts.models import ApiToken, AuditEvent
from fostering.accounts.tests.factories import fostering_team
from fostering.register.models import Carer, Household
from fostering.register.tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def bearer(user, **extra) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}", **extra}


def send(method, url, body, headers):
    return getattr(Client(), method)(url, body, content_type="application/json", **headers)


def new_household(clock, **overrides) -> dict:
    body = {
        "reference": "CASE-101", "address_line_1": "12 Orchard Way", "postcode": "ME14 1AA", "bedrooms": 4,
        "beds_for_fostering": 2, "other_children_ages": [7, 12],
        "carer": {"first_name": "Alex", "last_name": "Morgan", "date_of_birth": "1978-04-02", "gender": "female",
                  "ethnicity": "WBRI", "languages": ["en"], "fostering_since": "2019-06-01"},
        "approval": {"approved_on": (clock.today - dt.timedelta(days=30)).isoformat(),
                     "panel_date": (clock.today - dt.timedelta(days=40)).isoformat(), "max_children": 2,
                     "placement_types": ["short_term", "long_term"],
                     "review_due": (clock.today + dt.timedelta(days=335)).isoformat()},
    }  # fmt: skip
    body.update(overrides)
    return body


def test_a_service_adds_a_household_with_its_carer_and_approval_once_however_often_it_is_sent(clock):
    existing = HouseholdFactory()
    team = fostering_team(organisation=existing.fostering_service.organisation)
    headers = bearer(team, HTTP_IDEMPOTENCY_KEY="mosaic-household-101")

    first = send("post", "/api/households", new_household(clock), headers)
    assert first.status_code == 201, first.content
    made = first.json()
    assert made["shape"] == "full" and made["reference"] == "CASE-101" and made["postcode_district"] == "ME14"
    assert made["carers"][0]["last_name"] == "Morgan" and made["approval"]["max_children"] == 2
    assert made["other_children_ages"] == [7, 12]
    again = send("post", "/api/households", new_household(clock), headers)
    assert again.status_code == 201 and again.json() == made
    assert Household.objects.filter(reference="CASE-101").count() == 1
    assert AuditEvent.objects.filter(action="create", object_type="register.household", object_id=str(made["id"])).exists()


def test_the_pages_rules_refuse_a_bad_household_with_every_problem_named_and_nothing_saved(clock):
    team = fostering_team(organisation=HouseholdFactory().fostering_service.organisation)
    bad = new_household(clock, postcode="ZZ99 9ZZ", beds_for_fostering=5, bedrooms=3)
    response = send("post", "/api/households", bad, bearer(team))
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "postcode:" in detail and "beds_for_fostering: Bedrooms for fostered children cannot be more than bedrooms." in detail
    assert not Household.objects.filter(reference="CASE-101").exists()


def test_a_service_changes_its_household_and_carer_but_not_another_services(clock):
    mine, theirs = HouseholdFactory(), HouseholdFactory()
    team = fostering_team(organisation=mine.fostering_service.organisation)
    changed = send("patch", f"/api/households/{mine.pk}", {"bedrooms": 5, "smokers": True}, bearer(team))
    assert changed.status_code == 200, changed.content
    mine.refresh_from_db()
    assert (mine.bedrooms, mine.smokers, mine.address_line_1) == (5, True, mine.address_line_1)

    carer = mine.carers.get()
    renamed = send("patch", f"/api/households/{mine.pk}/carers/{carer.pk}", {"last_name": "Okafor"}, bearer(team))
    assert renamed.status_code == 200 and renamed.json()["last_name"] == "Okafor"
    second = send("post", f"/api/households/{mine.pk}/carers", {
        "first_name": "Sam", "last_name": "Okafor", "date_of_birth": "1980-01-15", "gender": "male", "ethnicity": "BAFR",
        "fostering_since": "2019-06-01"}, bearer(team))  # fmt: skip
    assert second.status_code == 201, second.content
    assert Carer.objects.filter(household=mine).count() == 2
    young = send("post", f"/api/households/{mine.pk}/carers", {
        "first_name": "Kid", "last_name": "Okafor", "date_of_birth": (clock.today - dt.timedelta(days=365 * 10)).isoformat(),
        "gender": "male", "ethnicity": "BAFR", "fostering_since": "2019-06-01"}, bearer(team))  # fmt: skip
    assert young.status_code == 400  # a third carer, and a child: the pages' rules

    refused = send("patch", f"/api/households/{theirs.pk}", {"bedrooms": 1}, bearer(team))
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        f"Household {theirs.pk} belongs to another fostering service; only its own service can change it."
    )
    theirs.refresh_from_db()
    assert theirs.bedrooms == 4
