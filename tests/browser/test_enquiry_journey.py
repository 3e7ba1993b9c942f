"""Someone who wants to foster uses the front door in a real browser: one question per
page, plain-English errors linked from the error summary, the services near them, and
a confirmation with a reference; the same journey works with JavaScript turned off."""

import pytest
from django.core.cache import cache

from fostering.enquiries.models import Enquiry
from fostering.geography.services import geocode
from fostering.organisations.tests.factories import FosteringServiceFactory, LaFosteringServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def services_near_maidstone():
    cache.clear()  # the per-address rate limit lives in the cache
    loc = geocode("ME14 1AA")
    council = LaFosteringServiceFactory(office_easting=loc.easting, office_northing=loc.northing)
    ifa = FosteringServiceFactory(
        name="Harbour Lights Fostering", office_easting=loc.easting + 3000, office_northing=loc.northing,
        recruits_within_km=30,
    )  # fmt: skip
    yield council, ifa
    cache.clear()


def error_summary(page) -> str:
    return page.locator(".govuk-error-summary").inner_text()


def continue_(page):
    page.get_by_role("button", name="Continue").click()


def test_an_enquirer_corrects_bad_answers_and_sends_an_enquiry_to_two_services(
    live_server, page, services_near_maidstone
):
    council, ifa = services_near_maidstone
    page.set_default_timeout(60_000)  # the live server's first response can be slow on a busy machine
    page.goto(f"{live_server.url}/fostering/")
    assert page.get_by_role("heading", name="Become a foster carer").is_visible()
    page.get_by_role("button", name="Start now").click()

    # Name: empty, then characters that are not a name.
    continue_(page)
    assert "Enter your first name" in error_summary(page)
    page.locator(".govuk-error-summary a", has_text="Enter your first name").click()
    assert page.evaluate("document.activeElement.id") == "id_first_name"
    page.get_by_label("First name").fill("<b>Jo</b>")
    page.get_by_label("Last name").fill("O'Neill")
    continue_(page)
    assert "First name must only include letters" in error_summary(page)
    assert page.locator(".govuk-error-summary b").count() == 0  # typed markup is shown as text
    page.get_by_label("First name").fill("Jo")
    continue_(page)

    page.get_by_label("Email address").fill("jo-at-example")
    page.get_by_label("UK telephone number").fill("999")
    continue_(page)
    text = error_summary(page)
    assert "Enter an email address in the correct format" in text and "Enter a UK telephone number" in text
    page.get_by_label("Email address").fill("jo@example.org")
    page.get_by_label("UK telephone number").fill("07700 900 982")
    continue_(page)

    page.get_by_label("Postcode").fill("ME99 9ZZ")
    continue_(page)
    assert "We cannot find the postcode ME99 9ZZ" in error_summary(page)
    page.get_by_label("Postcode").fill("me14 1aa")
    continue_(page)

    page.get_by_label("Number of adults who live in your home").fill("two")
    continue_(page)
    assert "must be a whole number" in error_summary(page)
    page.get_by_label("Number of adults who live in your home").fill("2")
    page.get_by_label("Number of children who live in your home").fill("0")
    page.get_by_label("Number of spare bedrooms").fill("1")
    continue_(page)

    continue_(page)
    assert "Select what kind of fostering you are interested in" in error_summary(page)
    page.get_by_label("Teenagers (12 to 17)").check()
    page.get_by_label("Short breaks").check()
    continue_(page)
    page.get_by_label("Weekday evenings").check()
    continue_(page)
    page.get_by_label("A friend or family member").check()
    continue_(page)
    continue_(page)
    assert "Confirm that we may share your answers" in error_summary(page)
    page.get_by_label("I agree that my answers may be shared").check()
    continue_(page)

    assert page.get_by_role("heading", name="Check your answers").is_visible()
    assert "ME14 1AA" in page.locator(".govuk-summary-list").inner_text()
    page.get_by_role("link", name="Change telephone").click()
    page.get_by_label("UK telephone number").fill("01632 960 001")
    continue_(page)
    assert "01632960001" in page.locator(".govuk-summary-list").inner_text()
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("button", name="Send my enquiry").click()
    assert "Select at least one fostering service" in error_summary(page)
    assert page.get_by_text("Your council", exact=True).is_visible()
    page.get_by_label("Harbour Lights Fostering").check()
    page.get_by_label("Let my council decide who contacts me").check()
    page.get_by_role("button", name="Send my enquiry").click()

    assert page.get_by_role("heading", name="Enquiry sent").is_visible()
    reference = page.get_by_test_id("reference").inner_text()
    enquiry = Enquiry.objects.get(reference=reference)
    assert enquiry.phone == "01632960001" and enquiry.source == "friend"
    assert set(enquiry.service_enquiries.values_list("fostering_service", flat=True)) == {council.id, ifa.id}


def test_the_whole_journey_works_with_javascript_turned_off(live_server, browser, services_near_maidstone):
    council, _ = services_near_maidstone
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{live_server.url}/fostering/enquire/about-you/")
        assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
        answers = [
            {"First name": "Sam", "Last name": "Lee"},
            {"Email address": "sam@example.org", "UK telephone number": "+44 7700 900 123"},
            {"Postcode": "CT1 2EH"},
            {"Number of adults who live in your home": "1", "Number of children who live in your home": "0",
             "Number of spare bedrooms": "2"},
        ]  # fmt: skip
        for fields in answers:
            for label, value in fields.items():
                page.get_by_label(label).fill(value)
            continue_(page)
        page.get_by_label("Not sure yet").check()
        continue_(page)
        continue_(page)  # no contact time chosen: error without JavaScript too
        assert "Select when is a good time to call you" in error_summary(page)
        page.get_by_label("Saturdays").check()
        continue_(page)
        page.get_by_label("An event").check()
        continue_(page)
        page.get_by_label("I agree that my answers may be shared").check()
        continue_(page)
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Let my council decide who contacts me").check()
        page.get_by_role("button", name="Send my enquiry").click()
        assert page.get_by_role("heading", name="Enquiry sent").is_visible()
        enquiry = Enquiry.objects.get()
        assert enquiry.postcode == "CT1 2EH" and enquiry.let_council_decide
    finally:
        context.close()
