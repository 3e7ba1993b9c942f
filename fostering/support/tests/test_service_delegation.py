"""The fostering service reads (never changes) the delegated authority of the children
living with its households: scoped by the household's service, every read audited, and
without the child's name (the service is not the child's authority)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from fostering.accounts.models import AuditEvent
from fostering.accounts.tests.factories import analyst, fostering_team, placement_officer
from fostering.children.tests.factories import ChildFactory
from fostering.register.tests.factories import HouseholdFactory
from fostering.support import delegation
from fostering.support.models import DelegatedAuthority
from fostering.support.tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def placed():
    household = HouseholdFactory()
    child = ChildFactory(first_name="Secretname", date_of_birth=dt.date(TODAY.year - 9, 1, 1))
    placement = PlacementFactory(household=household, child=child)
    delegation.record(placement_officer(), placement, {"holidays_abroad": "Passport held by the council"}, TODAY)
    return placement, fostering_team(organisation=household.fostering_service.organisation)


def test_the_service_reads_its_households_delegated_authority_without_the_childs_name(placed):
    placement, team = placed
    PlacementFactory()  # another service's household
    PlacementFactory(household=placement.household, ended_on=TODAY - dt.timedelta(days=5))  # ended: not shown
    [shown] = delegation.service_placements(team)
    assert shown == placement and shown.exception_count == 1
    c = client_for(team)
    listing = c.get("/support/service-delegated-authority/").content.decode()
    assert placement.household.reference in listing and "1 decision" in listing
    assert "Secretname" not in listing and placement.child.la_child_id not in listing
    detail = c.get(f"/support/service-delegated-authority/{placement.pk}/").content.decode()
    assert "Passport held by the council" in detail and "Carers ask the social worker" in detail
    assert "Secretname" not in detail and "<form" not in detail.split('id="main-content"')[-1]
    api = c.get("/api/support/service-delegated-authority").json()
    assert [r["placement_id"] for r in api] == [placement.pk]
    [holidays] = [d for d in api[0]["decisions"] if not d["delegated"]]
    assert holidays == {"decision": "holidays_abroad", "label": "Holidays abroad", "delegated": False,
                        "reason": "Passport held by the council"}  # fmt: skip


def test_every_read_by_the_service_is_audited(placed):
    placement, team = placed
    c = client_for(team)
    c.get("/support/service-delegated-authority/")
    c.get(f"/support/service-delegated-authority/{placement.pk}/")
    c.get("/api/support/service-delegated-authority")
    reads = AuditEvent.objects.filter(object_type="placements.placement", object_id=str(placement.pk), action="read")
    assert reads.count() == 3 and {e.username for e in reads} == {team.username}


def test_another_service_and_other_roles_cannot_see_it(placed):
    placement, _ = placed
    other = fostering_team()
    assert list(delegation.service_placements(other)) == []
    assert client_for(other).get(f"/support/service-delegated-authority/{placement.pk}/").status_code == 404
    assert "Passport" not in client_for(other).get("/support/service-delegated-authority/").content.decode()
    for user in (placement_officer(), analyst()):
        assert client_for(user).get("/support/service-delegated-authority/").status_code == 403
        assert client_for(user).get("/api/support/service-delegated-authority").status_code == 403
        with pytest.raises(PermissionDenied):
            delegation.service_placements(user)


def test_the_service_cannot_change_it(placed):
    placement, team = placed
    before = DelegatedAuthority.objects.get(placement=placement).updated_at
    c = client_for(team)
    assert c.post(f"/support/service-delegated-authority/{placement.pk}/", {"d_holidays_abroad": "yes"}).status_code in (
        200, 405)  # fmt: skip
    assert c.get(f"/support/delegated-authority/{placement.pk}/").status_code == 403
    assert DelegatedAuthority.objects.get(placement=placement).updated_at == before
