"""Carers say what they would like (ages, sibling groups) from "my household"; the household's
fostering team records preferences too, adds a second carer and corrects a carer's details.
Forms explain problems in plain English; reading and changing carers' details is audited;
nobody outside the household's service (or the household itself) gets in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fostering.accounts.models import AuditEvent, Role
from fostering.accounts.tests.factories import UserFactory, administrator, fostering_team, placement_officer
from fostering.core.dates import years_before
from fostering.register import services
from fostering.register.models import Carer, CarerAccount, CarerPreferences
from fostering.register.tests.factories import CarerFactory, HouseholdFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def household():
    return HouseholdFactory()


@pytest.fixture
def team(household):
    return fostering_team(organisation=household.fostering_service.organisation)


def carer_of(household):
    user = UserFactory(roles=[Role.CARER])
    CarerAccount.objects.create(user=user, household=household, carer=household.carers.first())
    return user


NEW_CARER = {
    "first_name": "Priya", "last_name": "Shah", "date_of_birth": "03/04/1980", "gender": "female",
    "ethnicity": "AIND", "religion": "hindu", "languages": ["en", "gu"], "fostering_since": "01/09/2021",
}  # fmt: skip


# ---- carers' preferences ---------------------------------------------------------------


def test_a_carer_changes_their_households_preferences_from_my_household(client, household):
    carer = carer_of(household)
    client.force_login(carer)
    page = client.get("/register/my-household/").content.decode()
    assert 'href="/register/my-household/preferences/"' in page
    response = client.post(
        "/register/my-household/preferences/",
        {"preferred_age_min": "5", "preferred_age_max": "11", "max_sibling_group": "2", "notes": "We love football"},
    )
    assert response.status_code == 302 and response["Location"] == "/register/my-household/"
    prefs = CarerPreferences.objects.get(household=household)
    assert (prefs.preferred_age_min, prefs.preferred_age_max, prefs.max_sibling_group) == (5, 11, 2)
    assert prefs.notes == "We love football"
    assert AuditEvent.objects.filter(user=carer, action="update", object_type="register.carerpreferences").exists()
    page = client.get("/register/my-household/").content.decode()
    assert "Children aged 5 to 11; a sibling group of up to 2." in page and "We love football" in page


def test_a_carer_is_told_in_plain_english_when_the_preferences_do_not_add_up(client, household):
    client.force_login(carer_of(household))
    page = client.post(
        "/register/my-household/preferences/",
        {"preferred_age_min": "12", "preferred_age_max": "4", "max_sibling_group": "0"},
    ).content.decode()
    assert "govuk-error-summary" in page
    assert "The oldest age must be the same as or above the youngest age" in page
    assert "The largest sibling group must be 1 or more" in page
    page = client.post("/register/my-household/preferences/", {"preferred_age_min": "lots"}).content.decode()
    assert "Enter the youngest age as a whole number, like 5" in page
    assert "Enter the oldest age, from 0 to 21" in page
    prefs = CarerPreferences.objects.get(household=household)
    assert (prefs.preferred_age_min, prefs.preferred_age_max, prefs.max_sibling_group) == (0, 18, 1)


def test_a_carer_without_recorded_preferences_can_set_them(client):
    household = HouseholdFactory()
    CarerPreferences.objects.filter(household=household).delete()  # e.g. a household imported without them
    client.force_login(carer_of(household))
    assert "No preferences recorded yet" in client.get("/register/my-household/").content.decode()
    client.post("/register/my-household/preferences/",
                {"preferred_age_min": "0", "preferred_age_max": "4", "max_sibling_group": "3"})  # fmt: skip
    assert CarerPreferences.objects.get(household=household).preferred_age_max == 4


def test_a_carer_cannot_change_another_households_preferences(client, household):
    other = HouseholdFactory()
    client.force_login(carer_of(household))
    assert client.get(f"/register/households/{other.pk}/preferences/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.update_preferences(carer_of(household), other, {"max_sibling_group": 3})


def test_the_households_service_records_the_carers_preferences_and_other_services_cannot(client, household, team):
    client.force_login(team)
    page = client.get(f"/register/households/{household.pk}/").content.decode()
    assert f'href="/register/households/{household.pk}/preferences/"' in page
    response = client.post(f"/register/households/{household.pk}/preferences/",
                           {"preferred_age_min": "11", "preferred_age_max": "17", "max_sibling_group": "1"})  # fmt: skip
    assert response["Location"] == f"/register/households/{household.pk}/"
    assert CarerPreferences.objects.get(household=household).preferred_age_min == 11
    client.force_login(fostering_team())
    assert client.get(f"/register/households/{household.pk}/preferences/").status_code == 403
    client.force_login(placement_officer())
    assert client.get(f"/register/households/{household.pk}/preferences/").status_code == 403


# ---- a second carer, and a carer's details ------------------------------------------------


def test_a_fostering_team_adds_a_second_carer_after_fixing_mistakes(client, household, team):
    client.force_login(team)
    page = client.get(f"/register/households/{household.pk}/").content.decode()
    assert f'href="/register/households/{household.pk}/carers/new/"' in page
    page = client.post(f"/register/households/{household.pk}/carers/new/",
                       {**NEW_CARER, "first_name": "", "date_of_birth": "31/02/1980", "languages": []}).content.decode()  # fmt: skip
    assert "govuk-error-summary" in page
    assert "Enter the carer&#x27;s first name" in page
    assert "Enter the date of birth as dd/mm/yyyy" in page
    assert "Choose at least one language" in page
    assert household.carers.count() == 1
    response = client.post(f"/register/households/{household.pk}/carers/new/", NEW_CARER)
    assert response.status_code == 302
    priya = household.carers.get(first_name="Priya")
    assert (priya.date_of_birth, priya.ethnicity, priya.religion, priya.languages) == (
        dt.date(1980, 4, 3), "AIND", "hindu", ["en", "gu"])  # fmt: skip
    assert AuditEvent.objects.filter(user=team, action="create", object_type="register.carer",
                                     object_id=str(priya.pk)).exists()  # fmt: skip
    page = client.get(f"/register/households/{household.pk}/").content.decode()
    assert "Priya Shah" in page
    assert "Add a second carer" not in page  # two carers now: the most a household has


def test_a_household_with_two_carers_cannot_have_a_third(client, household, team):
    CarerFactory(household=household)
    client.force_login(team)
    page = client.get(f"/register/households/{household.pk}/carers/new/").content.decode()
    assert "already has two carers" in page
    client.post(f"/register/households/{household.pk}/carers/new/", NEW_CARER)
    assert household.carers.count() == 2
    with pytest.raises(ValidationError, match="already has 2 carers"):
        services.add_carer(team, household, {**services_carer(), "first_name": "Third"})


def services_carer() -> dict:
    return {"first_name": "Sam", "last_name": "Okoro", "date_of_birth": dt.date(1979, 1, 1), "gender": "male",
            "ethnicity": "BAFR", "religion": "christian", "languages": ["en"], "fostering_since": dt.date(2020, 1, 1)}  # fmt: skip


def test_a_carer_must_be_an_adult_and_first_approved_after_birth(household, team):
    today = dt.date.today()
    with pytest.raises(ValidationError, match="18 or over"):
        services.add_carer(team, household, {**services_carer(), "date_of_birth": years_before(today, 17)})
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.add_carer(team, household, {**services_carer(), "fostering_since": today + dt.timedelta(days=3)})
    with pytest.raises(ValidationError, match="Choose languages from the list"):
        services.add_carer(team, household, {**services_carer(), "languages": ["xx"]})
    assert household.carers.count() == 1


def test_a_fostering_team_corrects_a_carers_details_and_the_read_and_the_change_are_audited(client, household, team):
    carer = household.carers.get()
    client.force_login(team)
    url = f"/register/households/{household.pk}/carers/{carer.pk}/"
    page = client.get(url).content.decode()
    assert carer.first_name in page and 'value="17/05/1975"' in page
    assert AuditEvent.objects.filter(user=team, action="read", object_type="register.carer",
                                     object_id=str(carer.pk)).exists()  # fmt: skip
    data = {"first_name": carer.first_name, "last_name": "Robinson-Lee", "date_of_birth": "17/05/1975",
            "gender": "female", "ethnicity": "WBRI", "religion": "none", "languages": ["en", "fr"],
            "fostering_since": "01/03/2015"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    carer.refresh_from_db()
    assert (carer.last_name, carer.religion, carer.languages) == ("Robinson-Lee", "none", ["en", "fr"])
    assert AuditEvent.objects.filter(user=team, action="update", object_id=str(carer.pk)).exists()


def test_nobody_outside_the_households_service_sees_or_changes_its_carers(client, household):
    carer = household.carers.get()
    url = f"/register/households/{household.pk}/carers/{carer.pk}/"
    for outsider in (fostering_team(), placement_officer(), carer_of(HouseholdFactory()), carer_of(household)):
        client.force_login(outsider)
        assert client.get(url).status_code in (403, 404), outsider.username
        assert client.post(url, {"last_name": "Changed"}).status_code in (403, 404), outsider.username
        assert client.get(f"/register/households/{household.pk}/carers/new/").status_code in (403, 404)
        assert carer.first_name not in client.get(url).content.decode()
    carer.refresh_from_db()
    assert carer.last_name == "Robinson"
    assert not AuditEvent.objects.filter(object_type="register.carer").exists()


def test_a_carer_of_another_household_cannot_be_reached_through_this_one(client, household, team):
    elsewhere = HouseholdFactory(fostering_service=household.fostering_service)
    client.force_login(team)
    stranger = elsewhere.carers.get()
    assert client.get(f"/register/households/{household.pk}/carers/{stranger.pk}/").status_code == 404
    assert Carer.objects.get(pk=stranger.pk).household_id == elsewhere.pk


# ---- links to the support pages --------------------------------------------------------------


def test_household_pages_link_to_support_only_for_users_who_may_see_it(client, household, team):
    support = f'href="/support/households/{household.pk}/"'
    delegated = 'href="/support/my-delegated-authority/"'
    client.force_login(team)
    page = client.get(f"/register/households/{household.pk}/").content.decode()
    assert support in page and delegated not in page
    assert client.get(f"/support/households/{household.pk}/").status_code == 200
    client.force_login(placement_officer())
    page = client.get(f"/register/households/{household.pk}/").content.decode()
    assert support not in page and delegated not in page
    carer = carer_of(household)
    client.force_login(carer)
    page = client.get("/register/my-household/").content.decode()
    assert delegated in page and support not in page
    assert client.get("/support/my-delegated-authority/").status_code == 200
    client.force_login(administrator())
    page = client.get(f"/register/households/{household.pk}/").content.decode()
    assert support in page


def test_a_carer_on_their_household_page_sees_no_buttons_that_only_the_service_may_use(client, household):
    client.force_login(carer_of(household))
    page = client.get(f"/register/households/{household.pk}/").content.decode()
    assert "Transfer to another service" not in page and "/carers/new/" not in page
    assert 'href="/register/my-household/preferences/"' in page
