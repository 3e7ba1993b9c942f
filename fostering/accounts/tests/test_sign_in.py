"""Signing in and out, lockout after repeated failures, API tokens and the audit log."""

import pytest
from django.core.management import call_command

from fostering.accounts import audit
from fostering.accounts.models import ApiToken, AuditEvent
from fostering.accounts.tests.factories import PASSWORD, administrator, placement_officer
from fostering.organisations.tests.factories import IfaOrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_user_can_sign_in_and_sees_their_roles(client):
    officer = placement_officer(username="priya")
    response = client.post("/accounts/sign-in/", {"username": "priya", "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert response.context["user"] == officer
    assert b"Placement officer" in response.content
    assert b"Sign out" in response.content


def test_a_wrong_password_says_what_is_wrong(client):
    placement_officer(username="priya")
    response = client.post("/accounts/sign-in/", {"username": "priya", "password": "nope"})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"Enter a correct username and password" in response.content


def test_an_account_is_locked_after_five_failed_sign_ins(client):
    placement_officer(username="priya")
    for _ in range(5):
        client.post("/accounts/sign-in/", {"username": "priya", "password": "wrong"})
    locked = client.post("/accounts/sign-in/", {"username": "priya", "password": PASSWORD})
    assert locked.status_code == 429
    assert b"locked" in locked.content
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_so_colleagues_can_still_sign_in(client):
    placement_officer(username="priya")
    colleague = placement_officer(username="sam")
    for _ in range(5):
        client.post("/accounts/sign-in/", {"username": "priya", "password": "wrong"})
    response = client.post("/accounts/sign-in/", {"username": "sam", "password": PASSWORD}, follow=True)
    assert response.context["user"] == colleague


def test_sign_out_needs_a_post_and_ends_the_session(client):
    officer = placement_officer()
    client.force_login(officer)
    client.post("/accounts/sign-out/")
    assert "_auth_user_id" not in client.session


def test_an_api_token_created_by_command_authenticates_as_its_user(client, capsys):
    officer = placement_officer(username="api-user")
    call_command("create_api_token", "api-user")
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("nfr_")
    token = ApiToken.objects.get(user=officer)
    assert raw not in (token.key_hash, token.prefix)  # only a hash is stored
    response = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "api-user"
    assert response.json()["roles"] == ["placement_officer"]


def test_the_api_refuses_a_missing_or_revoked_token_with_a_reason(client):
    officer = placement_officer()
    token, raw = ApiToken.issue(officer)
    assert client.get("/api/me").status_code == 401
    assert client.get("/api/me", HTTP_AUTHORIZATION="Bearer nfr_wrong").status_code == 401
    from django.utils import timezone

    token.revoked_at = timezone.now()
    token.save()
    refused = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert refused.status_code == 401
    assert "token" in refused.json()["detail"]


def test_create_api_token_for_an_unknown_user_is_a_clear_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no user called"):
        call_command("create_api_token", "nobody")


def test_audit_entries_record_who_did_what_and_administrators_can_search_them(client, rf):
    officer = placement_officer(username="priya")
    request = rf.get("/children/42/", REMOTE_ADDR="10.1.2.3")
    request.user = officer
    org = IfaOrganisationFactory()
    audit.record(request, AuditEvent.Action.READ, org, detail="viewed")
    event = AuditEvent.objects.get()
    assert (event.username, event.action, event.object_type, event.object_id) == ("priya", "read", "organisations.organisation", str(org.pk))
    assert event.ip_address == "10.1.2.3"
    assert event.path == "/children/42/"

    client.force_login(administrator())
    page = client.get("/accounts/audit-log/?username=priya")
    assert page.status_code == 200
    assert b"organisations.organisation" in page.content
    client.force_login(officer)
    assert client.get("/accounts/audit-log/").status_code == 403
