"""Page titles follow GOV.UK's pattern, "Page – Service – GOV.UK", so a screen-reader user
hears where they are first (they used to run together: "Sign inNational Fostering Register")."""

import re

import pytest

pytestmark = pytest.mark.django_db


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_the_sign_in_page_is_titled_page_then_service_then_gov_uk(client):
    assert title_of(client.get("/accounts/sign-in/").content.decode()) == "Sign in – National Fostering Register – GOV.UK"


def test_a_public_front_door_page_has_its_own_name_first(client):
    title = title_of(client.get("/fostering/").content.decode())
    page, service, govuk = title.split(" – ")
    assert page and service == "National Fostering Register" and govuk == "GOV.UK"
