"""The published OpenAPI schema describes what the API really answers (found by the schemathesis
fuzzing in tests/trust): schema names are unique across apps, and error answers are documented."""

from __future__ import annotations

import importlib
import json
from collections import defaultdict

from ninja import Schema

from config.api import API_APPS, api


def _api_schemas() -> dict[str, dict[str, str]]:
    """Schema classes defined in each app's api.py, by class name: module -> JSON schema."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for app in API_APPS:
        try:
            module = importlib.import_module(f"fostering.{app}.api")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == module.__name__:
                found[value.__name__][module.__name__] = json.dumps(value.model_json_schema(), sort_keys=True)
    return found


def test_no_two_different_api_schemas_share_a_name_so_the_published_schema_documents_each_answer():
    # django-ninja keys the schema's components by class name: two different classes with one
    # name made /api/referrals/{id}/summary documented as the exits summary.
    clashes = {
        name: sorted(modules)
        for name, modules in _api_schemas().items()
        if len(modules) > 1 and len(set(modules.values())) > 1
    }
    assert not clashes, f"Rename one of each (the OpenAPI schema would document only one): {clashes}"


def test_the_referral_summary_is_documented_as_the_referral_summary():
    schema = api.get_openapi_schema()
    ref = schema["paths"]["/api/referrals/{referral_id}/summary"]["get"]["responses"][200]["content"][
        "application/json"
    ]["schema"]["$ref"]
    documented = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert {"reference", "children", "siblings_together"} <= set(documented["properties"])


def test_every_operation_documents_the_error_answers_the_api_gives():
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = {int(code) for code in operation["responses"]}
            assert {401, 403} <= responses, f"{method.upper()} {path}"
            if operation.get("parameters") or operation.get("requestBody"):
                assert {400, 404, 422} <= responses, f"{method.upper()} {path}"
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]


def test_a_refusal_and_a_malformed_request_answer_in_the_documented_shape(client, db):
    from fostering.accounts.tests.factories import placement_officer

    client.force_login(placement_officer())
    refused = client.get("/api/costs/benchmarks")  # placement officers do not see cost benchmarks
    malformed = client.get("/api/vacancies?within_km=far")

    assert refused.status_code == 403 and isinstance(refused.json()["detail"], str)
    assert malformed.status_code == 422
    assert all({"loc", "msg"} <= set(problem) for problem in malformed.json()["detail"])
