"""Fostering teams see their own households in full; everyone else sees capability and
availability only — never names, dates of birth or addresses beyond the postcode district."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from fostering.accounts.models import Role
from fostering.accounts.tests.factories import UserFactory, analyst, commissioner, fostering_team, placement_officer
from fostering.register.models import CarerAccount, Household
from fostering.register.selectors import get_household, visible_households, with_display_data
from fostering.register.serialisers import PERSONAL_KEYS, household_shape, public_household
from fostering.register.tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def all_keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in all_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in all_keys(v)}
    return set()


def shaped(user, household):
    h, full = get_household(user, household.pk)
    return household_shape(with_display_data(Household.objects.filter(pk=h.pk)).get(), full)


def test_an_ifa_cannot_read_another_ifas_carers():
    mine, theirs = HouseholdFactory(), HouseholdFactory()
    team = fostering_team(organisation=mine.fostering_service.organisation)
    own = shaped(team, mine)
    assert own["shape"] == "full" and own["carers"][0]["last_name"] == "Robinson"
    other = shaped(team, theirs)
    assert other["shape"] == "public"
    assert not all_keys(other) & PERSONAL_KEYS
    assert "Robinson" not in repr(other) and theirs.address_line_1 not in repr(other)


def test_a_placement_officer_sees_no_personal_fields_only_capability_and_availability():
    h = HouseholdFactory(capability={"emotional": 3})
    data = shaped(placement_officer(), h)
    assert not all_keys(data) & PERSONAL_KEYS
    assert data["postcode_district"] == "ME14" and "ME14 1AA" not in repr(data)
    assert data["capability"]["emotional"] == 3 and data["places"]["offerable"] == 2
    carer = h.carers.get()
    for secret in (carer.first_name, carer.last_name, str(carer.date_of_birth), h.address_line_1, h.reference):
        assert secret not in repr(data)


def test_a_carer_sees_their_own_household_in_full_and_others_only_in_public():
    mine, other = HouseholdFactory(), HouseholdFactory()
    user = UserFactory(roles=[Role.CARER], organisation=mine.fostering_service.organisation)
    CarerAccount.objects.create(user=user, household=mine, carer=mine.carers.get())
    assert shaped(user, mine)["shape"] == "full"
    assert shaped(user, other)["shape"] == "public"


def test_households_that_are_not_active_are_visible_only_to_their_own_service():
    h = HouseholdFactory(status="under_investigation")
    with pytest.raises(Household.DoesNotExist):
        get_household(placement_officer(), h.pk)
    team = fostering_team(organisation=h.fostering_service.organisation)
    assert get_household(team, h.pk)[1] is True


def test_analysts_see_aggregates_only_so_no_household_at_all():
    HouseholdFactory()
    with pytest.raises(PermissionDenied):
        visible_households(analyst())
    assert visible_households(commissioner()).count() == 1


def test_a_full_record_is_refused_to_another_service():
    h = HouseholdFactory()
    with pytest.raises(PermissionDenied):
        get_household(fostering_team(), h.pk, full_required=True)


def test_the_public_shape_lists_the_households_languages_and_faiths_without_saying_whose():
    h = HouseholdFactory()
    data = public_household(with_display_data(Household.objects.filter(pk=h.pk)).get())
    assert data["languages"] == ["en"] and data["religions"] == ["christian"]
