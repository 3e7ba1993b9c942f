"""Idempotent write requests for the API: send it twice, it happens once.

A case system that loses the answer to a write (a timeout, a dropped connection) sends the
request again. With an ``Idempotency-Key`` header (any string up to 255 characters, e.g. a
UUID), or a ``client_reference`` in the body when the operation takes one, the register
acts on the first request only:

* the same key with the same body (same method and path) gets the first answer again, with
  the header ``Idempotent-Replayed: true``;
* the same key with a different body, or on another operation, is refused with 409 and a
  sentence saying so, and nothing is changed;
* a request that failed (4xx) saved nothing and kept no record, so it can be corrected and
  sent again with the same key.

Keys belong to the caller (the API token's user): two organisations cannot collide. Header
keys are one namespace per user; client references are per operation (a case system may use
its child number as the reference of a child and of a referral). Records are kept
``IDEMPOTENCY_KEEP_DAYS`` (7) and then forgotten by the daily job.

Use it on a django-ninja operation with ``@idempotent`` under the router decorator and
``openapi_extra=IDEMPOTENCY_OPENAPI`` to document the header; the view's body runs in one
transaction with the record, so concurrent repeats wait for the first and then replay it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import inspect
import json
import typing
from functools import wraps

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import timezone
from ninja import Status
from ninja.errors import HttpError
from ninja.responses import NinjaJSONEncoder

from .models import IdempotencyRecord

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
DEFAULT_KEEP_DAYS = 7

IDEMPOTENCY_OPENAPI = {
    "parameters": [
        {
            "name": HEADER,
            "in": "header",
            "required": False,
            "description": (
                "Send the same key again with the same body to get the first answer back instead of acting twice "
                "(kept 7 days). The same key with a different body is refused with 409."
            ),
            "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": "^[!-~]+$"},
        }
    ]
}
CONFLICT_RESPONSE = "This Idempotency-Key (or client reference) was already used with a different request."


def keep_days() -> int:
    return int(getattr(settings, "IDEMPOTENCY_KEEP_DAYS", DEFAULT_KEEP_DAYS))


def forget_old(now: dt.datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - dt.timedelta(days=keep_days())
    return IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()[0]


def fingerprint(method: str, path: str, body: bytes) -> str:
    """The same request whatever the JSON's spacing or key order."""
    try:
        canonical = json.dumps(json.loads(body or b"null"), sort_keys=True, separators=(",", ":"))
    except (ValueError, UnicodeDecodeError):
        canonical = (body or b"").decode("latin-1")
    return hashlib.sha256(f"{method.upper()} {path}\n{canonical}".encode()).hexdigest()


def _client_reference(body: bytes) -> str:
    try:
        data = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError):
        return ""
    value = data.get("client_reference") if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) else ""


def _unpack(result) -> tuple[int, object]:
    if isinstance(result, Status):
        return result.status_code, result.value
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], int):
        return result
    return 200, result


def idempotent(view):
    """Make a django-ninja write operation idempotent (see the module's docstring)."""

    @wraps(view)
    def wrapper(request, *args, response: HttpResponse, **kwargs):
        header = (request.headers.get(HEADER) or "").strip()
        if len(header) > MAX_KEY_LENGTH or not all("!" <= ch <= "~" for ch in header):
            raise HttpError(
                400, f"The {HEADER} header must be up to {MAX_KEY_LENGTH} printable characters without spaces."
            )
        key, scope = header, "header"
        if not key:
            key = _client_reference(request.body)[:MAX_KEY_LENGTH]
            if any(ord(ch) < 32 or ord(ch) == 127 for ch in key):
                raise HttpError(400, "The client_reference contains a control character; send plain text.")
            scope = f"{request.method} {getattr(request.resolver_match, 'route', request.path)}"[:200]
        if not key:
            return view(request, *args, **kwargs)
        prints = fingerprint(request.method, request.path, request.body)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(
                        user=request.user, scope=scope, key=key, fingerprint=prints, method=request.method,
                        path=request.path[:300], status_code=0, response=None,
                    )  # fmt: skip
            except IntegrityError:
                record = IdempotencyRecord.objects.get(user=request.user, scope=scope, key=key)
                if record.fingerprint != prints:
                    what = f"the {HEADER} “{key}”" if scope == "header" else f"the client reference “{key}”"
                    raise HttpError(
                        409,
                        f"You already used {what} for a different request ({record.method} {record.path} with "
                        f"another body); send a new key for a new request.",
                    )
                response[REPLAYED] = "true"  # the answer goes through the schema as the first did
                return Status(record.status_code, record.response)
            result = view(request, *args, **kwargs)
            code, value = _unpack(result)
            record.status_code = code
            record.response = json.loads(json.dumps(value, cls=NinjaJSONEncoder))
            record.save(update_fields=["status_code", "response"])
            return Status(code, record.response)

    # django-ninja reads the parameters' types from the signature: give it the view's, with
    # annotations resolved in the view's own module (``from __future__ import annotations``).
    hints = typing.get_type_hints(view)
    signature = inspect.signature(view)
    parameters = [p.replace(annotation=hints.get(p.name, p.annotation)) for p in signature.parameters.values()]
    # …plus ninja's temporal response, to set the replay header on.
    parameters.append(inspect.Parameter("response", inspect.Parameter.KEYWORD_ONLY, annotation=HttpResponse))
    wrapper.__signature__ = signature.replace(parameters=parameters)
    wrapper.__annotations__ = hints
    wrapper.idempotent = True
    return wrapper
