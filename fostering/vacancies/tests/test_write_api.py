"""A service's case system keeps availability live through the API: confirm one household,
change one, or push many in one call, all or nothing; repeats with the same Idempotency-Key
replay the first answer, and another service's household is refused by name."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from fostering.accounts.models import ApiToken, AuditEvent
from fostering.accounts.tests.factories import fostering_team
from fostering.register.tests.factories import HouseholdFactory
from fostering.vacancies.models import Availability

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def post(url, body, headers, method="post", **extra):
    return getattr(Client(), method)(url, body, content_type="application/json", **headers, **extra)


@pytest.fixture
def agency():
    mine = HouseholdFactory()
    team = fostering_team(organisation=mine.fostering_service.organisation)
    theirs = HouseholdFactory()
    return team, mine, theirs


def test_a_service_confirms_and_changes_its_households_availability(agency, clock):
    team, mine, _ = agency
    auth = bearer(team)
    confirmed = post(f"/api/households/{mine.pk}/availability/confirm", {}, auth)
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["freshness"] == "fresh"
    assert Availability.objects.get(household=mine).last_confirmed_by == team

    start = clock.today + dt.timedelta(days=7)
    changed = post(f"/api/households/{mine.pk}/availability", {"available_from": start.isoformat()}, auth, method="put")
    assert changed.status_code == 200 and changed.json()["available_from"] == start.isoformat()
    assert AuditEvent.objects.filter(object_type="register.household", object_id=str(mine.pk), action="update").count() == 2


def test_a_broken_rule_and_another_services_household_are_refused_with_a_sentence(agency, clock):
    team, mine, theirs = agency
    auth = bearer(team)
    bad = post(
        f"/api/households/{mine.pk}/availability",
        {"available_from": clock.today.isoformat(), "available_until": (clock.today - dt.timedelta(days=1)).isoformat()},
        auth, method="put",
    )  # fmt: skip
    assert bad.status_code == 400
    assert bad.json()["detail"] == (
        f"Household {mine.pk}: The date available until must be on or after the date available from."
    )
    other = post(f"/api/households/{theirs.pk}/availability/confirm", {}, auth)
    assert other.status_code == 403
    assert "belongs to another fostering service" in other.json()["detail"]
    assert not Availability.objects.exists()


def test_the_same_idempotency_key_replays_the_first_answer_and_with_another_body_is_refused(agency, clock):
    team, mine, _ = agency
    auth = {**bearer(team), "HTTP_IDEMPOTENCY_KEY": "case-system-7f1c"}
    url = f"/api/households/{mine.pk}/availability"
    first = post(url, {"temporarily_unavailable": True, "unavailable_reason": "Carer in hospital"}, auth, method="put")
    clock.shift(minutes=5)
    again = post(url, {"unavailable_reason": "Carer in hospital", "temporarily_unavailable": True}, auth, method="put")
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Availability.objects.get(household=mine).last_confirmed_at == clock.now - dt.timedelta(minutes=5)

    different = post(url, {"temporarily_unavailable": False}, auth, method="put")
    assert different.status_code == 409
    assert "already used the Idempotency-Key “case-system-7f1c” for a different request" in different.json()["detail"]
    assert Availability.objects.get(household=mine).temporarily_unavailable is True


def test_bulk_availability_is_all_or_nothing_and_names_every_refused_item(agency, clock):
    team, mine, theirs = agency
    second = HouseholdFactory(fostering_service=mine.fostering_service)
    auth = bearer(team)
    refused = post("/api/availability/bulk", {"items": [
        {"household_id": mine.pk},
        {"household_id": theirs.pk},
        {"household_id": 999_999},
        {"reference": second.reference, "action": "declare", "temporarily_unavailable": True},
        {"reference": "NO-SUCH-REF"},
    ]}, auth)  # fmt: skip
    assert refused.status_code == 400
    detail = refused.json()["detail"]
    assert detail.startswith("Nothing was saved: 4 items refused.")
    assert f"Item 2 (household {theirs.pk}): the household belongs to another fostering service" in detail
    assert "Item 3 (household 999999): there is no such household on the register." in detail
    assert f"Item 4 (reference {second.reference}): Say why the household is temporarily unavailable." in detail
    assert "Item 5 (reference NO-SUCH-REF): none of your households has this reference." in detail
    assert not Availability.objects.exists()

    ok = post("/api/availability/bulk", {"items": [
        {"household_id": mine.pk},
        {"reference": second.reference, "action": "declare", "available_from": clock.today.isoformat()},
    ]}, auth)  # fmt: skip
    assert ok.status_code == 200, ok.content
    assert ok.json()["count"] == 2
    assert set(Availability.objects.values_list("household_id", flat=True)) == {mine.pk, second.pk}
    assert Availability.objects.get(household=second).available_from == clock.today
    assert AuditEvent.objects.filter(detail__contains="API bulk").count() == 2


def test_a_carer_confirms_their_own_household(agency):
    from fostering.matching.tests.factories import carer_user

    _, mine, theirs = agency
    carer = carer_user(mine)
    assert post(f"/api/households/{mine.pk}/availability/confirm", {}, bearer(carer)).status_code == 200
    assert post(f"/api/households/{theirs.pk}/availability/confirm", {}, bearer(carer)).status_code == 403
