"""Delegated authority: delegated by default, every exception has a reason, the child's
authority records it and the carers read their own."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from fostering.accounts.models import Role
from fostering.accounts.tests.factories import UserFactory, placement_officer
from fostering.organisations.tests.factories import MEDWAY, LocalAuthorityOrganisationFactory, authority
from fostering.register.models import CarerAccount
from fostering.support import delegation
from fostering.support.forms import DelegatedAuthorityForm
from fostering.support.models import Decision, DelegatedAuthority, DelegationException
from fostering.support.tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db


def test_every_decision_is_delegated_until_an_exception_is_recorded():
    decisions = delegation.decisions_for(PlacementFactory())
    assert len(decisions) == len(Decision) and all(d["delegated"] for d in decisions)


def test_an_exception_needs_a_reason():
    placement = PlacementFactory()
    with pytest.raises(ValidationError):
        delegation.record(placement_officer(), placement, {"sleepovers": "  "}, dt.date.today())
    assert not DelegatedAuthority.objects.exists()
    authority = DelegatedAuthority.objects.create(placement=placement, agreed_on=dt.date.today())
    with pytest.raises(IntegrityError):
        DelegationException.objects.create(authority=authority, decision="sleepovers", reason="")


def test_the_form_asks_for_a_reason_for_each_no():
    data = {f"d_{d.value}": "yes" for d in Decision} | {"agreed_on": dt.date.today().isoformat()}
    form = DelegatedAuthorityForm({**data, "d_holidays_abroad": "no"}, decisions=[])
    assert not form.is_valid()
    assert form.errors["r_holidays_abroad"] == ["Give a reason why the carers may not decide about holidays abroad"]
    form = DelegatedAuthorityForm(
        {**data, "d_holidays_abroad": "no", "r_holidays_abroad": "Passport held by LA"}, decisions=[]
    )
    assert form.is_valid() and form.exceptions() == {"holidays_abroad": "Passport held by LA"}


def test_recording_again_replaces_the_exceptions():
    placement, officer = PlacementFactory(), placement_officer()
    delegation.record(officer, placement, {"sleepovers": "Checks needed", "social_media": "Risk"}, dt.date.today())
    delegation.record(officer, placement, {"social_media": "Still a risk"}, dt.date.today())
    placement.refresh_from_db()
    exceptions = {d["decision"]: d["reason"] for d in delegation.decisions_for(placement) if not d["delegated"]}
    assert exceptions == {"social_media": "Still a risk"}


def test_only_the_childs_authority_sees_the_placement():
    placement = PlacementFactory()
    assert list(delegation.la_placements(placement_officer())) == [placement]
    medway = LocalAuthorityOrganisationFactory(local_authority=authority(MEDWAY))
    assert list(delegation.la_placements(placement_officer(organisation=medway))) == []


def test_a_carer_sees_the_children_living_with_them_and_no_others():
    placement = PlacementFactory()
    PlacementFactory()  # another household's
    delegation.record(placement_officer(), placement, {"haircuts": "Ask mum first"}, dt.date.today())
    carer = UserFactory(roles=[Role.CARER], organisation=placement.household.fostering_service.organisation)
    CarerAccount.objects.create(user=carer, household=placement.household)
    [mine] = delegation.carer_placements(carer)
    assert mine == placement
    assert [d["reason"] for d in mine.decisions if not d["delegated"]] == ["Ask mum first"]
