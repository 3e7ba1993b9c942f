"""A service moves an enquiry through the stages, each move timestamped with who; on
approval the enquirer becomes a register household without retyping; measures come from
the history."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fostering.accounts.tests.factories import fostering_team
from fostering.enquiries import services
from fostering.enquiries.measures import conversion, measures_for_services
from fostering.enquiries.models import Stage
from fostering.register.models import Approval, Household

from .factories import ServiceEnquiryFactory, at

pytestmark = pytest.mark.django_db

TERMS = {
    "reference": "NEW-001", "address_line_1": "1 Orchard Way", "town": "Maidstone", "bedrooms": 3,
    "approved_on": dt.date(2026, 10, 1), "panel_date": dt.date(2026, 9, 20), "max_children": 2, "age_min": 5,
    "age_max": 16, "placement_types": ["short_term", "short_breaks"], "carer_date_of_birth": dt.date(1980, 1, 2),
    "carer_gender": "female", "carer_ethnicity": "WBRI", "second_carer_first_name": "Sam",
    "second_carer_last_name": "Bloggs", "second_carer_date_of_birth": dt.date(1979, 5, 6), "second_carer_gender": "male",
}  # fmt: skip


def walk_to_panel(se, user):
    for stage in ("first_contact", "initial_visit", "application", "assessment_1", "assessment_2", "panel"):
        services.move_stage(se, stage, user)
    se.refresh_from_db()
    return se


def test_each_stage_change_records_when_and_who(clock):
    se = ServiceEnquiryFactory()
    user = fostering_team(organisation=se.fostering_service.organisation)
    called_back = clock.at(days=1, hour=9)
    services.move_stage(se, "first_contact", user, at=called_back)
    se.refresh_from_db()
    assert se.stage == Stage.FIRST_CONTACT and se.first_contact_at == called_back
    change = se.changes.last()
    assert (change.from_stage, change.to_stage, change.changed_by) == ("enquiry", "first_contact", user)


def test_stages_only_move_forward_and_withdrawal_needs_a_reason():
    se = ServiceEnquiryFactory()
    user = fostering_team(organisation=se.fostering_service.organisation)
    services.move_stage(se, "application", user)
    with pytest.raises(ValidationError, match="only move forward"):
        services.move_stage(se, "initial_visit", user)
    with pytest.raises(ValidationError, match="reason"):
        services.move_stage(se, "withdrawn", user)
    with pytest.raises(ValidationError, match="approval form"):
        services.move_stage(se, "approved", user)
    services.move_stage(se, "withdrawn", user, reason="circumstances")
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.move_stage(se, "panel", user)


def test_another_service_cannot_move_an_enquiry():
    se = ServiceEnquiryFactory()
    with pytest.raises(PermissionDenied):
        services.move_stage(se, "first_contact", fostering_team())


def test_approval_creates_the_household_carers_and_approval_from_the_enquiry():
    se = ServiceEnquiryFactory()
    user = fostering_team(organisation=se.fostering_service.organisation)
    with pytest.raises(ValidationError, match="after panel"):
        services.approve(se, user, TERMS)
    se = walk_to_panel(se, user)
    household = services.approve(se, user, TERMS)
    se.refresh_from_db()
    assert se.stage == Stage.APPROVED and se.household == household
    assert household.fostering_service == se.fostering_service
    assert household.postcode == "ME14 1AA" and household.local_authority_id == se.enquiry.local_authority_id
    assert [c.first_name for c in household.carers.all()] == ["Jo", "Sam"]
    assert household.carers.first().last_name == se.enquiry.last_name
    approval = Approval.objects.get(household=household)
    assert approval.placement_types == ["short_term", "short_breaks"] and approval.age_max == 16
    # The same reference cannot be used twice in one service.
    other = walk_to_panel(ServiceEnquiryFactory(fostering_service=se.fostering_service), user)
    with pytest.raises(ValidationError, match="already has a household"):
        services.approve(other, user, TERMS)


def test_the_queue_shows_only_my_services_enquiries(client):
    mine = ServiceEnquiryFactory()
    theirs = ServiceEnquiryFactory()
    user = fostering_team(organisation=mine.fostering_service.organisation)
    client.force_login(user)
    body = client.get(reverse("enquiries:queue")).content.decode()
    assert mine.enquiry.reference in body and theirs.enquiry.reference not in body
    assert client.get(reverse("enquiries:detail", args=[theirs.pk])).status_code == 404


def test_the_queue_needs_the_fostering_team_role(client):
    response = client.get(reverse("enquiries:queue"))
    assert response.status_code == 302 and "sign-in" in response.url


def test_a_service_approves_through_the_pages(client):
    se = ServiceEnquiryFactory()
    user = fostering_team(organisation=se.fostering_service.organisation)
    client.force_login(user)
    url = reverse("enquiries:detail", args=[se.pk])
    for stage in ("first_contact", "assessment_2", "panel"):
        assert client.post(url, {"to_stage": stage}).status_code == 302
    bad = client.post(reverse("enquiries:approve", args=[se.pk]), {"reference": ""})
    assert b"There is a problem" in bad.content
    data = {**{k: v for k, v in TERMS.items() if not k.startswith("second")}, "approved_on": "01/10/2026",
            "panel_date": "20/09/2026", "carer_date_of_birth": "02/01/1980"}  # fmt: skip
    response = client.post(reverse("enquiries:approve", args=[se.pk]), data)
    assert response.status_code == 302
    assert Household.objects.get(reference="NEW-001").carers.count() == 1


def test_conversion_counts_each_stage_reached_and_the_share_of_the_stage_before():
    histories = [
        ["enquiry"],
        ["enquiry", "first_contact", "withdrawn"],
        ["enquiry", "first_contact", "initial_visit"],
        ["enquiry", "application"],  # skipped steps still count as reached
    ]
    rows = dict((label, (n, share)) for label, n, share in conversion(histories))
    assert rows["Enquiry"] == (4, None)
    assert rows["First contact"] == (3, 0.75)
    assert rows["Initial visit"] == (2, 2 / 3)
    assert rows["Application"] == (1, 0.5)
    assert rows["Approved"] == (0, None)  # nobody reached panel, so no share


def test_measures_per_service_count_target_reasons_and_sources():
    first = ServiceEnquiryFactory(enquiry__created_at=at("2026-11-20", 18), enquiry__source="friend")
    service = first.fostering_service
    user = fostering_team(organisation=service.organisation)
    services.move_stage(first, "first_contact", user, at=at("2026-11-23", 9))
    late = ServiceEnquiryFactory(
        fostering_service=service, enquiry__created_at=at("2026-11-16"), enquiry__source="search"
    )
    services.move_stage(late, "first_contact", user, at=at("2026-11-19"))
    services.move_stage(late, "declined", user, reason="no_spare_room", at=at("2026-11-20"))
    [m] = measures_for_services([service], now=at("2026-11-24"))
    assert m.enquiries == 2
    assert (m.first_contact.contacted, m.first_contact.within_target) == (2, 1)
    assert m.drop_out_reasons == [("No spare bedroom", 1)]
    assert dict(m.sources) == {"A friend or family member": 1, "Search engine": 1}
