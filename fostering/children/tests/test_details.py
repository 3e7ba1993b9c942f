"""Placement officers change a child's basic details (issue 4): only their own authority's
children, plain-English errors that save nothing, and every read and change audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fostering.accounts.models import AuditEvent
from fostering.accounts.tests.factories import commissioner, fostering_team, placement_officer
from fostering.children.models import Child
from fostering.children.tests.factories import ChildFactory
from fostering.geography.models import LocalAuthority, Postcode
from fostering.organisations.tests.factories import LocalAuthorityOrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client):
    client.force_login(placement_officer())
    return client


def _form(child: Child, **changes) -> dict:
    data = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "date_of_birth": child.date_of_birth.strftime("%d/%m/%Y"),
        "sex": child.sex,
        "gender": child.gender,
        "ethnicity": child.ethnicity,
        "religion": child.religion,
        "first_language": child.first_language,
        "other_languages": child.other_languages,
        "home_postcode": child.home_postcode,
        "school_postcode": child.school_postcode,
        "legal_status": child.legal_status,
    }
    return data | changes


def test_an_officer_changes_a_childs_details_and_the_change_is_audited_with_what_changed(officer_client):
    child = ChildFactory(first_name="Jamie", religion="not_known", legal_status="C1")
    url = reverse("children:details-edit", args=[child.pk])
    page = officer_client.get(url).content.decode()
    assert 'value="Jamie"' in page and "Change basic details" in page
    assert AuditEvent.objects.filter(action="read", object_type="children.child", object_id=str(child.pk)).exists()

    response = officer_client.post(
        url,
        _form(
            child,
            first_name="Jamie-Lee",
            date_of_birth="02/03/2016",
            religion="muslim",
            first_language="ar",
            other_languages=["en", "ar", "fr"],
            home_postcode="ct1 2eh",
            legal_status="C2",
        ),
    )
    assert response.status_code == 302 and response["Location"] == reverse("children:detail", args=[child.pk])
    child.refresh_from_db()
    assert child.first_name == "Jamie-Lee" and child.date_of_birth == dt.date(2016, 3, 2)
    assert (child.religion, child.first_language, child.legal_status) == ("muslim", "ar", "C2")
    assert child.other_languages == ["en", "fr"]  # the first language is not listed again
    canterbury = Postcode.objects.get(postcode="CT1 2EH")
    assert child.home_postcode == "CT1 2EH"
    assert (child.home_easting, child.home_northing) == (canterbury.easting, canterbury.northing)

    page = officer_client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert "Jamie-Lee" in page and "Arabic" in page and "English, French" in page and "CT1 2EH" in page

    change = AuditEvent.objects.get(action="update", object_type="children.child", object_id=str(child.pk))
    assert "religion not_known→muslim" in change.detail and "legal_status C1→C2" in change.detail
    assert "first_name" in change.detail and "home_postcode" in change.detail and "date_of_birth" in change.detail
    assert "Jamie-Lee" not in change.detail and "CT1" not in change.detail  # no personal data copied into the log


def test_an_unknown_postcode_gives_an_error_summary_and_saves_nothing(officer_client):
    child = ChildFactory(first_name="Jamie")
    url = reverse("children:details-edit", args=[child.pk])
    response = officer_client.post(url, _form(child, first_name="Changed", home_postcode="ME99 9ZZ"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "We cannot find the postcode ME99 9ZZ" in page
    assert 'href="#id_home_postcode"' in page
    child.refresh_from_db()
    assert child.first_name == "Jamie" and child.home_postcode == "ME14 1AA"
    assert not AuditEvent.objects.filter(action="update", object_type="children.child").exists()


def test_a_malformed_postcode_and_a_future_date_of_birth_are_explained(officer_client):
    child = ChildFactory()
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    response = officer_client.post(
        reverse("children:details-edit", args=[child.pk]),
        _form(child, date_of_birth=tomorrow, school_postcode="not a postcode"),
    )
    page = response.content.decode()
    assert "The date of birth must be today or in the past" in page
    child.refresh_from_db()
    assert child.date_of_birth != dt.date.today() + dt.timedelta(days=1)
    # the postcode is checked once the date is right
    response = officer_client.post(
        reverse("children:details-edit", args=[child.pk]), _form(child, school_postcode="not a postcode")
    )
    assert "is not a valid UK postcode" in response.content.decode()
    child.refresh_from_db()
    assert child.school_postcode == "ME15 6AA"


def test_a_date_of_birth_more_than_25_years_ago_is_refused(officer_client):
    child = ChildFactory()
    response = officer_client.post(
        reverse("children:details-edit", args=[child.pk]), _form(child, date_of_birth="01/01/1990")
    )
    assert "within the last 25 years" in response.content.decode()


def test_clearing_the_home_postcode_clears_where_the_home_is(officer_client):
    child = ChildFactory()
    officer_client.post(reverse("children:details-edit", args=[child.pk]), _form(child, home_postcode=""))
    child.refresh_from_db()
    assert child.home_postcode == "" and child.home_easting is None and child.home_northing is None


def test_another_authoritys_officer_gets_not_found_and_changes_nothing(client):
    child = ChildFactory(first_name="Jamie")
    medway = LocalAuthorityOrganisationFactory(local_authority=LocalAuthority.objects.get(code="E06000035"))
    client.force_login(placement_officer(organisation=medway))
    url = reverse("children:details-edit", args=[child.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _form(child, first_name="Changed")).status_code == 404
    child.refresh_from_db()
    assert child.first_name == "Jamie"


def test_only_placement_officers_may_change_details(client):
    child = ChildFactory()
    url = reverse("children:details-edit", args=[child.pk])
    for user in (commissioner(), fostering_team()):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, _form(child, first_name="Changed")).status_code == 403
    child.refresh_from_db()
    assert child.first_name == "Jamie"


def test_saving_without_changes_records_no_change(officer_client):
    child = ChildFactory()
    response = officer_client.post(reverse("children:details-edit", args=[child.pk]), _form(child))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="update", object_type="children.child").exists()
