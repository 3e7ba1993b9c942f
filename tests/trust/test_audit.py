"""Audit: every page and API operation that reads or changes a child's record, a referral or
carers' personal data writes an audit entry saying who, what, when and from where.

The list of such endpoints is the ``audited=True`` rules in fostering/core/access.py; each is
requested by every persona allowed to use it, and must leave at least one AuditEvent naming
that user, their organisation, the path and the address the request came from.
"""

from __future__ import annotations

import pytest

from fostering.core import access

from .conftest import report
from .endpoints import api_endpoints, call, fill, page_endpoints, rule_of

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Families of endpoints that carry personal data of children, referrals or carers: each must be
# declared audited (or have a note saying why not) so a new one cannot slip by.
PERSONAL_PREFIXES = ("children:", "referrals:", "GET /api/children", "GET /api/referrals/{referral_id}")


def _endpoints():
    from django.test import Client

    pages, _ = page_endpoints()
    return pages + api_endpoints(Client().get("/api/openapi.json").json())


def test_every_read_or_change_of_a_childs_record_a_referral_or_carers_details_writes_an_audit_entry(world):
    audited = [e for e in _endpoints() if (r := rule_of(e)) is not None and r.audited]
    assert len(audited) >= 10, "The audited endpoints are declared in fostering/core/access.py (audited=True)."
    failures: list[str] = []
    cases = 0
    for endpoint in audited:
        rule = rule_of(endpoint)
        for persona in sorted(rule.allowed - {access.ANONYMOUS}, key=access.PERSONAS.index):
            url = fill(endpoint, world, persona)
            response = call(endpoint, world, persona, url)
            if response.status_code == 405 and endpoint.kind == "page":
                response = call(endpoint, world, persona, url, method="post")  # a POST-only change
            if response.status_code >= 400:
                continue  # refused for this sample (e.g. not this persona's record): the matrix checks that
            cases += 1
            user = world.users[persona]
            events = [e for e in response.audit_events if e.user_id == user.pk]
            if not events:
                failures.append(f"{endpoint.key} as {persona}: {response.status_code} at {url} wrote no audit entry")
                continue
            event = events[0]
            if not (event.username == user.username and event.organisation_id == user.organisation_id):
                failures.append(
                    f"{endpoint.key}: audit entry does not say who ({event.username}, {event.organisation_id})"
                )
            if not (event.at and event.path and event.ip_address and event.object_type):
                failures.append(
                    f"{endpoint.key}: audit entry lacks what/when/where (type={event.object_type!r}, "
                    f"at={event.at}, path={event.path!r}, ip={event.ip_address!r})"
                )
    report(
        "audit: audited endpoint x persona requests, all with an audit entry", f"{cases} over {len(audited)} endpoints"
    )
    assert cases >= len(audited)
    assert not failures, "\n".join(failures)


def test_every_endpoint_showing_children_or_referrals_is_declared_audited_or_says_why_not():
    undeclared = []
    for endpoint in _endpoints():
        rule = rule_of(endpoint)
        if rule is None or not endpoint.key.startswith(PERSONAL_PREFIXES):
            continue
        if not rule.audited and not rule.note:
            undeclared.append(endpoint.key)
    assert not undeclared, (
        "These endpoints show children's or referrals' records: mark them audited=True in "
        "fostering/core/access.py (and call accounts.audit.record in the selector), or give a note= saying why not: "
        + ", ".join(undeclared)
    )


def test_administrators_can_search_the_audit_log_and_others_cannot(world):
    from django.test import Client

    from fostering.accounts import audit

    officer = world.users[access.PLACEMENT_OFFICER]
    audit.record(officer, "read", object_type="children.child", object_id="424242", detail="trust test")
    admin = Client()
    admin.force_login(world.users[access.ADMINISTRATOR])
    response = admin.get("/accounts/audit-log/", {"object_id": "424242", "username": officer.username})
    assert response.status_code == 200
    assert b"424242" in response.content and officer.username.encode() in response.content
    other = Client()
    other.force_login(officer)
    assert other.get("/accounts/audit-log/", {"object_id": "424242"}).status_code in (403, 404)
