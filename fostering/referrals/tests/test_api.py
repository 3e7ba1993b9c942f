"""Referral API: the authority's list and records, and the anonymised summary for the
authority and services holding a place; everyone else 404, never 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fostering.accounts.models import ApiToken
from fostering.accounts.tests.factories import fostering_team, placement_officer
from fostering.children.models import ChildVoice
from fostering.children.tests.factories import ChildFactory
from fostering.geography.models import LocalAuthority
from fostering.organisations.tests.factories import LocalAuthorityOrganisationFactory
from fostering.referrals.tests.factories import ReferralFactory
from fostering.register.tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def bearer(user):
    _, raw = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_the_authority_lists_and_reads_its_referrals_strengths_first(client):
    referral = ReferralFactory(opened_at=timezone.now() - dt.timedelta(days=2))
    ReferralFactory(children=[ChildFactory(local_authority=LocalAuthority.objects.get(code="E06000035"))])
    headers = bearer(placement_officer())
    listing = client.get("/api/referrals", **headers).json()
    assert [r["reference"] for r in listing] == [referral.reference]
    assert 1.9 < listing[0]["time_open_days"] < 2.1
    assert client.get("/api/referrals?status=placed", **headers).json() == []
    assert client.get("/api/referrals?status=nonsense", **headers).status_code in (400, 422)
    body = client.get(f"/api/referrals/{referral.pk}", **headers).json()
    child = body["children"][0]
    assert list(child).index("strengths") < list(child).index("needs_from_carers")


def test_the_summary_is_anonymised_and_shared_only_with_services_holding_a_place(client):
    from fostering.vacancies.models import Hold

    child = ChildFactory(first_name="Philippa", home_postcode="CT1 2EH")
    ChildVoice.objects.filter(child=child).update(about_me="I'm Philippa, born 02/03/2013, call 07700 900123")
    referral = ReferralFactory(children=[child])
    household = HouseholdFactory()
    team = fostering_team(organisation=household.fostering_service.organisation)
    assert client.get(f"/api/referrals/{referral.pk}/summary", **bearer(team)).status_code == 404
    Hold.objects.create(household=household, referral=referral, held_by=placement_officer(),
                        reserved_until=timezone.now() + dt.timedelta(days=1))  # fmt: skip
    response = client.get(f"/api/referrals/{referral.pk}/summary", **bearer(team))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Philippa" not in text and "02/03/2013" not in text and "07700" not in text and "CT1 2EH" not in text
    assert response.json()["children"][0]["home_postcode_district"] == "CT1"
    assert client.get(f"/api/referrals/{referral.pk}", **bearer(team)).status_code == 404
    medway = LocalAuthorityOrganisationFactory(local_authority=LocalAuthority.objects.get(code="E06000035"))
    assert (
        client.get(
            f"/api/referrals/{referral.pk}/summary", **bearer(placement_officer(organisation=medway))
        ).status_code
        == 404
    )
    assert client.get("/api/referrals/999999/summary", **bearer(team)).status_code == 404


def test_the_endpoints_are_documented_with_their_schemas(client):
    schema = client.get("/api/openapi.json").json()
    for path in ["/api/children/{child_id}", "/api/referrals", "/api/referrals/{referral_id}",
                 "/api/referrals/{referral_id}/summary"]:  # fmt: skip
        assert "200" in schema["paths"][path]["get"]["responses"], path
    summary = schema["components"]["schemas"]["SummaryChildOut"]["properties"]
    assert "age" in summary and "date_of_birth" not in summary and "first_name" not in summary
