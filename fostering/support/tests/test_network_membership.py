"""Network membership changes after a network starts: satellites join and leave, the hub
carer household changes, all dated and kept as history, so stability and retention
analytics still count a household that left for its time in the network."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from fostering.accounts.models import AuditEvent
from fostering.accounts.tests.factories import fostering_team
from fostering.organisations.tests.factories import FosteringServiceFactory
from fostering.register.models import HouseholdStatus
from fostering.register.tests.factories import HouseholdFactory
from fostering.support import networks
from fostering.support.models import PeerNetworkHub, PeerNetworkMember
from fostering.support.tests.factories import PlacementFactory, network

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture
def setup():
    service = FosteringServiceFactory()
    team = fostering_team(organisation=service.organisation)
    hub, *sats = [HouseholdFactory(fostering_service=service) for _ in range(10)]
    n = networks.create_network(team, name="Medway", hub=hub, satellites=sats[:6], started_on=days_ago(400))
    return service, team, n, hub, sats


def test_a_satellite_leaves_and_keeps_its_past_membership(setup):
    _, team, n, _, sats = setup
    networks.remove_satellite(team, n, sats[0], days_ago(100))
    member = PeerNetworkMember.objects.get(network=n, household=sats[0])
    assert member.left_on == days_ago(100)
    assert networks.network_of(sats[0]) is None
    assert sats[0].pk in networks.in_network_ids(days_ago(150))
    assert sats[0].pk not in networks.in_network_ids(days_ago(50))
    assert sats[0].pk in networks.in_network_ids()  # ever
    assert AuditEvent.objects.filter(object_type="support.peernetwork", detail__contains="left").exists()


def test_a_household_joins_and_can_rejoin_after_leaving(setup):
    _, team, n, _, sats = setup
    networks.add_satellite(team, n, sats[6], days_ago(30))
    assert networks.network_of(sats[6])["role"] == "satellite"
    networks.remove_satellite(team, n, sats[6], days_ago(20))
    networks.add_satellite(team, n, sats[6], days_ago(10))
    assert PeerNetworkMember.objects.filter(network=n, household=sats[6]).count() == 2
    with pytest.raises(ValidationError, match="already in a network"):
        networks.add_satellite(team, n, sats[6], days_ago(5))


def test_joining_is_refused_with_reasons(setup):
    service, team, n, hub, sats = setup
    with pytest.raises(ValidationError, match="already in a network"):
        networks.add_satellite(team, n, sats[1], days_ago(5))
    with pytest.raises(ValidationError, match="network's fostering service"):
        networks.add_satellite(team, n, HouseholdFactory(), days_ago(5))
    with pytest.raises(ValidationError, match="before the network started"):
        networks.add_satellite(team, n, sats[6], days_ago(500))
    with pytest.raises(ValidationError, match="cannot be in the future"):
        networks.add_satellite(team, n, sats[6], TODAY + dt.timedelta(days=1))
    resigned = HouseholdFactory(fostering_service=service, status=HouseholdStatus.RESIGNED)
    with pytest.raises(ValidationError, match="not active"):
        networks.add_satellite(team, n, resigned, days_ago(5))
    for h in sats[6:9]:
        networks.add_satellite(team, n, h, days_ago(5))
    extra = [HouseholdFactory(fostering_service=service) for _ in range(2)]
    networks.add_satellite(team, n, extra[0], days_ago(5))  # the tenth
    with pytest.raises(ValidationError, match="at most 10"):
        networks.add_satellite(team, n, extra[1], days_ago(5))
    with pytest.raises(ValidationError, match="before they joined"):
        networks.remove_satellite(team, n, extra[0], days_ago(6))
    with pytest.raises(PermissionDenied):
        networks.add_satellite(fostering_team(), n, extra[1], days_ago(5))


def test_the_hub_changes_to_a_satellite_and_the_former_hub_stays_as_a_satellite(setup):
    _, team, n, hub, sats = setup
    networks.change_hub(team, n, sats[0], days_ago(60), former_hub_stays=True)
    n.refresh_from_db()
    assert n.hub == sats[0]
    assert networks.network_of(sats[0])["role"] == "hub"
    assert networks.network_of(hub)["role"] == "satellite"
    assert networks.network_of(hub)["size"] == 7
    terms = list(PeerNetworkHub.objects.filter(network=n).values_list("household_id", "from_on", "until_on"))
    assert terms == [(hub.pk, days_ago(400), days_ago(60)), (sats[0].pk, days_ago(60), None)]
    # sats[0] was in the network throughout: as a satellite, then as the hub.
    assert all(sats[0].pk in networks.in_network_ids(d) for d in (days_ago(61), days_ago(60), TODAY))
    history = [(e["household"].pk, e["what"]) for e in networks.history(n)][:4]
    assert (sats[0].pk, "became the hub carer household") in history and (hub.pk, "stopped being the hub") in history


def test_the_former_hub_can_leave_and_an_outside_household_become_hub(setup):
    service, team, n, hub, sats = setup
    newcomer = HouseholdFactory(fostering_service=service)
    networks.change_hub(team, n, newcomer, days_ago(30), former_hub_stays=False)
    assert networks.network_of(hub) is None
    assert hub.pk in networks.in_network_ids(days_ago(31)) and hub.pk not in networks.in_network_ids(TODAY)
    assert newcomer.pk not in networks.in_network_ids(days_ago(31))
    with pytest.raises(ValidationError, match="already the hub"):
        networks.change_hub(team, n, newcomer, TODAY, former_hub_stays=True)
    with pytest.raises(ValidationError, match="before the current hub started"):
        networks.change_hub(team, n, sats[1], days_ago(40), former_hub_stays=True)


def test_a_network_from_before_hub_history_can_change_its_hub():
    service = FosteringServiceFactory()
    team = fostering_team(organisation=service.organisation)
    hub, *sats = [HouseholdFactory(fostering_service=service) for _ in range(7)]
    n = network(hub, sats, started_on=days_ago(200))  # no hub rows, as before the change
    assert hub.pk in networks.in_network_ids(days_ago(100))
    networks.change_hub(team, n, sats[0], days_ago(50), former_hub_stays=False)
    assert hub.pk in networks.in_network_ids(days_ago(100)) and hub.pk not in networks.in_network_ids(TODAY)


def test_analytics_count_a_leaver_inside_for_retention_and_its_endings_by_the_day_they_happened(setup):
    """Hand-made data: a satellite leaves the network 100 days ago and later resigns; a
    placement of theirs ended unplanned while in the network, another after leaving."""
    service, team, n, hub, sats = setup
    leaver = sats[0]
    networks.remove_satellite(team, n, leaver, days_ago(100))
    leaver.status = HouseholdStatus.RESIGNED
    leaver.save()
    PlacementFactory(household=leaver, started_on=days_ago(300), ended_on=days_ago(150), reason_place_change="CREQB")
    PlacementFactory(household=leaver, started_on=days_ago(90), ended_on=days_ago(20), reason_place_change="CHILD")
    PlacementFactory(household=sats[1], started_on=days_ago(90), ended_on=days_ago(10), reason_place_change="CARPL")
    outsiders = sats[6:]  # three households of the service never in a network
    PlacementFactory(
        household=outsiders[0], started_on=days_ago(90), ended_on=days_ago(10), reason_place_change="CARPL"
    )
    mine, _ = networks.analytics(team)
    inside, outside = mine.rows
    # Retention: the leaver is still one of the 7 households that have been in the network, and it resigned.
    assert (inside["households"], inside["left"]) == (7, 1)
    assert inside["retention"] == pytest.approx(6 / 7)
    assert (outside["households"], outside["left"]) == (3, 0)
    # Stability: the ending while in the network counts inside, the one after leaving outside.
    assert (inside["endings"], inside["unplanned"]) == (2, 1)
    assert (outside["endings"], outside["unplanned"]) == (2, 1)


def test_the_service_changes_membership_on_the_network_page(setup):
    service, team, n, hub, sats = setup
    c = Client()
    c.force_login(team)
    url = f"/support/networks/{n.pk}/"
    page = c.get(url)
    assert page.status_code == 200 and hub.reference in page.content.decode()
    bad = c.post(url, {"action": "remove", "remove-left_on": TODAY.isoformat()})
    assert (
        "There is a problem" in bad.content.decode()
        and "Choose the household leaving the network" in bad.content.decode()
    )
    early = c.post(
        url, {"action": "remove", "remove-household": sats[2].pk, "remove-left_on": days_ago(401).isoformat()}
    )
    assert "cannot be before the network started" in early.content.decode()
    done = c.post(url, {"action": "remove", "remove-household": sats[2].pk, "remove-left_on": days_ago(3).isoformat()})
    assert done.status_code == 302
    joined = c.post(url, {"action": "add", "add-household": sats[7].pk, "add-joined_on": days_ago(2).isoformat()})
    assert joined.status_code == 302
    hub_change = c.post(url, {"action": "hub", "hub-new_hub": sats[3].pk, "hub-changed_on": days_ago(1).isoformat(),
                              "hub-former_hub": "leaves"})  # fmt: skip
    assert hub_change.status_code == 302
    n.refresh_from_db()
    assert n.hub == sats[3]
    history = c.get(url).content.decode()
    assert f"household {sats[2].reference} left" in history and f"household {sats[7].reference} joined" in history
    other = fostering_team()
    other_client = Client()
    other_client.force_login(other)
    assert other_client.get(url).status_code == 404
