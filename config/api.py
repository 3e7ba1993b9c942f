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

api = NinjaAPI(
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
