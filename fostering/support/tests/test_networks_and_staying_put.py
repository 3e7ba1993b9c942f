"""Peer-support networks (hub plus 6 to 10 satellites, analytics inside vs outside) and
Staying Put lists (who turns 18 in the next 12 months without a plan)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from fostering.accounts.tests.factories import analyst, fostering_team, placement_officer
from fostering.children.tests.factories import ChildFactory
from fostering.core.dates import years_before
from fostering.organisations.tests.factories import (
    MEDWAY,
    FosteringServiceFactory,
    LocalAuthorityOrganisationFactory,
    authority,
)
from fostering.register.models import HouseholdStatus
from fostering.register.tests.factories import HouseholdFactory
from fostering.support import networks, staying_put
from fostering.support.tests.factories import PlacementFactory, StayingPutIntentionFactory, network

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def households(n, service):
    return [HouseholdFactory(fostering_service=service) for _ in range(n)]


def test_a_network_has_a_hub_and_6_to_10_satellites_of_the_same_service():
    service = FosteringServiceFactory()
    team = fostering_team(organisation=service.organisation)
    hub, *sats = households(12, service)
    with pytest.raises(ValidationError, match="between 6 and 10"):
        networks.create_network(team, name="N", hub=hub, satellites=sats[:5], started_on=TODAY)
    with pytest.raises(ValidationError, match="between 6 and 10"):
        networks.create_network(team, name="N", hub=hub, satellites=sats[:11], started_on=TODAY)
    outsider = HouseholdFactory()
    with pytest.raises(ValidationError, match="hub's fostering service"):
        networks.create_network(team, name="N", hub=hub, satellites=[*sats[:5], outsider], started_on=TODAY)
    n = networks.create_network(team, name="Maidstone", hub=hub, satellites=sats[:6], started_on=TODAY)
    assert networks.network_of(hub) == {"network": n, "role": "hub", "size": 7}
    assert networks.network_of(sats[0])["role"] == "satellite"
    assert networks.network_of(sats[8]) is None
    with pytest.raises(ValidationError, match="already in a network"):
        networks.create_network(team, name="Again", hub=sats[7], satellites=sats[:6], started_on=TODAY)


def test_analytics_compare_stability_and_retention_inside_and_outside_networks():
    service = FosteringServiceFactory()
    hub, *sats = households(7, service)
    network(hub, sats)
    outside = households(6, service)
    for h in outside[:3]:
        h.status = HouseholdStatus.RESIGNED
        h.save()
    for h in [hub, *sats[:5]]:  # six placements ended inside, one unplanned
        PlacementFactory(household=h, ended_on=TODAY - dt.timedelta(days=10), reason_place_change="CARPL")
    PlacementFactory(household=sats[5], ended_on=TODAY - dt.timedelta(days=10), reason_place_change="CREQB")
    for h in outside[3:]:
        PlacementFactory(household=h, ended_on=TODAY - dt.timedelta(days=10), reason_place_change="CHILD")
    mine, england = networks.analytics(fostering_team(organisation=service.organisation))
    inside, outside_row = mine.rows
    assert (inside["households"], inside["left"], inside["retention"]) == (7, 0, 1.0)
    assert (inside["endings"], inside["unplanned"]) == (7, 1)
    assert (outside_row["households"], outside_row["left"], outside_row["retention"]) == (6, 3, 0.5)
    assert (outside_row["endings"], outside_row["unplanned"], outside_row["unplanned_share"]) == (3, 3, 1.0)
    # England: fewer-than-5 counts hidden for everyone (3 left, 3 endings outside).
    _, england_outside = england.rows
    assert england_outside["left"] is None and england_outside["unplanned_share"] is None
    _, analyst_england = networks.analytics(analyst())
    assert analyst_england.rows[0]["households"] >= 7


def years_ago(years, days=0):
    return years_before(TODAY, years) + dt.timedelta(days=days)


def test_the_authority_sees_who_turns_18_within_a_year_without_a_plan():
    officer = placement_officer()
    request = RequestFactory().get("/")
    request.user = officer
    no_plan = PlacementFactory(child=ChildFactory(date_of_birth=years_ago(17, -30))).child  # turns 18 in 11 months
    undecided = PlacementFactory(child=ChildFactory(date_of_birth=years_ago(17, -100))).child
    StayingPutIntentionFactory(child=undecided, intention="undecided", reasons="Thinking")
    planned = PlacementFactory(child=ChildFactory(date_of_birth=years_ago(17, -60))).child
    StayingPutIntentionFactory(
        child=planned, intention="undecided", discussed_on=TODAY - dt.timedelta(days=90), reasons="x"
    )
    StayingPutIntentionFactory(child=planned, intention="wants_to_stay", discussed_on=TODAY - dt.timedelta(days=5))
    later = PlacementFactory(child=ChildFactory(date_of_birth=years_ago(16, -10))).child  # 16, turns 18 in ~2 years
    PlacementFactory(child=ChildFactory(date_of_birth=years_ago(15)))  # too young to list
    ChildFactory(date_of_birth=years_ago(17, -30))  # not in foster care
    listed = staying_put.young_people(request)
    assert {c.pk for c in listed} == {no_plan.pk, undecided.pk, planned.pk, later.pk}
    assert [c.pk for c in staying_put.without_plan_turning_18(request)] == [undecided.pk, no_plan.pk]
    medway = placement_officer(organisation=LocalAuthorityOrganisationFactory(local_authority=authority(MEDWAY)))
    request.user = medway
    assert staying_put.young_people(request) == []


def test_reasons_are_needed_unless_the_young_person_wants_to_stay():
    officer = placement_officer()
    child = ChildFactory(date_of_birth=years_ago(17))
    with pytest.raises(ValidationError):
        staying_put.record(officer, child, intention="not_possible", reasons=" ", discussed_on=TODAY)
    staying_put.record(officer, child, intention="wants_to_stay", reasons="", discussed_on=TODAY)
    assert child.staying_put_intentions.count() == 1
