"""Fostering teams, carers and placement officers use the register's pages; each sees only
what their role allows, and forms explain problems in a GOV.UK error summary."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from fostering.accounts.models import AuditEvent, Role
from fostering.accounts.tests.factories import UserFactory, analyst, fostering_team, placement_officer
from fostering.register.models import CarerAccount, Household
from fostering.register.tests.factories import HouseholdFactory
from fostering.register.upload import COLUMN_NAMES, template_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def household():
    return HouseholdFactory(address_line_1="7 Secret Lane")


@pytest.fixture
def team(household):
    return fostering_team(organisation=household.fostering_service.organisation)


def test_a_fostering_team_lists_only_its_own_households(client, household, team):
    other = HouseholdFactory()
    client.force_login(team)
    page = client.get("/register/households/").content.decode()
    assert household.reference in page and other.reference not in page
    assert household.carers.get().last_name in page


def test_the_household_page_is_full_for_its_service_and_audited(client, household, team):
    client.force_login(team)
    page = client.get(f"/register/households/{household.pk}/").content.decode()
    assert "7 Secret Lane" in page and household.carers.get().first_name in page
    assert AuditEvent.objects.filter(action="read", object_id=str(household.pk), user=team).exists()


def test_a_placement_officer_sees_the_household_page_without_personal_details(client, household):
    client.force_login(placement_officer())
    page = client.get(f"/register/households/{household.pk}/").content.decode()
    carer = household.carers.get()
    assert "Household in ME14" in page
    for secret in ("7 Secret Lane", carer.first_name, carer.last_name, "ME14 1AA", household.reference, "1975"):
        assert secret not in page, secret
    assert client.get(f"/register/households/{household.pk}/edit/").status_code == 403


def test_another_service_cannot_edit_a_household(client, household):
    client.force_login(fostering_team())
    assert client.get(f"/register/households/{household.pk}/edit/").status_code == 403


def test_adding_a_household_with_mistakes_shows_an_error_summary_then_saves_when_fixed(client, team):
    client.force_login(team)
    data = {
        "reference": "N1",
        "address_line_1": "1 Road",
        "postcode": "nope",
        "bedrooms": "3",
        "beds_for_fostering": "5",
    }
    page = client.post("/register/households/new/", data).content.decode()
    assert "govuk-error-summary" in page
    assert "is not a valid UK postcode" in page
    assert "Bedrooms for fostered children cannot be more than bedrooms" in page
    assert "Enter the carer&#x27;s first name" in page
    data.update({
        "postcode": "ME14 1AA", "beds_for_fostering": "2", "carer_first_name": "Ann", "carer_last_name": "Lee",
        "carer_date_of_birth": "01/02/1970", "carer_gender": "female", "carer_ethnicity": "WBRI",
        "carer_religion": "none", "carer_languages": ["en"], "carer_fostering_since": "01/01/2019",
        "approved_on": "01/01/2019", "panel_date": "20/12/2018", "max_children": "2", "age_min": "0", "age_max": "18",
        "placement_types": ["short_term"], "review_due": "01/01/2027",
    })  # fmt: skip
    response = client.post("/register/households/new/", data)
    assert response.status_code == 302
    h = Household.objects.get(reference="N1")
    assert h.carers.get().first_name == "Ann" and h.approvals.get().placement_types == ["short_term"]


def test_editing_a_household_keeps_the_form_filled_in(client, household, team):
    client.force_login(team)
    page = client.get(f"/register/households/{household.pk}/edit/").content.decode()
    assert 'value="7 Secret Lane"' in page
    data = {"reference": household.reference, "address_line_1": "8 New Road", "postcode": "CT1 2EH", "bedrooms": "4",
            "beds_for_fostering": "2"}  # fmt: skip
    assert client.post(f"/register/households/{household.pk}/edit/", data).status_code == 302
    household.refresh_from_db()
    assert household.address_line_1 == "8 New Road" and household.postcode_district == "CT1"


def test_reading_and_changing_a_households_address_is_audited(client, household, team):
    client.force_login(team)
    client.get(f"/register/households/{household.pk}/edit/")
    data = {"reference": household.reference, "address_line_1": "8 New Road", "postcode": "CT1 2EH", "bedrooms": "4",
            "beds_for_fostering": "2"}  # fmt: skip
    client.post(f"/register/households/{household.pk}/edit/", data)
    client.post(f"/register/households/{household.pk}/status/",
                {"status": "on_hold", "changed_on": "01/11/2026", "reason": "Moving house"})  # fmt: skip
    actions = list(
        AuditEvent.objects.filter(user=team, object_type="register.household", object_id=str(household.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["read", "update", "update"]


def test_changing_status_needs_a_reason(client, household, team):
    client.force_login(team)
    page = client.post(
        f"/register/households/{household.pk}/status/", {"status": "on_hold", "changed_on": "01/11/2026"}
    )
    assert "Say why" in page.content.decode()
    client.post(f"/register/households/{household.pk}/status/",
                {"status": "on_hold", "changed_on": "01/11/2026", "reason": "Moving house"})  # fmt: skip
    household.refresh_from_db()
    assert household.status == "on_hold" and household.status_changes.last().reason == "Moving house"


def test_a_malformed_upload_lists_every_bad_row_and_adds_nothing(client, team):
    client.force_login(team)
    rows = list(csv.DictReader(io.StringIO(template_csv())))
    bad = [{**rows[0], "reference": "U1", "bedrooms": "x"}, {**rows[0], "reference": "U2", "postcode": "ZZ99 9ZZ"}]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMN_NAMES)
    writer.writeheader()
    writer.writerows(bad)
    upload = SimpleUploadedFile("h.csv", out.getvalue().encode(), content_type="text/csv")
    page = client.post("/register/households/upload/", {"file": upload}).content.decode()
    assert "govuk-error-summary" in page and "nothing was uploaded" in page
    assert "Row 2, column bedrooms" in page and "Row 3, column postcode" in page
    assert Household.objects.filter(reference__in=["U1", "U2"]).count() == 0
    good = SimpleUploadedFile("h.csv", template_csv().encode(), content_type="text/csv")
    assert client.post("/register/households/upload/", {"file": good}).status_code == 302
    assert Household.objects.filter(reference="H00001").exists()


def test_the_search_page_shows_capability_and_free_places_but_no_names(client, household):
    client.force_login(placement_officer())
    page = client.get("/register/search/", {"postcode": "ME15 6AA", "within_km": "10"}).content.decode()
    assert "1 household with a free place near ME15 6AA" in page
    assert "Your authority's holds" in page
    carer = household.carers.get()
    for secret in (carer.first_name, carer.last_name, "7 Secret Lane", household.reference):
        assert secret not in page
    bad = client.get("/register/search/", {"postcode": "banana", "within_km": "10"}).content.decode()
    assert "govuk-error-summary" in bad and "is not a valid UK postcode" in bad


def test_analysts_and_carers_cannot_use_the_search(client):
    client.force_login(analyst())
    assert client.get("/register/search/").status_code == 403


def test_a_carer_sees_their_own_household(client, household):
    carer = UserFactory(roles=[Role.CARER], organisation=household.fostering_service.organisation)
    CarerAccount.objects.create(user=carer, household=household, carer=household.carers.get())
    client.force_login(carer)
    page = client.get("/register/my-household/").content.decode()
    assert "7 Secret Lane" in page and "My household" in page


def test_a_team_records_capability_a_new_approval_and_a_transfer_from_the_household_page(client, household, team):
    from fostering.organisations.tests.factories import FosteringServiceFactory

    client.force_login(team)
    levels = {d: "1" for d in ("emotional", "behaviour", "health", "learning", "communication", "identity", "family",
                               "independence", "risk_self", "risk_others")}  # fmt: skip
    client.post(f"/register/households/{household.pk}/capability/", {"source": "carers", **levels, "behaviour": "3"})
    page = client.get(f"/register/households/{household.pk}/").content.decode()
    assert "The carers' view differs from the service's assessment in 1 need" in page
    response = client.post(f"/register/households/{household.pk}/approval/", {
        "approved_on": "01/06/2026", "panel_date": "20/05/2026", "max_children": "2", "age_min": "0", "age_max": "12",
        "placement_types": ["long_term"], "review_due": "01/06/2027"})  # fmt: skip
    assert response.status_code == 302
    assert household.approvals.count() == 2 and household.approvals.get(ended_on__isnull=True).age_max == 12
    other = FosteringServiceFactory(name="Oak Fostering")
    response = client.post(f"/register/households/{household.pk}/transfer/",
                           {"to_service": other.pk, "transferred_on": "01/07/2026", "reason": "Moved"})  # fmt: skip
    assert response.status_code == 302
    household.refresh_from_db()
    assert household.fostering_service == other
    assert "Oak Fostering" in client.get("/register/households/").content.decode()  # the transfer, recorded for both
