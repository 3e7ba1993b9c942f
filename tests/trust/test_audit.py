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
from .endpoints import api_endpoints, call, fill, minimal_body, page_endpoints, rule_of

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Endpoints that carry personal data of children or referrals, found from the declarations: any
# whose URL takes the id of a child, an important person or a referral (by the sample kind its
# rule or parameter name declares), and the children's and referrals' own pages. Each must be
# declared audited (or have a note saying why not) so a new one cannot slip by.
PERSONAL_KINDS = {"child", "person", "referral"}
PERSONAL_PREFIXES = ("children:", "referrals:", "GET /api/children", "GET /api/referrals/{referral_id}")


def _takes_personal_record(endpoint, rule) -> bool:
    from .endpoints import sample_kind

    kinds = {sample_kind(endpoint, p) for p in endpoint.params + endpoint.query}
    kinds |= {k for name, k in rule.samples.items() if name.startswith("?")}
    return bool(kinds & PERSONAL_KINDS) or endpoint.key.startswith(PERSONAL_PREFIXES)


def _schema() -> dict:
    from django.test import Client

    return Client().get("/api/openapi.json").json()


def _endpoints():
    pages, _ = page_endpoints()
    return pages + api_endpoints(_schema())


# Answers that mean the request was refused before the view touched a record (or was not
# this persona's): nothing to audit. Any other answer (2xx, 3xx, or 409 for a change that could
# not be made) comes from a view that read the record, so an audit entry is due.
REFUSED = (400, 401, 403, 404, 405, 410, 422)


def test_every_read_or_change_of_a_childs_record_a_referral_or_carers_details_writes_an_audit_entry(world):
    schema = _schema()
    pages, _ = page_endpoints()
    audited = [e for e in pages + api_endpoints(schema) if (r := rule_of(e)) is not None and r.audited]
    assert len(audited) >= 10, "The audited endpoints are declared in fostering/core/access.py (audited=True)."
    failures: list[str] = []
    cases = 0
    for endpoint in audited:
        rule = rule_of(endpoint)
        tried = 0
        for persona in sorted(rule.allowed - {access.ANONYMOUS}, key=access.PERSONAS.index):
            url = fill(endpoint, world, persona)
            body = minimal_body(schema, endpoint, world, persona) if endpoint.kind == "api" else "{}"
            response = call(endpoint, world, persona, url, body=body)
            if response.status_code == 405 and endpoint.kind == "page":
                response = call(endpoint, world, persona, url, method="post")  # a POST-only change
            if response.status_code in REFUSED:
                continue  # refused for this sample (e.g. not this persona's record): the matrix checks that
            cases += 1
            tried += 1
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
        if not tried:
            failures.append(
                f"{endpoint.key}: declared audited, but no allowed persona got an answer to check "
                f"(every request was refused): give the world a record its allowed personas may use"
            )
    report(
        "audit: audited endpoint x persona requests, all with an audit entry", f"{cases} over {len(audited)} endpoints"
    )
    assert not failures, "\n".join(failures)


def test_every_endpoint_showing_children_or_referrals_is_declared_audited_or_says_why_not():
    undeclared = []
    for endpoint in _endpoints():
        rule = rule_of(endpoint)
        if rule is None or not _takes_personal_record(endpoint, rule):
            continue
        if not rule.audited and not rule.note:
            undeclared.append(endpoint.key)
    assert not undeclared, (
        "These endpoints show or change children's or referrals' records: mark them audited=True in "
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
