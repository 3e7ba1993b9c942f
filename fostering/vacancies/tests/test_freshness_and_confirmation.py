"""Every vacancy says when it was last confirmed and by whom; it turns amber after 7 days
and red after 14 (settings), and the household's service or carers confirm it in one click."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fostering.accounts.models import Role
from fostering.accounts.tests.factories import UserFactory, fostering_team, placement_officer
from fostering.register.models import CarerAccount
from fostering.register.tests.factories import HouseholdFactory
from fostering.vacancies.freshness import Freshness, describe, freshness_of
from fostering.vacancies.services import confirm_availability, update_availability

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(dt.datetime(2026, 11, 20, 12, 0))


@pytest.mark.parametrize(
    "days_ago, expected",
    [(0, Freshness.FRESH), (6.9, Freshness.FRESH), (7, Freshness.AMBER), (13.9, Freshness.AMBER), (14, Freshness.RED)],
)
def test_a_vacancy_turns_amber_after_7_days_and_red_after_14(days_ago, expected):
    assert freshness_of(NOW - dt.timedelta(days=days_ago), now=NOW) == expected


def test_a_vacancy_never_confirmed_is_red():
    assert freshness_of(None, now=NOW) == Freshness.RED
    assert describe(None) == "Never confirmed"


def test_the_thresholds_come_from_settings(settings):
    settings.VACANCY_AMBER_AFTER_DAYS = 2
    settings.VACANCY_RED_AFTER_DAYS = 3
    assert freshness_of(NOW - dt.timedelta(days=2), now=NOW) == Freshness.AMBER
    assert freshness_of(NOW - dt.timedelta(days=3), now=NOW) == Freshness.RED


def test_the_households_team_confirms_in_one_call_and_who_and_when_are_recorded():
    household = HouseholdFactory()
    team = fostering_team(organisation=household.fostering_service.organisation)
    availability = confirm_availability(team, household, now=NOW)
    assert availability.last_confirmed_by == team and availability.last_confirmed_at == NOW
    assert freshness_of(availability.last_confirmed_at, now=NOW + dt.timedelta(hours=1)) == Freshness.FRESH


def test_a_carer_confirms_their_own_household_but_not_anyone_elses():
    household, other = HouseholdFactory(), HouseholdFactory()
    carer = UserFactory(roles=[Role.CARER], organisation=household.fostering_service.organisation)
    CarerAccount.objects.create(user=carer, household=household, carer=household.carers.first())
    confirm_availability(carer, household)
    with pytest.raises(PermissionDenied):
        confirm_availability(carer, other)
    with pytest.raises(PermissionDenied):
        confirm_availability(placement_officer(), household)
    with pytest.raises(PermissionDenied):
        confirm_availability(fostering_team(), household)  # another agency's team


def test_declaring_temporary_unavailability_needs_a_reason_and_confirms_it():
    household = HouseholdFactory()
    team = fostering_team(organisation=household.fostering_service.organisation)
    with pytest.raises(ValidationError, match="Say why"):
        update_availability(team, household, available_from=None, available_until=None, temporarily_unavailable=True)
    with pytest.raises(ValidationError, match="on or after"):
        update_availability(
            team, household, available_from=dt.date(2026, 12, 1), available_until=dt.date(2026, 11, 1),
            temporarily_unavailable=False,
        )  # fmt: skip
    a = update_availability(
        team, household, available_from=None, available_until=None, temporarily_unavailable=True,
        unavailable_reason="Carer in hospital", now=NOW,
    )  # fmt: skip
    assert a.temporarily_unavailable and a.unavailable_reason == "Carer in hospital" and a.last_confirmed_at == NOW
