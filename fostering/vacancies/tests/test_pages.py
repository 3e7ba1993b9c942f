"""The service confirms vacancies in one click; carers confirm and update their own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fostering.accounts.models import Role
from fostering.accounts.tests.factories import UserFactory, fostering_team
from fostering.register.models import CarerAccount
from fostering.register.tests.factories import HouseholdFactory
from fostering.vacancies.models import Availability
from fostering.vacancies.tests.factories import AvailabilityFactory

pytestmark = pytest.mark.django_db


def test_a_team_confirms_a_stale_vacancy_in_one_click_and_it_turns_fresh(client):
    household = HouseholdFactory()
    AvailabilityFactory(household=household, last_confirmed_at=timezone.now() - dt.timedelta(days=20))
    team = fostering_team(organisation=household.fostering_service.organisation)
    client.force_login(team)
    page = client.get("/vacancies/service/?stale=1").content.decode()
    assert household.reference in page and "Out of date" in page
    response = client.post(f"/vacancies/households/{household.pk}/confirm/", {"next": "/vacancies/service/"})
    assert response.status_code == 302
    availability = Availability.objects.get(household=household)
    assert availability.last_confirmed_by == team
    assert timezone.now() - availability.last_confirmed_at < dt.timedelta(minutes=1)
    page = client.get("/vacancies/service/").content.decode()
    assert "Confirmed recently" in page and "Confirmed today" in page


def test_confirming_needs_a_post_and_another_services_household_is_not_found(client):
    household = HouseholdFactory()
    client.force_login(fostering_team())
    assert client.get(f"/vacancies/households/{household.pk}/confirm/").status_code == 405
    assert client.post(f"/vacancies/households/{household.pk}/confirm/").status_code == 404


def test_a_carer_updates_their_availability_with_a_reason(client):
    household = HouseholdFactory()
    carer = UserFactory(roles=[Role.CARER], organisation=household.fostering_service.organisation)
    CarerAccount.objects.create(user=carer, household=household, carer=household.carers.get())
    client.force_login(carer)
    assert "My availability" in client.get("/vacancies/my-availability/").content.decode()
    page = client.post("/vacancies/my-availability/", {"temporarily_unavailable": "on"}).content.decode()
    assert "govuk-error-summary" in page and "Say why" in page
    response = client.post(
        "/vacancies/my-availability/", {"temporarily_unavailable": "on", "unavailable_reason": "Holiday in May"}
    )
    assert response.status_code == 302
    a = Availability.objects.get(household=household)
    assert a.temporarily_unavailable and a.unavailable_reason == "Holiday in May" and a.last_confirmed_by == carer
    response = client.post("/vacancies/my-availability/", {"available_from": "01/12/2026"})
    a.refresh_from_db()
    assert a.available_from == dt.date(2026, 12, 1) and not a.temporarily_unavailable


def test_a_placement_officer_holds_a_place_from_the_household_page_and_releases_it(client):
    from fostering.accounts.tests.factories import placement_officer
    from fostering.vacancies.models import Hold
    from fostering.vacancies.tests.factories import referral_for
    from fostering.vacancies.tests.invariants import assert_place_invariants

    household = HouseholdFactory(beds_for_fostering=1)
    officer = placement_officer()
    referral = referral_for(1)
    client.force_login(officer)
    assert "Hold a place" in client.get(f"/register/households/{household.pk}/").content.decode()
    page = client.post(f"/vacancies/households/{household.pk}/hold/", {}).content.decode()
    assert "Choose the referral, or give your own reference" in page
    response = client.post(f"/vacancies/households/{household.pk}/hold/", {"referral": referral.pk})
    assert response.status_code == 302
    hold = Hold.objects.get()
    assert hold.referral == referral and hold.held_by == officer
    colleague = placement_officer(organisation=officer.organisation)
    client.force_login(colleague)
    page = client.post(f"/vacancies/households/{household.pk}/hold/", {"officer_reference": "K-9"}).content.decode()
    assert "govuk-error-summary" in page and "has no place free" in page
    assert referral.reference in client.get("/vacancies/holds/").content.decode()
    client.post(f"/vacancies/holds/{hold.pk}/release/")
    hold.refresh_from_db()
    assert hold.released_at is not None
    assert_place_invariants(household)


def test_placement_officers_find_their_holds_in_the_navigation_and_others_do_not(client):
    from fostering.accounts.tests.factories import placement_officer

    client.force_login(placement_officer())
    assert 'href="/vacancies/holds/"' in client.get("/").content.decode()
    client.force_login(fostering_team())
    assert 'href="/vacancies/holds/"' not in client.get("/").content.decode()
