"""In real Chromium: a fostering team member confirms a stale vacancy in one click and sees
it turn fresh; a placement officer searches the register by distance and sees free places
but no carer's name or address."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fostering.accounts.tests.factories import PASSWORD, fostering_team, placement_officer
from fostering.register.tests.factories import HouseholdFactory
from fostering.vacancies.tests.factories import AvailabilityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_fostering_team_confirms_a_vacancy_in_one_click_and_it_turns_fresh(live_server, page, sign_in):
    household = HouseholdFactory(reference="KENT-0042")
    AvailabilityFactory(household=household, last_confirmed_at=timezone.now() - dt.timedelta(days=20))
    team = fostering_team(organisation=household.fostering_service.organisation)
    sign_in(team.username, PASSWORD)
    page.goto(f"{live_server.url}/vacancies/service/")
    row = page.locator(f"tr[data-household='{household.pk}']")
    assert row.locator("[data-testid=freshness]").inner_text() == "Out of date"
    row.get_by_role("button", name="Confirm vacancy for KENT-0042").click()
    page.wait_for_load_state()
    assert "Vacancy for household KENT-0042 confirmed" in page.locator(".govuk-notification-banner").inner_text()
    row = page.locator(f"tr[data-household='{household.pk}']")
    assert row.locator("[data-testid=freshness]").inner_text() == "Confirmed recently"
    assert "Confirmed today" in row.inner_text()


def test_a_placement_officer_searches_by_distance_and_sees_no_carer_names(live_server, page, sign_in):
    near = HouseholdFactory(postcode="ME14 1AA", address_line_1="12 Private Road", capability={"behaviour": 3})
    HouseholdFactory(postcode="CT1 2EH")  # about 40 km away
    carer = near.carers.get()
    officer = placement_officer()
    sign_in(officer.username, PASSWORD)
    page.goto(f"{live_server.url}/register/search/")
    page.fill("#id_postcode", "ME15 6AA")
    page.fill("#id_within_km", "10")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert page.locator("[data-testid=result-count]").inner_text() == "1 household with a free place near ME15 6AA"
    results = page.locator("[data-testid=results]").inner_text()
    assert "ME14" in results and "Behaviour (specialist)" in results
    content = page.content()
    for secret in (carer.first_name, carer.last_name, "12 Private Road", "ME14 1AA", near.reference):
        assert secret not in content, secret
    page.locator("[data-testid=results] a", has_text="ME14").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Household in ME14"
    assert carer.last_name not in page.content() and "12 Private Road" not in page.content()
