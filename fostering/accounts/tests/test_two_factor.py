"""Staff who can see children's and carers' personal data use a second factor (TOTP)."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from fostering.accounts.tests.factories import PASSWORD, analyst, placement_officer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # throttling is tested on its own below


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, username):
    return client.post("/accounts/sign-in/", {"username": username, "password": PASSWORD})


def test_a_placement_officer_without_an_authenticator_is_sent_to_set_one_up(client):
    placement_officer(username="priya")
    sign_in(client, "priya")
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/two-factor/set-up/")
    setup = client.get(response.url)
    assert b"<svg" in setup.content  # the QR code, drawn locally
    device = TOTPDevice.objects.get(user__username="priya", confirmed=False)
    bad = client.post("/accounts/two-factor/set-up/", {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert b"That code is not right" in bad.content
    ok = client.post("/accounts/two-factor/set-up/", {"code": code_for(device), "next": "/"})
    assert ok.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200


def test_a_returning_officer_enters_a_code_after_their_password(client):
    officer = placement_officer(username="priya")
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    sign_in(client, "priya")
    assert client.get("/").url.startswith("/accounts/two-factor/")
    assert client.get("/api/me").status_code == 403  # session API calls are held back too
    client.post("/accounts/two-factor/", {"code": code_for(device)})
    assert client.get("/").status_code == 200
    assert client.get("/api/me").status_code == 200


def test_letters_in_the_code_get_a_plain_english_error(client):
    officer = placement_officer(username="priya")
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    sign_in(client, "priya")
    response = client.post("/accounts/two-factor/", {"code": "12ab56"})
    assert b"The code must be 6 digits" in response.content


def test_repeated_wrong_codes_are_throttled(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    officer = placement_officer(username="priya")
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    sign_in(client, "priya")
    wrong = "000000" if code_for(device) != "000000" else "111111"
    client.post("/accounts/two-factor/", {"code": wrong})
    response = client.post("/accounts/two-factor/", {"code": code_for(device)})
    assert b"Too many wrong codes" in response.content
    assert client.get("/").status_code == 302


def test_analysts_who_see_only_aggregates_are_not_asked_for_a_code(client):
    analyst(username="tom")
    sign_in(client, "tom")
    assert client.get("/").status_code == 200


def test_production_settings_require_two_factor_and_pass_the_deploy_check(tmp_path):
    """`manage.py check --deploy` is clean with production settings."""
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 20 + "-production-like-secret-key-with-enough-entropy-0123456789",
        "DATABASE_URL": "postgres://app@127.0.0.1:1/nfr",
        "ALLOWED_HOSTS": "register.example.org",
    }
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout + out.stderr
    shown = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED)"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert shown.stdout.strip() == "True"
