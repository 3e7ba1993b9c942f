"""A fostering service sets its own target for concluding allegations on a GOV.UK form
(its own service only, plain-English errors), and the allegations pages show it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from fostering.accounts.models import AuditEvent
from fostering.accounts.tests.factories import administrator, fostering_team, placement_officer
from fostering.organisations.tests.factories import FosteringServiceFactory
from fostering.register.tests.factories import HouseholdFactory
from fostering.support import allegations
from fostering.support.models import AllegationTarget
from fostering.support.tests.factories import AllegationFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
URL = "/support/allegations/target/"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_a_service_team_sets_its_target_and_allegations_are_then_timed_against_it():
    household = HouseholdFactory()
    service = household.fostering_service
    team = fostering_team(organisation=service.organisation)
    allegation = AllegationFactory(household=household, received_on=TODAY - dt.timedelta(days=25))
    c = client_for(team)
    page = c.get(URL).content.decode()
    assert "30 days" in page and "(the default)" in page
    response = c.post(URL, {"service": service.pk, "target_days": "20"})
    assert response.status_code == 302 and response["Location"] == "/support/allegations/"
    assert AllegationTarget.objects.get(fostering_service=service).target_days == 20
    listing = c.get("/support/allegations/").content.decode()
    assert "Target for concluding an allegation" in listing and "20 days" in listing and "(the default)" not in listing
    detail = c.get(f"/support/allegations/{allegation.pk}/").content.decode()
    assert "your service's target is 20 days" in detail and "Past target" in detail
    event = AuditEvent.objects.get(object_type="support.allegationtarget", action="update")
    assert event.username == team.username and "30 -> 20" in event.detail


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the target in days, for example 30"),
        ("thirty", "Enter the target as a whole number of days, for example 30"),
        ("2.5", "Enter the target as a whole number of days, for example 30"),
        ("-3", "Enter the target as a whole number of days, for example 30"),
        ("0", "The target must be at least 1 day"),
        ("400", "The target must be 365 days (one year) or fewer"),
    ],
)
def test_a_bad_target_is_refused_with_a_plain_english_error_summary(typed, message):
    service = FosteringServiceFactory()
    response = client_for(fostering_team(organisation=service.organisation)).post(
        URL, {"service": service.pk, "target_days": typed}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and message in page and "<title>Error:" in page
    assert not AllegationTarget.objects.exists()


def test_a_team_cannot_set_another_services_target():
    mine, theirs = FosteringServiceFactory(), FosteringServiceFactory()
    team = fostering_team(organisation=mine.organisation)
    response = client_for(team).post(URL, {"service": theirs.pk, "target_days": "10"})
    assert "Choose one of your fostering services" in response.content.decode()
    assert not AllegationTarget.objects.exists()
    with pytest.raises(PermissionDenied):
        allegations.set_target(team, theirs, 10)
    with pytest.raises(PermissionDenied):
        allegations.set_target(administrator(), theirs, 10)


def test_only_fostering_teams_reach_the_target_page():
    assert client_for(placement_officer()).get(URL).status_code == 403
    assert client_for(administrator()).get(URL).status_code == 403
    assert Client().get(URL).status_code == 302
