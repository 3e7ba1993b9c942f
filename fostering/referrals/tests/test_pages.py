"""Referral pages: create from a child's page, the strengths-first document and its
printable version, the anonymised summary, lifecycle buttons, and the list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fostering.accounts.tests.factories import fostering_team, placement_officer
from fostering.children.models import ChildVoice, SiblingGroup
from fostering.children.tests.factories import ChildFactory
from fostering.geography.models import LocalAuthority
from fostering.organisations.tests.factories import LocalAuthorityOrganisationFactory
from fostering.referrals.models import Referral
from fostering.referrals.tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client):
    client.force_login(placement_officer())
    return client


def form_data(**extra):
    return {
        "placement_type": "long_term", "urgency": "within_5_days",
        "wanted_start": (dt.date.today() + dt.timedelta(days=3)).strftime("%d/%m/%Y"),
        "distance_from": "school", "max_distance_km": "25", "action": "open", **extra,
    }  # fmt: skip


def test_an_officer_creates_and_opens_a_referral_for_a_child(officer_client):
    child = ChildFactory(needs={"emotional": 3})
    response = officer_client.post(f"{reverse('referrals:new')}?child={child.pk}", form_data())
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("referrals:detail", args=[referral.pk])
    assert referral.status == "open" and referral.opened_at is not None and referral.max_distance_km == 25
    page = officer_client.get(response["Location"]).content.decode()
    assert (
        page.index('data-section="strengths"') < page.index('data-section="voice"') < page.index('data-section="needs"')
    )
    assert "Help to feel safe, understood and calm" in page


def test_a_sibling_group_is_referred_together_or_apart_with_reasons(officer_client):
    group = SiblingGroup.objects.create(name="Family")
    a, b = ChildFactory(sibling_group=group), ChildFactory(sibling_group=group)
    url = f"{reverse('referrals:new')}?child={a.pk}"
    response = officer_client.post(url, form_data(siblings=[str(b.pk)], siblings_together="no"))
    assert response.status_code == 200 and "Give the reason each child" in response.content.decode()
    response = officer_client.post(
        url, form_data(siblings=[str(b.pk)], siblings_together="no", **{f"apart_reason_{a.pk}": "Needs quiet",
                                                                          f"apart_reason_{b.pk}": "Near school"})
    )  # fmt: skip
    referral = Referral.objects.get()
    assert referral.siblings_together is False and referral.referral_children.count() == 2


def test_bad_referral_input_shows_an_error_summary(officer_client):
    child = ChildFactory()
    response = officer_client.post(f"{reverse('referrals:new')}?child={child.pk}", {"wanted_start": "soon"})
    page = response.content.decode()
    assert "There is a problem" in page and "Select the type of placement needed" in page
    assert not Referral.objects.exists()


def test_the_printable_version_and_the_list(officer_client):
    referral = ReferralFactory()
    page = officer_client.get(reverse("referrals:print", args=[referral.pk])).content.decode()
    assert "@media print" in page and referral.reference in page
    listing = officer_client.get(reverse("referrals:list")).content.decode()
    assert referral.reference in listing


def test_lifecycle_buttons_move_the_referral_and_withdrawing_needs_a_reason(officer_client):
    referral = ReferralFactory(opened_at=None, status="draft")
    officer_client.post(reverse("referrals:transition", args=[referral.pk, "open"]))
    referral.refresh_from_db()
    assert referral.status == "open" and referral.opened_at
    officer_client.post(reverse("referrals:transition", args=[referral.pk, "withdrawn"]), {"reason": ""})
    referral.refresh_from_db()
    assert referral.status == "open"
    officer_client.post(reverse("referrals:transition", args=[referral.pk, "withdrawn"]), {"reason": "Went home"})
    referral.refresh_from_db()
    assert referral.status == "withdrawn" and referral.withdrawn_reason == "Went home"


def test_other_authorities_and_services_without_a_hold_cannot_see_the_referral(client):
    child = ChildFactory(first_name="Zebedee")
    ChildVoice.objects.filter(child=child).update(about_me="I am Zebedee")
    referral = ReferralFactory(children=[child])
    medway = LocalAuthorityOrganisationFactory(local_authority=LocalAuthority.objects.get(code="E06000035"))
    client.force_login(placement_officer(organisation=medway))
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    assert client.get(reverse("referrals:summary", args=[referral.pk])).status_code == 404
    client.force_login(fostering_team())
    assert client.get(reverse("referrals:summary", args=[referral.pk])).status_code == 404
    client.force_login(placement_officer())
    summary = client.get(reverse("referrals:summary", args=[referral.pk])).content.decode()
    assert "Zebedee" not in summary and "[name]" in summary
