"""Accessibility: the main pages of every role pass axe-core (from npm, run in Chromium) with no
serious or critical violations. Pages are opened as a persona the access rules allow, on the
small demo data, through a live server."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

from fostering.accounts.demo import demo_password
from fostering.core import access

from .conftest import report
from .world import PERSONA_USERNAMES, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# (URL name, URL parameter → sample kind): the main pages named in the issue.
MAIN_PAGES: list[tuple[str, dict[str, str]]] = [
    ("core:home", {}),
    ("accounts:sign-in", {}),
    ("enquiries:start", {}),
    ("enquiries:step", {"slug": "slug"}),
    ("register:search", {}),
    ("register:household-list", {}),
    ("register:household-detail", {"pk": "household"}),
    ("register:my-household", {}),
    ("vacancies:service-vacancies", {}),
    ("vacancies:my-availability", {}),
    ("children:list", {}),
    ("children:detail", {"pk": "child"}),
    ("referrals:list", {}),
    ("referrals:detail", {"pk": "referral"}),
    ("matching:inbox", {}),
    ("matching:carer-referrals", {}),
    ("sufficiency:dashboard", {}),
    ("costs:dashboard", {}),
    ("support:my-delegated-authority", {}),
    ("homes:my-profile", {}),
    ("experience:rights-index", {}),
    ("experience:survey", {"token": "survey_token"}),
]
SERIOUS = {"serious", "critical"}


def _persona_for(url_name: str) -> str | None:
    """The first persona the access rules allow (anonymous first), so each page is seen as one of its users."""
    rule = access.page_rule(url_name)
    if rule is None:
        return None
    for persona in access.PERSONAS:
        if persona in rule.allowed:
            return persona
    return None


def _survey_token(world) -> str:
    from fostering.experience.links import issue_links
    from fostering.experience.models import SurveyRound

    officer = world.users[access.PLACEMENT_OFFICER]
    survey_round = SurveyRound.objects.order_by("-pk").first()
    issued = issue_links(officer, survey_round)
    return issued[0].token if issued else "no-such-token"


def test_the_main_pages_of_every_role_have_no_serious_or_critical_accessibility_violations(
    live_server, browser, transactional_db
):
    world = make_world(plant=False)
    token = _survey_token(world)
    contexts: dict[str, object] = {}
    problems: list[str] = []
    checked = 0
    try:
        for url_name, params in MAIN_PAGES:
            persona = _persona_for(url_name)
            if persona is None:
                continue  # page not built (yet) or no rule: the access matrix reports that
            if "survey_token" in params.values() and token == "no-such-token":
                continue  # no child of the demo authority is due a survey link today
            kwargs = {
                p: (token if kind == "survey_token" else world.sample(kind, persona)) for p, kind in params.items()
            }
            try:
                path = reverse(url_name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            if persona not in contexts:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.set_default_timeout(90_000)
                if persona != access.ANONYMOUS:
                    page.goto(f"{live_server.url}/accounts/sign-in/")
                    page.fill("#id_username", PERSONA_USERNAMES[persona])
                    page.fill("#id_password", demo_password())
                    page.click("button[type=submit]")
                    page.wait_for_load_state()
                contexts[persona] = (context, page)
            page = contexts[persona][1]
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status < 400, (
                f"{url_name} as {persona}: {response and response.status}"
            )
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            checked += 1
            for v in result["violations"]:
                if v.get("impact") in SERIOUS:
                    targets = "; ".join(", ".join(n["target"]) for n in v["nodes"][:3])
                    problems.append(f"{url_name} as {persona}: {v['impact']} {v['id']} ({v['help']}) at {targets}")
    finally:
        for context, _page in contexts.values():
            context.close()
    report("accessibility: pages checked with axe-core", f"{checked}; serious/critical violations: {len(problems)}")
    assert checked >= 12
    assert not problems, "\n".join(problems)
