"""Placement officers' pages for children: list, child (strengths and voice first), needs
history, new needs profile, voice and important people; other authorities get 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fostering.accounts.models import AuditEvent
from fostering.accounts.tests.factories import analyst, placement_officer
from fostering.children.models import Child
from fostering.children.tests.factories import ChildFactory, NeedsProfileFactory
from fostering.core.needs import DOMAIN_CODES
from fostering.geography.models import LocalAuthority
from fostering.organisations.tests.factories import LocalAuthorityOrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client):
    client.force_login(placement_officer())
    return client


def test_the_children_list_shows_only_the_authoritys_children(officer_client):
    mine = ChildFactory(la_child_id="KENT01")
    ChildFactory(la_child_id="MEDWAY01", local_authority=LocalAuthority.objects.get(code="E06000035"))
    page = officer_client.get(reverse("children:list")).content.decode()
    assert "KENT01" in page and "MEDWAY01" not in page
    assert reverse("children:detail", args=[mine.pk]) in page


def test_the_child_page_shows_strengths_and_voice_before_needs_and_is_audited(officer_client):
    child = ChildFactory(needs={"behaviour": 3})
    page = officer_client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert page.index('id="strengths"') < page.index('id="voice"') < page.index('id="needs"')
    assert "Patient, consistent boundaries" in page
    assert AuditEvent.objects.filter(object_type="children.child", object_id=str(child.pk), action="read").exists()


def test_another_authoritys_child_is_not_found_and_analysts_are_refused(client):
    child = ChildFactory()
    medway = LocalAuthorityOrganisationFactory(local_authority=LocalAuthority.objects.get(code="E06000035"))
    client.force_login(placement_officer(organisation=medway))
    assert client.get(reverse("children:detail", args=[child.pk])).status_code == 404
    assert client.get(reverse("children:needs-history", args=[child.pk])).status_code == 404
    client.force_login(analyst())
    assert client.get(reverse("children:list")).status_code == 403


def test_an_officer_records_a_new_needs_profile_through_the_form(officer_client):
    child = ChildFactory()
    url = reverse("children:needs-new", args=[child.pk])
    assert officer_client.get(url).status_code == 200
    data = {"assessed_on": dt.date.today().strftime("%d/%m/%Y"), "assessed_by": "A. Worker"}
    data |= {f"need_{d}": "2" for d in DOMAIN_CODES} | {f"strength_{d}": "1" for d in DOMAIN_CODES}
    data |= {"narrative_learning": "Loves reading", "sdq_total": "17", "sdq_conduct": "6"}
    response = officer_client.post(url, data)
    assert response.status_code == 302
    assert child.needs_profiles.count() == 2
    newest = child.needs_profiles.order_by("-id").first()
    assert newest.narratives == {"learning": "Loves reading"}
    assert (newest.sdq_total, newest.sdq_conduct, newest.sdq_peer) == (17, 6, None)


def test_a_needs_profile_with_missing_ratings_shows_an_error_summary(officer_client):
    child = ChildFactory()
    response = officer_client.post(reverse("children:needs-new", args=[child.pk]), {"assessed_on": "31/02/2024"})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Enter a real date" in page and "Select a need level for behaviour" in page
    assert child.needs_profiles.count() == 1


def test_the_needs_history_shows_every_version_with_a_chart_per_domain(officer_client):
    child = ChildFactory(needs=False)
    NeedsProfileFactory(child=child, assessed_on=dt.date(2024, 1, 5), levels={"emotional": 3})
    NeedsProfileFactory(child=child, assessed_on=dt.date(2025, 1, 5), levels={"emotional": 1})
    page = officer_client.get(reverse("children:needs-history", args=[child.pk])).content.decode()
    assert "05/01/2024" in page and "05/01/2025" in page
    assert page.count("<svg") == len(DOMAIN_CODES)
    assert "need 3, 1" in page


def test_voice_and_important_people_pages_save(officer_client):
    child = ChildFactory(voice=False)
    response = officer_client.post(
        reverse("children:voice", args=[child.pk]),
        {"about_me": "I like <b>drawing</b>", "wants_pets": "yes", "faith_matters": "1", "language_matters": "0",
         "culture_matters": "2", "food": "Jollof rice"},
    )  # fmt: skip
    assert response.status_code == 302
    page = officer_client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "I like &lt;b&gt;drawing&lt;/b&gt;" in page
    response = officer_client.post(
        reverse("children:people", args=[child.pk]),
        {"name": "Nana Ama", "relationship": "Grandmother", "keep_in_touch": "yes", "contact": "phone_video",
         "postcode": "ME14 1AA"},
    )  # fmt: skip
    assert response.status_code == 302
    person = Child.objects.get(pk=child.pk).important_people.get()
    assert person.relationship == "Grandmother"
    response = officer_client.post(reverse("children:person-remove", args=[child.pk, person.pk]))
    assert response.status_code == 302 and not child.important_people.exists()


def test_the_cohort_page_counts_needs_per_month(officer_client):
    ChildFactory(needs={"behaviour": 3})
    page = officer_client.get(reverse("children:cohort")).content.decode()
    assert "1 assessment" in page
