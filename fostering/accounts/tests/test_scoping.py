"""What each role may see is decided in one place (accounts.scoping)."""

import pytest
from django.core.exceptions import PermissionDenied

from fostering.accounts import scoping
from fostering.accounts.models import Role
from fostering.accounts.tests.factories import (
    UserFactory,
    administrator,
    analyst,
    commissioner,
    fostering_team,
    placement_officer,
)
from fostering.organisations.tests.factories import (
    MEDWAY,
    ConsortiumFactory,
    FosteringServiceFactory,
    LaFosteringServiceFactory,
    LocalAuthorityOrganisationFactory,
    authority,
)

pytestmark = pytest.mark.django_db


def test_a_placement_officer_sees_only_their_own_authoritys_children():
    officer = placement_officer()
    assert scoping.local_authority_codes(officer) == {"E10000016"}
    medway_officer = placement_officer(organisation=LocalAuthorityOrganisationFactory(local_authority=authority(MEDWAY)))
    assert scoping.local_authority_codes(medway_officer) == {MEDWAY}


def test_an_ifa_team_sees_its_own_service_and_no_other():
    mine = FosteringServiceFactory()
    other = FosteringServiceFactory()
    team = fostering_team(organisation=mine.organisation)
    assert scoping.fostering_service_ids(team) == {mine.id}
    assert other.id not in scoping.fostering_service_ids(team)


def test_an_ifa_team_reads_no_childrens_records():
    team = fostering_team()
    assert scoping.local_authority_codes(team) == frozenset()


def test_an_la_fostering_team_sees_its_authoritys_service_households_but_not_children():
    service = LaFosteringServiceFactory()
    team = UserFactory(roles=[Role.FOSTERING_TEAM], organisation=service.organisation)
    assert scoping.fostering_service_ids(team) == {service.id}
    assert scoping.local_authority_codes(team) == frozenset()


def test_a_consortium_commissioner_sees_its_members_commissioning_figures():
    consortium = ConsortiumFactory(members=[authority(), authority(MEDWAY)])
    user = commissioner(organisation=consortium)
    assert scoping.commissioning_authority_codes(user) == {"E10000016", MEDWAY}
    assert scoping.local_authority_codes(user) == frozenset()


def test_an_analyst_sees_aggregates_only():
    user = analyst()
    assert scoping.sees_aggregates_only(user)
    assert scoping.local_authority_codes(user) == frozenset()
    assert scoping.fostering_service_ids(user) == frozenset()
    assert not scoping.sees_aggregates_only(placement_officer())


def test_require_role_refuses_with_a_reason():
    with pytest.raises(PermissionDenied) as err:
        scoping.require_role(analyst(), Role.PLACEMENT_OFFICER)
    assert "placement officer" in str(err.value)


def test_anonymous_users_have_no_roles():
    from django.contrib.auth.models import AnonymousUser

    assert scoping.roles_of(AnonymousUser()) == frozenset()
    assert scoping.local_authority_codes(AnonymousUser()) == frozenset()


def test_only_operator_administrators_see_every_user():
    admin = administrator()
    officer = placement_officer()
    colleague = placement_officer(organisation=officer.organisation)
    stranger = fostering_team()
    assert set(scoping.users_visible_to(admin)) >= {officer, colleague, stranger}
    assert set(scoping.users_visible_to(officer)) == {officer, colleague}
