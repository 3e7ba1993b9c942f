"""The API's write operations validate through the same Django forms as the pages, so a case
system's push is held to the same rules and gets the same plain-English messages, as one
``detail`` sentence naming each field (and the item, in a bulk request)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from ninja.errors import HttpError


def errors_sentence(errors: dict, prefix: str = "") -> str:
    """ "postcode: Enter a real postcode…; bedrooms: …" (``__all__`` errors without a field name)."""
    parts = []
    for field, messages in errors.items():
        text = " ".join(str(m).rstrip(".") + "." for m in messages)
        parts.append(text if field in ("__all__", None) else f"{field}: {text}")
    return prefix + "; ".join(parts)


def validated(form: forms.Form, prefix: str = "") -> forms.Form:
    """The form if its data is valid, else a 400 whose detail lists every problem."""
    if not form.is_valid():
        raise HttpError(400, errors_sentence(form.errors, prefix))
    return form


def refused(exc: ValidationError, prefix: str = "") -> HttpError:
    """A service's ValidationError (plain or keyed by field) as a 400 with a sentence."""
    if hasattr(exc, "error_dict"):
        return HttpError(400, errors_sentence(exc.message_dict, prefix))
    return HttpError(400, prefix + " ".join(exc.messages))


def form_data(values: dict) -> dict:
    """API values as form data: None left out, booleans only when true (a checkbox), dates ISO."""
    out = {}
    for key, value in values.items():
        if value is None or value is False:
            continue
        out[key] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def plain_text(value: str, what: str) -> str:
    """Refuse text with control characters (a NUL byte cannot be stored in PostgreSQL) with a 400."""
    if any(ord(ch) < 32 and ch not in "\t\n\r" or ord(ch) == 127 for ch in value or ""):
        raise HttpError(400, f"{what} contains a control character; send plain text.")
    return value
