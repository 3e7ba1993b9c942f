"""The enquiries API gives a fostering service its own queue, history, stage moves and
measures; nobody else's enquiries, and plain 4xx answers for bad requests."""

import pytest

from fostering.accounts.models import ApiToken
from fostering.accounts.tests.factories import fostering_team, placement_officer

from .factories import ServiceEnquiryFactory

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def test_a_service_lists_moves_and_measures_its_own_enquiries(client):
    mine = ServiceEnquiryFactory()
    theirs = ServiceEnquiryFactory()
    headers = bearer(fostering_team(organisation=mine.fostering_service.organisation))
    listed = client.get("/api/enquiries", **headers).json()
    assert [i["reference"] for i in listed["items"]] == [mine.enquiry.reference]
    assert client.get(f"/api/enquiries/{theirs.pk}", **headers).status_code == 404
    moved = client.post(
        f"/api/enquiries/{mine.pk}/stage", {"to_stage": "first_contact"}, content_type="application/json", **headers
    )
    assert moved.status_code == 200
    assert [h["to_stage"] for h in moved.json()["history"]] == ["enquiry", "first_contact"]
    back = client.post(
        f"/api/enquiries/{mine.pk}/stage", {"to_stage": "enquiry"}, content_type="application/json", **headers
    )
    assert back.status_code == 400 and "only move forward" in back.json()["detail"]
    no_reason = client.post(
        f"/api/enquiries/{mine.pk}/stage", {"to_stage": "withdrawn", "reason": "bored"},
        content_type="application/json", **headers,
    )  # fmt: skip
    assert no_reason.status_code == 400
    [m] = client.get("/api/enquiries/measures", **headers).json()
    assert m["enquiries"] == 1 and m["first_contact"]["contacted"] == 1


def test_people_without_the_fostering_team_role_get_403(client):
    response = client.get("/api/enquiries", **bearer(placement_officer()))
    assert response.status_code == 403 and "fostering team" in response.json()["detail"]
    assert client.get("/api/enquiries?stage=nonsense", **bearer(fostering_team())).status_code == 400


def test_numbers_too_big_for_the_database_are_simply_not_found(client):
    headers = bearer(fostering_team())
    assert client.get(f"/api/enquiries/{2**70}", **headers).status_code == 404
    client.force_login(fostering_team())
    assert client.get(f"/fostering/enquiries/{2**70}/").status_code == 404
    assert client.get(f"/exits/{2**70}/").status_code == 404
    client.force_login(placement_officer())
    assert client.get(f"/homes/household/{2**70}/").status_code == 404
    assert client.get(f"/homes/photos/{2**70}/").status_code == 404
    assert client.get("/homes/shares/", {"household": str(2**70)}).status_code == 200
