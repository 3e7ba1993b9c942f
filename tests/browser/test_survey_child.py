"""A child fills in the survey on a phone, with and without JavaScript; a placement
officer then sees their authority's results against region and England."""

import pytest

from fostering.accounts.tests.factories import PASSWORD, placement_officer
from fostering.children.tests.factories import ChildFactory
from fostering.experience.models import SurveyLink, SurveyResponse
from fostering.experience.tests.factories import (
    AdvocacyContactFactory,
    SurveyResponseFactory,
    SurveyRoundFactory,
    make_link,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 667}
QUESTIONS = ("safe", "trust_carers", "settled", "know_why", "know_social_worker", "have_say", "see_people",
             "like_school", "wellbeing")  # fmt: skip


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_child_completes_the_survey_on_a_phone(browser, live_server, javascript):
    AdvocacyContactFactory(service_name="Kent Young People's Advocacy", phone="0800 000 1111")
    link, raw = make_link(ChildFactory(), age_group="8-11")
    context = browser.new_context(java_script_enabled=javascript, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/experience/s/{raw}/")
        assert page.locator("h1").inner_text() == "Tell us about being in care"
        # Nothing is wider than the phone's screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # Sending too early explains what is missing, in plain words, and keeps answers.
        page.get_by_label("Yes").first.check()
        page.get_by_role("button", name="Send my answers").click()
        assert "Some questions need an answer" in page.locator(".govuk-error-summary").inner_text()
        assert page.locator("#id_safe_3").is_checked()
        # Every answer is a large target with words (faces are decoration only).
        box = page.locator("label[for=id_trust_carers_3]").bounding_box()
        assert box["height"] >= 40
        for code in QUESTIONS:
            page.locator(f"label[for=id_{code}_3]").tap() if javascript else page.locator(f"#id_{code}_3").check()
        page.locator("label[for=id_see_people_skip]").click()
        page.get_by_label("What would make being in care better?").fill("Seeing my nan more")
        page.get_by_role("button", name="Send my answers").click()
        assert page.locator(".govuk-panel__title").inner_text() == "Thank you"
        page.get_by_role("link", name="Find out about your rights and how to get an advocate").click()
        assert "Kent Young People's Advocacy" in page.locator("[data-testid=advocacy-contact]").inner_text()
    finally:
        context.close()
    response = SurveyResponse.objects.get()
    assert response.safe == 3 and response.see_people is None and response.better_care == "Seeing my nan more"
    assert SurveyLink.objects.get().used


def test_a_placement_officer_sees_benchmarks_against_region_and_england(live_server, page, sign_in):
    officer = placement_officer()
    r = SurveyRoundFactory(name="Autumn 2026")
    SurveyResponseFactory.create_batch(6, round=r, have_say=3)
    SurveyResponseFactory.create_batch(4, round=r, local_authority_id="E06000035", have_say=1)
    SurveyResponseFactory.create_batch(10, round=r, local_authority_id="E09000001", have_say=1)
    sign_in(officer.username, PASSWORD)
    page.goto(f"{live_server.url}/experience/results/")
    table = page.locator("table").first
    assert "Autumn 2026: Kent against South East and England" in table.locator("caption").inner_text()
    cells = table.locator("tr", has_text="Have a say").locator("td").all_inner_texts()
    # Kent 6 of 6; South East 6 of 10; England 6 of 20.
    assert cells == ["6", "100%", "10", "60%", "20", "30%"]
