"""Fostering teams keep their register up to date: households geocoded from the postcode,
status changes, approvals and transfers kept as history, capability with conflicts shown."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fostering.accounts.tests.factories import fostering_team
from fostering.organisations.tests.factories import FosteringServiceFactory
from fostering.placements.models import Placement
from fostering.register import services
from fostering.register.models import Approval, Capability, HouseholdStatusChange, Training
from fostering.register.rules import capability_conflicts, governing_capability, levels_of
from fostering.register.selectors import transfers_for
from fostering.register.tests.factories import HouseholdFactory
from fostering.vacancies.tests.factories import referral_for

pytestmark = pytest.mark.django_db

HOUSEHOLD = {
    "reference": "KH-001", "address_line_1": "1 Castle Way", "postcode": "me4 4tr", "bedrooms": 4,
    "beds_for_fostering": 2,
}  # fmt: skip
APPROVAL = {
    "approved_on": dt.date(2024, 3, 1), "panel_date": dt.date(2024, 2, 20), "max_children": 2, "age_min": 0,
    "age_max": 18, "placement_types": ["short_term", "emergency"], "review_due": dt.date(2027, 3, 1),
}  # fmt: skip


@pytest.fixture
def service():
    return FosteringServiceFactory()


@pytest.fixture
def team(service):
    return fostering_team(organisation=service.organisation)


def test_a_new_household_is_placed_by_its_postcode_in_its_local_authority(service, team):
    h = services.create_household(team, service, household=HOUSEHOLD, approval=APPROVAL, capability={"emotional": 3})
    assert h.postcode == "ME4 4TR" and h.postcode_district == "ME4"
    assert h.local_authority_id == "E06000035"  # Medway
    assert h.easting > 0 and h.northing > 0
    assert h.status_changes.get().reason == "Added to the register"
    assert h.capabilities.get(source="service").emotional == 3


def test_an_unknown_postcode_is_refused_on_the_postcode_field(service, team):
    with pytest.raises(ValidationError) as exc:
        services.create_household(team, service, household={**HOUSEHOLD, "postcode": "ZZ99 9ZZ"})
    assert "cannot find the postcode ZZ99 9ZZ" in exc.value.message_dict["postcode"][0]
    with pytest.raises(ValidationError) as exc:
        services.create_household(team, service, household={**HOUSEHOLD, "postcode": "not a postcode"})
    assert "not a valid UK postcode" in exc.value.message_dict["postcode"][0]


def test_another_services_team_cannot_add_or_edit_households(service):
    outsider = fostering_team()
    with pytest.raises(PermissionDenied):
        services.create_household(outsider, service, household=HOUSEHOLD)
    h = HouseholdFactory(fostering_service=service)
    with pytest.raises(PermissionDenied):
        services.update_household(outsider, h, {"bedrooms": 5})


def test_moving_house_regeocodes_the_household(service, team):
    h = HouseholdFactory(fostering_service=service)
    services.update_household(team, h, {"postcode": "CT1 2EH"})
    h.refresh_from_db()
    assert h.postcode_district == "CT1" and h.local_authority_id == "E10000016"


def test_status_changes_are_kept_as_history_with_dates_and_reasons(service, team):
    h = HouseholdFactory(fostering_service=service)
    with pytest.raises(ValidationError, match="Say why"):
        services.change_status(team, h, "on_hold")
    services.change_status(team, h, "on_hold", changed_on=dt.date(2026, 1, 5), reason="Carer unwell")
    services.change_status(team, h, "active", changed_on=dt.date(2026, 3, 1))
    history = list(HouseholdStatusChange.objects.filter(household=h).values_list("status", "changed_on", "reason"))
    assert history == [("on_hold", dt.date(2026, 1, 5), "Carer unwell"), ("active", dt.date(2026, 3, 1), "")]
    h.refresh_from_db()
    assert h.status == "active" and h.status_since == dt.date(2026, 3, 1)


def test_a_new_approval_ends_the_previous_one_instead_of_overwriting_it(service, team):
    h = HouseholdFactory(fostering_service=service)
    first = h.approvals.get()
    new = services.record_approval(team, h, **{**APPROVAL, "approved_on": dt.date(2025, 6, 1), "max_children": 3})
    first.refresh_from_db()
    assert first.ended_on == dt.date(2025, 6, 1) and "Replaced" in first.end_reason
    assert list(h.approvals.filter(ended_on__isnull=True)) == [new]
    assert h.approvals.count() == 2


def test_where_the_carers_view_differs_the_services_assessment_governs_and_the_conflict_is_listed(service, team):
    h = HouseholdFactory(fostering_service=service, capability={"behaviour": 1, "risk_self": 2})
    service_cap = h.capabilities.get(source="service")
    carers_view = {**levels_of(service_cap), "behaviour": 3}
    services.set_capability(team, h, Capability.Source.CARERS, carers_view)
    carers_cap = h.capabilities.get(source="carers")
    conflicts = capability_conflicts(service_cap, carers_cap)
    assert [c.domain for c in conflicts] == ["behaviour"]
    assert "the service's assessment is used" in conflicts[0].sentence
    levels, source = governing_capability(service_cap, carers_cap)
    assert source == "service" and levels["behaviour"] == 1


def test_a_transfer_keeps_approval_training_and_placement_history_and_both_services_see_it(service, team):
    h = HouseholdFactory(fostering_service=service)
    services.add_training(team, h, course="tsd", completed_on=dt.date(2023, 5, 1))
    child = referral_for(1).referral_children.get().child
    Placement.objects.create(child=child, household=h, fostering_service=service, started_on=dt.date(2024, 1, 1),
                             ended_on=dt.date(2025, 1, 1), place="U6")  # fmt: skip
    to_service = FosteringServiceFactory()
    transfer = services.transfer_household(team, h, to_service, transferred_on=dt.date(2026, 2, 1), reason="Moved")
    h.refresh_from_db()
    assert h.fostering_service == to_service
    approvals = list(Approval.objects.filter(household=h).order_by("approved_on"))
    assert [(a.fostering_service_id, a.ended_on) for a in approvals] == [
        (service.pk, dt.date(2026, 2, 1)),
        (to_service.pk, None),
    ]
    assert approvals[1].max_children == approvals[0].max_children
    assert Training.objects.filter(household=h).count() == 1
    assert Placement.objects.filter(household=h).count() == 1
    assert list(transfers_for(team)) == [transfer]
    assert list(transfers_for(fostering_team(organisation=to_service.organisation))) == [transfer]
    assert "Transferred from" in h.status_changes.last().reason
    # The old service no longer changes the household.
    with pytest.raises(PermissionDenied):
        services.update_household(team, h, {"bedrooms": 6})


def test_a_transfer_into_a_service_with_the_same_reference_asks_for_a_new_one(service, team):
    h = HouseholdFactory(fostering_service=service, reference="H1")
    to_service = FosteringServiceFactory()
    HouseholdFactory(fostering_service=to_service, reference="H1")
    with pytest.raises(ValidationError, match="give a new reference"):
        services.transfer_household(team, h, to_service)
    services.transfer_household(team, h, to_service, new_reference="H1-T")
    h.refresh_from_db()
    assert h.reference == "H1-T"
