"""A placement officer opens a child, records a new needs profile, creates a referral and
sees the strengths-first document: strengths and the child's voice before needs."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_records_needs_then_refers_and_sees_strengths_before_needs(live_server, page, sign_in):
    from fostering.accounts.tests.factories import PASSWORD, placement_officer
    from fostering.children.models import ChildVoice
    from fostering.children.tests.factories import ChildFactory
    from fostering.referrals.models import Referral

    officer = placement_officer(username="po.browser")
    child = ChildFactory(first_name="Amara", la_child_id="KB0001", needs={"learning": 1})
    ChildVoice.objects.filter(child=child).update(about_me="I love drawing dragons.")

    sign_in(officer.username, PASSWORD)
    page.click("text=Children")
    page.click("text=KB0001")
    assert page.locator("h1").inner_text().startswith("Amara")

    page.click("text=Record a new needs profile")
    page.fill("#id_assessed_on", dt.date.today().strftime("%d/%m/%Y"))
    page.check("#id_need_behaviour_3")  # intensive
    page.check("#id_strength_learning_0")  # centrepiece
    page.fill("#id_narrative_learning", "Reads everything she can find")
    page.click("button:has-text('Save needs profile')")
    assert "Needs profile saved" in page.locator(".govuk-notification-banner").inner_text()
    assert child.needs_profiles.count() == 2

    page.click("text=Create a referral")
    page.check("#id_placement_type_2")  # long-term
    page.check("#id_urgency_2")  # planned
    page.fill("#id_wanted_start", (dt.date.today() + dt.timedelta(days=14)).strftime("%d/%m/%Y"))
    page.fill("#id_max_distance_km", "20")
    page.click("button:has-text('Create and open the referral')")

    referral = Referral.objects.get()
    assert referral.status == "open"
    assert page.locator("h1").inner_text() == "A home for Amara"
    headings = page.locator("h3").all_inner_texts()
    strengths = next(i for i, h in enumerate(headings) if h.startswith("What Amara is good at"))
    voice = next(i for i, h in enumerate(headings) if "own words" in h)
    needs = next(i for i, h in enumerate(headings) if h.startswith("What Amara needs from carers"))
    assert strengths < voice < needs
    body = page.locator("main").inner_text()
    assert "Reads everything she can find" in body and "I love drawing dragons." in body
    assert body.index("Reads everything she can find") < body.index("Patient, consistent boundaries")
