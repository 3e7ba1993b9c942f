"""API fuzzing against a live server: schemathesis reads the OpenAPI schema the running service
publishes at /api/openapi.json, generates requests for every operation and sends them over real
HTTP, with each persona's API token, to pytest-django's live server holding the demo data. No
answer may be a server error (5xx), every answer must match its documented schema, and every
status code must be one the schema documents.

Personas: FUZZ_PERSONAS (default placement officer, IFA fostering team, administrator) on every
operation, plus one allowed persona where none of those may use it; cases mix generated path
parameters with the persona's own records (see bench/fuzz_api.py, which holds the engine).

The data is committed (a transactional test, flushed afterwards so the database is left clean) so
the server thread sees it, and a write by one example (a hold placed or released, an enquiry
moved on) is what the next one sees, as with real clients. Generation is derandomized: a run
repeats exactly.

CI bound: FUZZ_EXAMPLES (default 10) examples per operation and persona. On demand:
``.venv/bin/python bench/fuzz_api.py`` (200 per operation and persona, against ``runserver``) or
``FUZZ_EXAMPLES=200 ./scripts/test.sh tests/trust/test_schemathesis.py``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from .conftest import report
from .world import make_world

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.fuzz_api import DEFAULT_PERSONAS, fuzz_live_server  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
PERSONAS = tuple(os.environ.get("FUZZ_PERSONAS", DEFAULT_PERSONAS).split(","))


def test_the_live_api_answers_generated_requests_from_every_persona_without_server_errors_or_schema_violations(
    live_server,
):
    world = make_world()

    run = fuzz_live_server(live_server.url, world, EXAMPLES, PERSONAS)

    report("schemathesis", run.summary())
    assert run.operations > 10
    assert run.pairs >= run.operations * len(PERSONAS)
    assert run.cases >= run.pairs
    assert run.statuses.get(200, 0) + run.statuses.get(201, 0) > run.operations, "too few allowed answers checked"
    failures = run.unique_failures()
    assert not failures, f"{len(failures)} API failure(s):\n" + "\n".join(failures[:400])
