"""When the database goes away mid-request: a clear 503 with a sentence, not a 500 traceback.

A lost connection (PostgreSQL restarted, connection killed, network blip) raises
``OperationalError``/``InterfaceError`` from wherever the view was. The transaction it was in
is rolled back by the database, so nothing is half-written; this middleware answers the user
(JSON ``{"detail": ...}`` for the API, a plain GOV.UK-style page otherwise, rendered without
touching the database) and drops the broken connection so the next request reconnects.
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

MESSAGE = "The register cannot reach its database just now, so nothing was saved. Please try again in a minute."
PAGE = f"""<!DOCTYPE html>
<html lang="en" class="govuk-template"><head><meta charset="utf-8"><title>Service unavailable – National Fostering Register</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body class="govuk-template__body"><main class="govuk-main-wrapper" id="main-content">
<h1 class="govuk-heading-l">Sorry, the service is unavailable</h1>
<p class="govuk-body">{MESSAGE}</p></main></body></html>"""


def _connection_errors() -> tuple[type[Exception], ...]:
    """Django's wrappers plus the drivers' own classes (raw COPY calls are not wrapped by Django)."""
    found: list[type[Exception]] = [OperationalError, InterfaceError]
    for conn in connections.all(initialized_only=True):
        for name in ("OperationalError", "InterfaceError"):
            cls = getattr(conn.Database, name, None)
            if cls is not None:
                found.append(cls)
    return tuple(found)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, _connection_errors()):
            return None
        logger.warning("Database unavailable during %s %s: %s", request.method, request.path, exception)
        for conn in connections.all(initialized_only=True):
            try:
                if conn.connection is not None and not conn.is_usable():
                    conn.close()
            except Exception:  # noqa: BLE001, S110 - closing a dead connection may itself fail
                pass
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": MESSAGE}, status=503)
        else:
            response = HttpResponse(PAGE, status=503, content_type="text/html; charset=utf-8")
        response["Retry-After"] = "30"
        return response
