"""A fostering team works an enquiry from its queue through every stage to panel, records
approval on the short form, and the new household is on the register without retyping."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_service_moves_an_enquiry_to_approval_and_the_household_appears_in_the_register(live_server, page, sign_in):
    from fostering.accounts.tests.factories import PASSWORD, fostering_team
    from fostering.enquiries.models import StageChange
    from fostering.enquiries.tests.factories import ServiceEnquiryFactory
    from fostering.register.models import Household

    se = ServiceEnquiryFactory(enquiry__first_name="Morgan", enquiry__last_name="Ashby")
    other = ServiceEnquiryFactory(enquiry__last_name="Elsewhere")  # another service's enquiry
    team = fostering_team(organisation=se.fostering_service.organisation, username="team.browser")

    page.set_default_timeout(60_000)  # the live server's first response can be slow on a busy machine
    sign_in(team.username, PASSWORD)
    page.goto(f"{live_server.url}/fostering/enquiries/")
    queue = page.locator("table.govuk-table").inner_text()
    assert "Morgan Ashby" in queue and "Elsewhere" not in queue and other.enquiry.reference not in queue
    page.get_by_role("link", name=se.enquiry.reference).click()

    for label in ("First contact", "Initial visit", "Application", "Assessment stage 1", "Assessment stage 2", "Panel"):
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Save stage").click()
        assert page.get_by_test_id("stage").inner_text() == label
    assert StageChange.objects.filter(service_enquiry=se, changed_by=team).count() == 6

    page.get_by_role("link", name="Record approval").click()
    page.get_by_role("button", name="Approve and add to the register").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the household reference" in summary or "This field is required" in summary
    page.get_by_label("Household reference").fill("MA-2026")
    page.get_by_label("Address line 1").fill("4 Mill Lane")
    page.get_by_label("Date of approval").fill("01/11/2026")
    page.get_by_label("Date of panel").fill("20/10/2026")
    page.get_by_label("Number of children approved for").fill("2")
    page.get_by_label("Youngest age approved for").fill("5")
    page.get_by_label("Oldest age approved for").fill("15")
    page.get_by_label("Short-term", exact=True).check()
    page.get_by_label("Long-term", exact=True).check()
    page.get_by_label("Carer's date of birth", exact=True).fill("14/02/1981")
    page.get_by_label("Carer's gender", exact=True).select_option("female")
    page.get_by_label("Carer's ethnicity", exact=True).select_option("WBRI")
    page.get_by_role("button", name="Approve and add to the register").click()

    assert page.get_by_test_id("stage").inner_text() == "Approved"
    household = Household.objects.get(reference="MA-2026")
    assert household.postcode == se.enquiry.postcode
    assert [str(c) for c in household.carers.all()] == ["Morgan Ashby"]

    page.get_by_test_id("household").get_by_role("link", name="MA-2026").click()
    assert "MA-2026" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/register/households/")
    assert "MA-2026" in page.locator("main").inner_text()
