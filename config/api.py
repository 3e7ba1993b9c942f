"""The JSON API: django-ninja, OpenAPI at /api/openapi.json, docs at /api/docs.

Each app that offers endpoints has an ``api.py`` with a ``router``; they are mounted here
in one list. Clients authenticate with ``Authorization: Bearer TOKEN`` (per-user tokens)
or, from the web pages, with their signed-in session. Errors are always 4xx with a
``detail`` sentence that says what is wrong.
"""

from __future__ import annotations

import importlib

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.security import django_auth

from fostering.accounts.api_auth import ApiTokenAuth

# Answers every operation can give through the handlers below, documented once here so the schema
# lists them (clients and the schemathesis fuzzing in tests/trust rely on it). An operation's own
# declaration of a code wins.
ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string", "title": "Detail"}},
    "required": ["detail"],
    "title": "Error",
}
REQUEST_ERRORS_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"loc": {"type": "array"}, "msg": {"type": "string"}, "type": {"type": "string"}},
                "required": ["loc", "msg"],
            },
        }
    },
    "required": ["detail"],
    "title": "RequestErrors",
}
SHARED_ERRORS = {
    401: "Not signed in and no valid API token.",
    403: "Your role or organisation may not do this.",
}
INPUT_ERRORS = {
    400: "The request's data was refused; the detail says why.",
    404: "No such record, or not one your organisation may see.",
    422: "A parameter or the body does not have the documented shape; one entry per problem.",
}


def document_error_answers(schema: dict) -> dict:
    """Add the error answers the API's exception handlers give to every operation of an OpenAPI
    schema: 401 and 403 to every authenticated operation, and 400, 404 and 422 to every operation
    that takes parameters or a body."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", ERROR_SCHEMA)
    components.setdefault("RequestErrors", REQUEST_ERRORS_SCHEMA)
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            errors = dict(SHARED_ERRORS) if operation.get("security") else {}
            if operation.get("parameters") or operation.get("requestBody"):
                errors.update(INPUT_ERRORS)
            for code, description in errors.items():
                if code in responses or str(code) in responses:
                    continue
                body = "RequestErrors" if code == 422 else "Error"
                responses[code] = {
                    "description": description,
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{body}"}}},
                }
    return schema


class RegisterAPI(NinjaAPI):
    """NinjaAPI whose published schema also documents the error answers (see document_error_answers)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        return document_error_answers(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


api = RegisterAPI(
    title="National Fostering Register API",
    version="1",
    description=(
        "Households, vacancies, children, referrals, matching and sufficiency for England's "
        "fostering services. Authenticate with `Authorization: Bearer TOKEN` "
        "(tokens: `python manage.py create_api_token USERNAME`). Every answer is scoped to "
        "what your organisation may see."
    ),
    auth=[ApiTokenAuth(), django_auth],
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)

# Apps with an ``api.py`` exposing ``router``, in the order their sections appear in the docs.
API_APPS = [
    "core",
    "geography",
    "organisations",
    "register",
    "vacancies",
    "children",
    "referrals",
    "matching",
    "placements",
    "sufficiency",
    "costs",
    "enquiries",
    "exits",
    "interop",
    "experience",
    "support",
]

for _app in API_APPS:
    try:
        _module = importlib.import_module(f"fostering.{_app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"fostering.{_app}.api":
            raise
        continue
    api.add_router("", _module.router)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(
        request, {"detail": str(exc) or "You do not have permission to do this."}, status=403
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


@api.exception_handler(ObjectDoesNotExist)
def _object_not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(DjangoValidationError)
def _invalid(request, exc):
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=400)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(
        request,
        {"detail": "Sign in or send a valid API token as 'Authorization: Bearer TOKEN'."},
        status=401,
    )


__all__ = ["api", "HttpError"]
