"""A carer writes their home profile; the child's placement officer shares it with the
child by a link; the child opens it without signing in (the referral records it was seen
before moving); once the link has expired it shows nothing of the home."""

import datetime as dt

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_shared_home_profile_is_seen_by_the_child_then_the_link_expires(
    live_server, page, browser, sign_in, settings, tmp_path
):
    from django.utils import timezone

    from fostering.accounts.models import Role
    from fostering.accounts.tests.factories import PASSWORD, UserFactory, placement_officer
    from fostering.homes.models import ProfileShare
    from fostering.homes.tests.factories import ReferralFactory
    from fostering.register.models import CarerAccount
    from fostering.register.tests.factories import HouseholdFactory

    settings.MEDIA_ROOT = str(tmp_path / "media")
    household = HouseholdFactory(reference="HOME-1")
    carer = UserFactory(roles=[Role.CARER], organisation=household.fostering_service.organisation, username="carer.b")
    CarerAccount.objects.create(user=carer, household=household, carer=household.carers.first())
    referral = ReferralFactory(reference="REF-CHILD-1")
    officer = placement_officer(username="po.share")

    page.set_default_timeout(60_000)  # the live server's first response can be slow on a busy machine
    sign_in(carer.username, PASSWORD)
    page.goto(f"{live_server.url}/homes/my-home/")
    page.get_by_role("link", name="Edit the words").click()
    page.get_by_label("About us").fill("Hello! We are Sue and Raj. We love <b>baking</b>.")
    page.get_by_label("Our pets").fill("A dog called Biscuit.")
    page.get_by_role("button", name="Save").click()
    assert "Your home profile has been saved" in page.locator(".govuk-notification-banner").inner_text()

    page.context.clear_cookies()
    sign_in(officer.username, PASSWORD)
    page.goto(f"{live_server.url}/homes/household/{household.pk}/")
    page.get_by_role("link", name="Share with a child").click()
    page.get_by_role("button", name="Create the link").click()
    assert "Choose the referral for the child" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Referral").select_option(label="REF-CHILD-1 (matched)")
    page.get_by_role("button", name="Create the link").click()
    link = page.get_by_test_id("share-link").inner_text()

    child = browser.new_context()
    child_page = child.new_page()
    child_page.set_default_timeout(60_000)
    try:
        child_page.goto(link)
        assert child_page.get_by_role("heading", name="Hello! This is your new home").is_visible()
        about = child_page.get_by_test_id("about-us").inner_text()
        assert "We love <b>baking</b>." in about  # shown as typed, never as markup
        assert "HOME-1" not in child_page.content()
        share = ProfileShare.objects.get(referral=referral)
        assert share.first_viewed_at is not None and share.view_count == 1

        page.goto(f"{live_server.url}/homes/shares/")
        assert page.get_by_test_id("seen").inner_text().startswith("Yes, first opened")

        share.expires_at = timezone.now() - dt.timedelta(seconds=1)
        share.save(update_fields=["expires_at"])
        response = child_page.goto(link)
        assert response.status == 410
        assert child_page.get_by_role("heading", name="This link has expired").is_visible()
        assert "Biscuit" not in child_page.content()
    finally:
        child.close()
