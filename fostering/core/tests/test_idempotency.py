"""Idempotency under concurrency: a case system that times out and sends the same request again
while the first is still running gets the first answer, and the change happens once (the second
request waits on the key's unique index until the first commits, then replays it)."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from fostering.accounts.models import ApiToken, AuditEvent
from fostering.accounts.tests.factories import fostering_team
from fostering.core.idempotency import fingerprint
from fostering.core.models import IdempotencyRecord
from fostering.register.tests.factories import HouseholdFactory


def test_the_fingerprint_ignores_spacing_and_key_order_but_not_values():
    a = fingerprint("PUT", "/api/x", b'{"a": 1, "b": [1, 2]}')
    assert a == fingerprint("put", "/api/x", b'{"b":[1,2],"a":1}')
    assert a != fingerprint("PUT", "/api/x", b'{"a": 2, "b": [1, 2]}')
    assert a != fingerprint("PUT", "/api/y", b'{"a": 1, "b": [1, 2]}')


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_repeats_of_one_request_change_it_once_and_both_get_the_same_answer():
    household = HouseholdFactory()
    team = fostering_team(organisation=household.fostering_service.organisation)
    token = ApiToken.issue(team)[1]
    url = f"/api/households/{household.pk}/availability"
    body = json.dumps({"temporarily_unavailable": True, "unavailable_reason": "Carer in hospital"})
    start, answers = threading.Barrier(2), []

    def send():
        try:
            start.wait()
            answers.append(Client().put(url, body, content_type="application/json",
                                        HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_IDEMPOTENCY_KEY="retry-1"))  # fmt: skip
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    assert [a.status_code for a in answers] == [200, 200]
    assert answers[0].json() == answers[1].json()
    assert sorted(a.get("Idempotent-Replayed", "") for a in answers) == ["", "true"]
    assert IdempotencyRecord.objects.count() == 1
    assert AuditEvent.objects.filter(object_id=str(household.pk), detail="availability changed (API)").count() == 1
