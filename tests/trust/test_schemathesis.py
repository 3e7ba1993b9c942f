"""API fuzzing: schemathesis generates requests from the OpenAPI schema for every operation and
sends them, signed in as several personas, to the service on the demo data. No answer may be a
server error (5xx) and every documented answer must match its schema.

CI bound: FUZZ_EXAMPLES (default 10) examples per operation and persona, seeded, so the run is
repeatable. On demand: ``FUZZ_EXAMPLES=500 .venv/bin/pytest tests/trust/test_schemathesis.py``
(or ``bench/fuzz_api.py``). Every request runs in a savepoint that is rolled back, so holds
created or released by one example do not change what the next one sees.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from fostering.core import access

from .conftest import report

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _hypothesis_jsonschema_compat() -> None:
    """hypothesis-jsonschema 0.23 calls ``many.more()``, which Hypothesis 6.150+ replaced with
    ``with many(...) as e: for _ in e``. Give ``many`` a ``more()`` built on the new protocol
    (a no-op once either library is updated)."""
    from hypothesis.internal.conjecture import utils as cu

    if hasattr(cu.many, "more"):
        return

    def more(self) -> bool:
        if self._depth is None:
            self.__enter__()
            self._compat_iterator = iter(self)
        try:
            next(self._compat_iterator)
        except StopIteration:
            self.__exit__(None)
            return False
        return True

    cu.many.more = more


_hypothesis_jsonschema_compat()

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
PERSONAS = tuple(
    os.environ.get(
        "FUZZ_PERSONAS", f"{access.PLACEMENT_OFFICER},{access.FOSTERING_TEAM_IFA},{access.ADMINISTRATOR}"
    ).split(",")
)


def _as_openapi_30(node):
    """django-ninja writes OpenAPI 3.1; schemathesis 3 validates as 3.0, where ``const`` is unknown
    (so a ``oneOf`` told apart by ``shape: const`` would match twice). ``enum: [value]`` says the same in both."""
    if isinstance(node, dict):
        out = {k: _as_openapi_30(v) for k, v in node.items() if k != "const"}
        if "const" in node:
            out["enum"] = [node["const"]]
        return out
    if isinstance(node, list):
        return [_as_openapi_30(v) for v in node]
    return node


def _call_django(case, headers: dict):
    """Send the case through Django's test client (which keeps the test's database connection and
    transaction, on PostgreSQL too) and wrap the answer for schemathesis' checks."""
    from django.test import Client
    from schemathesis.transports.responses import WSGIResponse
    from werkzeug.test import EnvironBuilder

    environ = EnvironBuilder(**case.as_werkzeug_kwargs(headers=headers)).get_environ()
    response = Client(raise_request_exception=False).request(**environ)
    return WSGIResponse(response.content, status=response.status_code, headers=list(response.items()))


def _fuzz(operation, persona: str, headers: dict, counted: dict, failures: list):
    """A Hypothesis test for one operation as one persona (a factory, so each gets its own closure)."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        counted["cases"] += 1
        with transaction.atomic():
            response = _call_django(case, headers)
            transaction.set_rollback(True)
        try:
            case.validate_response(response, checks=(not_a_server_error, response_schema_conformance))
        except Exception as exc:  # noqa: BLE001 - collect every failure, report them together
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            failures.append(
                f"{operation.verbose_name} as {persona}: {response.status_code} for "
                f"{case.path_parameters} {case.query}\n    {first}"
            )

    return run


def test_the_api_answers_generated_requests_from_every_persona_without_server_errors_or_schema_violations(
    world,
):
    from django.test import Client

    raw = _as_openapi_30(Client().get("/api/openapi.json").json())
    schema = schemathesis.from_dict(raw, app=WSGIHandler(), base_url="http://localhost", force_schema_version="30")
    failures: list[str] = []
    counted = {"cases": 0, "operations": 0}

    for result in schema.get_all_operations():
        operation = result.ok()
        counted["operations"] += 1
        for persona in PERSONAS:
            _fuzz(operation, persona, {"Authorization": f"Bearer {world.tokens[persona]}"}, counted, failures)()
    report(
        "schemathesis",
        f"{counted['cases']} cases over {counted['operations']} operations x {len(PERSONAS)} personas "
        f"(FUZZ_EXAMPLES={EXAMPLES}); failures: {len(failures)}",
    )
    assert counted["operations"] > 10
    unique = sorted(set(failures))
    assert not unique, f"{len(unique)} API failure(s):\n" + "\n".join(unique[:60])
