"""An authority's case system adds children, their needs profiles and referrals through the API,
with the pages' rules; another authority's child is not found."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from fostering.accounts.models import ApiToken, AuditEvent
from fostering.accounts.tests.factories import placement_officer
from fostering.children.models import Child
from fostering.children.tests.factories import ChildFactory
from fostering.core.needs import DOMAIN_CODES
from fostering.geography.models import LocalAuthority
from fostering.referrals.models import Referral

pytestmark = pytest.mark.django_db


def post(url, body, user, **headers):
    return Client().post(url, body, content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)[1]}", **headers)  # fmt: skip


def test_an_officer_adds_a_child_records_needs_and_refers_them(clock):
    officer = placement_officer()
    child = post("/api/children", {
        "client_reference": "LCS-5521", "la_child_id": "LCS5521", "first_name": "Robin", "last_name": "Ashdown",
        "date_of_birth": (clock.today - dt.timedelta(days=11 * 365)).isoformat(), "sex": "2", "ethnicity": "WBRI",
        "home_postcode": "me14 1aa", "legal_status": "C2", "category_of_need": "N1"}, officer)  # fmt: skip
    assert child.status_code == 201, child.content
    made = child.json()
    assert made["la_child_id"] == "LCS5521" and made["home_postcode"] == "ME14 1AA" and made["local_authority"] == "E10000016"
    assert Child.objects.get(pk=made["id"]).home_easting is not None
    assert AuditEvent.objects.filter(action="create", object_type="children.child", object_id=str(made["id"])).exists()

    profile = post(f"/api/children/{made['id']}/needs-profiles", {
        "assessed_on": clock.today.isoformat(), "needs": {d: 1 for d in DOMAIN_CODES} | {"emotional": 3},
        "strengths": {d: 2 for d in DOMAIN_CODES}, "narratives": {"emotional": "Needs patient carers."},
        "sdq": {"total": 21}}, officer)  # fmt: skip
    assert profile.status_code == 201, profile.content
    assert profile.json()["sdq_total"] == 21

    referral = post("/api/referrals", {"child_ids": [made["id"]], "placement_type": "long_term",
                                       "wanted_start": clock.today.isoformat(), "open_now": True}, officer)  # fmt: skip
    assert referral.status_code == 201, referral.content
    assert referral.json()["status"] == "open"
    assert Referral.objects.get(pk=referral.json()["id"]).referral_children.get().child_id == made["id"]


def test_the_same_client_reference_replays_and_a_different_child_under_it_is_refused(clock):
    officer = placement_officer()
    body = {"client_reference": "LCS-1", "la_child_id": "LCS1", "date_of_birth": "2015-03-27", "sex": "1", "ethnicity": "WBRI"}
    first = post("/api/children", body, officer)
    again = post("/api/children", body, officer)
    assert first.status_code == again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert Child.objects.filter(la_child_id="LCS1").count() == 1
    other = post("/api/children", {**body, "la_child_id": "LCS2"}, officer)
    assert other.status_code == 409
    assert "already used the client reference “LCS-1” for a different request" in other.json()["detail"]
    duplicate = post("/api/children", {**body, "client_reference": "LCS-1b"}, officer)
    assert duplicate.status_code == 400
    assert duplicate.json()["detail"] == "Child LCS1: la_child_id: Your authority already has a child LCS1 on the register."


def test_bad_needs_and_another_authoritys_child_are_refused_with_a_sentence(clock):
    officer = placement_officer()
    mine = ChildFactory()
    medway = ChildFactory(local_authority=LocalAuthority.objects.get(code="E06000035"))
    missing = post(f"/api/children/{mine.pk}/needs-profiles", {
        "assessed_on": clock.today.isoformat(), "needs": {"emotional": 2}, "strengths": {}}, officer)  # fmt: skip
    assert missing.status_code == 400
    assert "need_behaviour: Select a need level for behaviour." in missing.json()["detail"]
    future = post("/api/children", {"la_child_id": "X1", "date_of_birth": (clock.today + dt.timedelta(days=3)).isoformat(),
                                    "sex": "1", "ethnicity": "WBRI"}, officer)  # fmt: skip
    assert future.status_code == 400 and "The date of birth must be today or in the past" in future.json()["detail"]
    assert post(f"/api/children/{medway.pk}/needs-profiles", {"assessed_on": clock.today.isoformat(), "needs": {},
                                                              "strengths": {}}, officer).status_code == 404  # fmt: skip
    assert post("/api/referrals", {"child_ids": [medway.pk], "placement_type": "long_term",
                                   "wanted_start": clock.today.isoformat()}, officer).status_code == 404  # fmt: skip
