"""In real Chromium: a placement officer opens a referral's matching page, sees the
shortlist with its score breakdown, holds two households and shares the referral; a
fostering team offers one of them from its inbox; the officer accepts it with a reason —
the placement exists and the other hold is released."""

from __future__ import annotations

import pytest

from fostering.accounts.tests.factories import PASSWORD
from fostering.matching.tests.factories import CHILD_FIRST, CHILD_LAST, scene
from fostering.placements.models import Placement
from fostering.vacancies.models import Hold

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_officer_holds_shares_and_accepts_an_offer_and_the_child_is_placed(live_server, browser, page):
    s = scene()
    _sign_in(page, live_server, s.officer.username)
    page.goto(f"{live_server.url}/matching/referrals/{s.referral.pk}/")
    shortlist = page.locator("#shortlist")
    assert "Needs met" in shortlist.inner_text() and "km" in shortlist.inner_text()
    assert page.locator("#why-not").is_visible()
    assert page.locator(f"#shortlist tr[data-household='{s.near.pk}'] td").nth(1).inner_text() == "1"
    page.check(f"#hold-{s.near.pk}")
    page.check(f"#hold-{s.far.pk}")
    page.click("#hold-selected")
    page.wait_for_load_state()
    assert "2 household(s) held" in page.content()
    page.click("#share")
    page.wait_for_load_state()
    assert "Shared with 2 fostering service(s)" in page.content()

    team_context = browser.new_context()
    team = team_context.new_page()
    _sign_in(team, live_server, s.team_near.username)
    team.goto(f"{live_server.url}/matching/inbox/")
    team.get_by_role("link", name=s.referral.reference).click()
    team.wait_for_load_state()
    assert CHILD_FIRST not in team.content() and CHILD_LAST not in team.content()
    team.check("#answer-offer")
    team.fill("#reason", "Our carers know the school well.")
    team.click("#send-answer")
    team.wait_for_load_state()
    assert "Your answer was sent" in team.content()
    team_context.close()

    page.goto(f"{live_server.url}/matching/referrals/{s.referral.pk}/")
    page.locator("#offers textarea").fill("Closest to school and meets every need.")
    page.get_by_role("button", name="Accept this offer").click()
    page.wait_for_load_state()
    assert "Offer accepted: 1 placement(s) started" in page.content()
    assert Placement.objects.filter(household=s.near, ended_on__isnull=True).count() == 1
    assert not Hold.objects.filter(referral=s.referral).active().exists()
    assert Hold.objects.get(household=s.far, referral=s.referral).released_at is not None
    timeline = page.locator("#timeline").inner_text()
    assert "Offer accepted" in timeline and "Closest to school" in timeline
