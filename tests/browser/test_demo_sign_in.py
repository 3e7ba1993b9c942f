"""A newcomer signs in with each printed demo login and sees their own navigation,
in real headless Chromium against a live server holding the small demo data set."""

import datetime as dt

import pytest

from fostering.accounts.demo import demo_password
from fostering.core.demo import generate
from fostering.core.navigation import NAVIGATION

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# username → the role label shown, and navigation every user with that role must see.
DEMO_USERS = {
    "placement.officer": "Placement officer",
    "fostering.team": "Fostering team",
    "ifa.team": "Fostering team",
    "carer": "Carer",
    "commissioner": "Commissioner",
    "analyst": "Analyst",
    "admin": "Administrator",
}


def nav_labels(page) -> list[str]:
    return [t.strip() for t in page.locator("#navigation a").all_inner_texts()]


@pytest.fixture
def demo_data(transactional_db):
    generate("small", 1, log=lambda *_: None, today=dt.date.today())


def test_each_demo_login_signs_in_and_sees_its_own_navigation(demo_data, live_server, page, sign_in):
    from fostering.accounts.models import User

    for username, role_label in DEMO_USERS.items():
        page.context.clear_cookies()
        sign_in(username, demo_password())
        assert page.locator("[data-testid=roles]").inner_text() == role_label, username
        user = User.objects.get(username=username)
        labels = nav_labels(page)
        # Every item shown belongs to one of the user's roles, and the administrator's
        # tools are never shown to anyone else.
        allowed = {item.label for item in NAVIGATION if item.roles & user.roles}
        assert set(labels) <= allowed, (username, labels)
        if username == "admin":
            assert {"Audit log", "Administration"} <= set(labels)
        else:
            assert "Audit log" not in labels
        assert page.get_by_role("button", name="Sign out").is_visible()


def test_a_wrong_password_shows_the_error_summary(demo_data, live_server, page, sign_in):
    sign_in("placement.officer", "not-the-password")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Enter a correct username and password" in summary.inner_text()


def test_the_home_page_is_styled_by_govuk_frontend(live_server, page):
    page.goto(live_server.url + "/")
    # The stylesheet is served (from npm's govuk-frontend) and applied: the header is
    # GOV.UK's dark header, not an unstyled page.
    css = page.request.get(live_server.url + "/govuk-frontend.min.css")
    assert css.status == 200
    colour = page.evaluate("getComputedStyle(document.querySelector('.govuk-template__body')).margin")
    assert colour == "0px"
    assert page.locator("h1").inner_text() == "National Fostering Register"
