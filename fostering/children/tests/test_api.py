"""GET /api/children/{id}: the child's own authority only (404 otherwise, existence not
revealed), audited, 401 without credentials."""

from __future__ import annotations

import pytest

from fostering.accounts.models import ApiToken, AuditEvent
from fostering.accounts.tests.factories import analyst, placement_officer
from fostering.children.tests.factories import ChildFactory
from fostering.geography.models import LocalAuthority
from fostering.organisations.tests.factories import LocalAuthorityOrganisationFactory

pytestmark = pytest.mark.django_db


def bearer(user):
    _, raw = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_an_officer_reads_a_child_through_the_api_and_the_read_is_audited(client):
    child = ChildFactory(needs={"learning": 3})
    response = client.get(f"/api/children/{child.pk}", **bearer(placement_officer()))
    assert response.status_code == 200
    body = response.json()
    assert body["la_child_id"] == child.la_child_id and body["voice"]["about_me"]
    learning = next(d for d in body["needs_profile"]["domains"] if d["domain"] == "learning")
    assert learning["need"] == 3
    assert AuditEvent.objects.filter(object_type="children.child", object_id=str(child.pk), action="read").count() == 1


def test_another_authoritys_child_and_a_missing_child_look_the_same(client):
    child = ChildFactory()
    medway = LocalAuthorityOrganisationFactory(local_authority=LocalAuthority.objects.get(code="E06000035"))
    headers = bearer(placement_officer(organisation=medway))
    other = client.get(f"/api/children/{child.pk}", **headers)
    missing = client.get("/api/children/999999", **headers)
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()
    assert client.get(f"/api/children/{child.pk}", **bearer(analyst())).status_code == 404
    assert client.get(f"/api/children/{child.pk}").status_code == 401
