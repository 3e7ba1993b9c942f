"""Allegations: only the household's own service and administrators may read them, every
read is audited, the household is under investigation while any is open, and time to
conclusion is measured against the service's target."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from fostering.accounts.models import AuditEvent
from fostering.accounts.tests.factories import administrator, analyst, fostering_team, placement_officer
from fostering.register.models import HouseholdStatus, HouseholdStatusChange
from fostering.register.tests.factories import HouseholdFactory
from fostering.support import allegations
from fostering.support.models import Allegation, AllegationTarget
from fostering.support.tests.factories import AllegationFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def team_of(household):
    return fostering_team(organisation=household.fostering_service.organisation)


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def record(user, household, days_ago=10, **kw):
    fields = {
        "received_on": TODAY - dt.timedelta(days=days_ago),
        "category": "physical",
        "summary": "",
        "investigating_officer": "LADO",
        "independent_support_offered": True,
        "independent_support_worker": "Fosterline",
    }
    return allegations.open_allegation(user, household, **{**fields, **kw})  # fmt: skip


def test_an_open_allegation_puts_the_household_under_investigation_until_the_last_one_concludes():
    household = HouseholdFactory()
    team = team_of(household)
    first, second = record(team, household, 20), record(team, household, 5)
    household.refresh_from_db()
    assert household.status == HouseholdStatus.UNDER_INVESTIGATION
    assert HouseholdStatusChange.objects.filter(household=household).count() == 1
    allegations.conclude(team, first, outcome="unfounded", concluded_on=TODAY)
    household.refresh_from_db()
    assert household.status == HouseholdStatus.UNDER_INVESTIGATION  # the second is still open
    allegations.conclude(team, second, outcome="false", concluded_on=TODAY)
    household.refresh_from_db()
    assert household.status == HouseholdStatus.ACTIVE
    assert list(HouseholdStatusChange.objects.filter(household=household).values_list("status", flat=True)) == [
        "under_investigation", "active"]  # fmt: skip


def test_the_service_may_decide_the_household_does_not_return_to_active():
    household = HouseholdFactory()
    team = team_of(household)
    allegation = record(team, household)
    allegations.conclude(team, allegation, outcome="substantiated", concluded_on=TODAY, status_after="deregistered")
    household.refresh_from_db()
    assert household.status == HouseholdStatus.DEREGISTERED


def test_a_conclusion_needs_an_outcome_and_a_date_not_before_receipt():
    household = HouseholdFactory()
    team = team_of(household)
    allegation = record(team, household, 5)
    with pytest.raises(ValidationError):
        allegations.conclude(team, allegation, outcome="", concluded_on=TODAY)
    with pytest.raises(ValidationError):
        allegations.conclude(team, allegation, outcome="unfounded", concluded_on=TODAY - dt.timedelta(days=6))
    allegations.conclude(team, allegation, outcome="unfounded", concluded_on=TODAY)
    with pytest.raises(ValidationError):
        allegations.conclude(team, allegation, outcome="malicious", concluded_on=TODAY)


def test_another_service_cannot_record_see_or_conclude_an_allegation():
    household = HouseholdFactory()
    allegation = AllegationFactory(household=household)
    other = fostering_team()
    with pytest.raises(PermissionDenied):
        record(other, household)
    with pytest.raises(PermissionDenied):
        allegations.conclude(other, allegation, outcome="false", concluded_on=TODAY)
    assert not allegations.visible(other).exists()
    for outsider in (other, placement_officer()):
        c = client_for(outsider)
        assert c.get(f"/support/allegations/{allegation.pk}/").status_code in (403, 404)
        assert c.get(f"/api/support/allegations/{allegation.pk}").status_code in (403, 404)
    assert client_for(other).get(f"/support/allegations/{allegation.pk}/").status_code == 404
    assert client_for(other).get(f"/api/support/allegations/{allegation.pk}").status_code == 404
    assert client_for(analyst()).get("/api/support/allegations").status_code == 403


def test_every_read_by_the_service_or_an_administrator_is_audited():
    household = HouseholdFactory()
    allegation = AllegationFactory(household=household)
    team = team_of(household)
    assert client_for(team).get(f"/support/allegations/{allegation.pk}/").status_code == 200
    assert client_for(team).get("/support/allegations/").status_code == 200
    assert client_for(administrator()).get(f"/api/support/allegations/{allegation.pk}").status_code == 200
    reads = AuditEvent.objects.filter(object_type="support.allegation", object_id=str(allegation.pk), action="read")
    assert reads.count() == 3
    assert {e.username for e in reads} >= {team.username}


def test_time_to_conclusion_is_measured_against_the_services_target():
    household = HouseholdFactory()
    AllegationTarget.objects.create(fostering_service=household.fostering_service, target_days=20)
    quick = AllegationFactory(household=household, received_on=TODAY - dt.timedelta(days=40),
                              concluded_on=TODAY - dt.timedelta(days=25), outcome="unfounded")  # fmt: skip
    slow = AllegationFactory(household=household, received_on=TODAY - dt.timedelta(days=60),
                             concluded_on=TODAY - dt.timedelta(days=30), outcome="false")  # fmt: skip
    overdue = AllegationFactory(household=household, received_on=TODAY - dt.timedelta(days=21))
    allegations.annotate_timing([quick, slow, overdue], TODAY)
    assert (quick.days, quick.within_target) == (15, True)
    assert (slow.days, slow.within_target) == (30, False)
    assert (overdue.days, overdue.within_target) == (21, False)
    other = AllegationFactory()  # a service with no target of its own: the default, 30 days
    allegations.annotate_timing([other], TODAY)
    assert other.target_days == 30
    per_service, england = allegations.figures(team_of(household), today=TODAY)
    [row] = per_service.rows
    assert (row["received"], row["concluded"], row["within_target"], row["overdue"]) == (3, 2, 1, 1)
    assert row["mean_days"] == 22.5 and row["share_within_target"] == 0.5
    # England (4 allegations) is suppressed for everyone; an analyst sees no service's small counts.
    assert england.rows[0]["received"] is None and "received" in england.rows[0]["suppressed"]
    analyst_rows, _ = allegations.figures(analyst(), today=TODAY)
    assert all(r["received"] is None for r in analyst_rows.rows)


def test_figures_show_england_once_there_are_enough():
    for _ in range(5):
        AllegationFactory(
            received_on=TODAY - dt.timedelta(days=50), concluded_on=TODAY - dt.timedelta(days=30), outcome="unfounded"
        )
    _, england = allegations.figures(analyst(), today=TODAY)
    assert england.rows[0]["received"] == 5 and england.rows[0]["within_target"] == 5
    assert england.rows[0]["unfounded"] == 5 and england.rows[0]["malicious"] is None


def test_the_service_records_an_allegation_through_its_form():
    household = HouseholdFactory()
    c = client_for(team_of(household))
    empty = c.post(f"/support/households/{household.pk}/allegations/new/", {})
    assert "Choose the category of the allegation" in empty.content.decode()
    done = c.post(f"/support/households/{household.pk}/allegations/new/", {
        "received_on": (TODAY - dt.timedelta(days=3)).isoformat(), "category": "neglect", "investigating_officer": "LADO",
        "independent_support_offered": "True", "independent_support_worker": "Fosterline",
    })  # fmt: skip
    assert done.status_code == 302
    assert Allegation.objects.get().household == household
    assert client_for(fostering_team()).get(f"/support/households/{household.pk}/allegations/new/").status_code == 404
