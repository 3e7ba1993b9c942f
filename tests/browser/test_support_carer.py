"""A foster carer signs in and reads what they may decide for the child living with them,
and which decisions need the social worker and why."""

import datetime as dt

import pytest

from fostering.accounts.models import Role
from fostering.accounts.tests.factories import PASSWORD, UserFactory, placement_officer
from fostering.children.tests.factories import ChildFactory
from fostering.register.models import CarerAccount
from fostering.register.tests.factories import HouseholdFactory
from fostering.support import delegation
from fostering.support.tests.factories import PlacementFactory, network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_carer_reads_their_delegated_authority(live_server, page, sign_in):
    placement = PlacementFactory(child=ChildFactory(first_name="Maya"))
    household = placement.household
    delegation.record(
        placement_officer(), placement, {"holidays_abroad": "Passport held by the council."}, dt.date.today()
    )
    PlacementFactory(child=ChildFactory(first_name="Zed"))  # another household's child
    hub = HouseholdFactory(fostering_service=household.fostering_service, town="Maidstone")
    network(hub, [household, *[HouseholdFactory(fostering_service=household.fostering_service) for _ in range(5)]])
    carer = UserFactory(roles=[Role.CARER], organisation=household.fostering_service.organisation)
    CarerAccount.objects.create(user=carer, household=household)

    sign_in(carer.username, PASSWORD)
    page.goto(f"{live_server.url}/support/my-delegated-authority/")
    assert page.locator("h1").inner_text() == "What you can decide"
    assert "Maya" in page.locator("h2").first.inner_text()
    assert "Zed" not in page.content()
    decisions = page.locator("[data-testid=delegated-authority]")
    haircuts = decisions.locator(".govuk-summary-list__row", has_text="Haircuts")
    assert "You decide" in haircuts.inner_text()
    abroad = decisions.locator(".govuk-summary-list__row", has_text="Holidays abroad")
    assert "Ask the social worker" in abroad.inner_text()
    assert "Passport held by the council." in abroad.inner_text()
    assert "satellite household" in page.locator("[data-testid=network]").inner_text()
    assert "Maidstone" in page.locator("[data-testid=network]").inner_text()


def test_another_role_cannot_open_the_carers_page(live_server, page, sign_in):
    officer = placement_officer()
    sign_in(officer.username, PASSWORD)
    response = page.goto(f"{live_server.url}/support/my-delegated-authority/")
    assert response.status == 403
