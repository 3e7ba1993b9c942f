"""Writing the audit log: one call per read or change of a sensitive record."""

from __future__ import annotations

from django.db import models

from .models import AuditEvent


def _client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    request_or_user,
    action: str,
    obj: models.Model | None = None,
    *,
    object_type: str | None = None,
    object_id: str | int | None = None,
    detail: str = "",
) -> AuditEvent:
    """Record that the user behind ``request_or_user`` did ``action`` to ``obj``.

    Accepts a request (preferred: gives path and address) or a bare user (commands, API
    internals). Called by selectors and services, so a view cannot forget it.
    """
    request = request_or_user if hasattr(request_or_user, "META") else None
    user = getattr(request, "user", None) if request is not None else request_or_user
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
    return AuditEvent.objects.create(
        user=user,
        username=getattr(user, "username", "") or "",
        organisation_id=getattr(user, "organisation_id", None),
        action=action,
        object_type=object_type or "",
        object_id=str(object_id or ""),
        path=(request.get_full_path()[:300] if request is not None else ""),
        ip_address=_client_ip(request),
        detail=detail[:300],
    )


def record_many(request_or_user, action: str, object_type: str, object_ids, *, detail: str = "") -> int:
    """One audit entry per object of a bulk change, written in one statement."""
    request = request_or_user if hasattr(request_or_user, "META") else None
    user = getattr(request, "user", None) if request is not None else request_or_user
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    rows = [
        AuditEvent(
            user=user, username=getattr(user, "username", "") or "", organisation_id=getattr(user, "organisation_id", None),
            action=action, object_type=object_type, object_id=str(object_id),
            path=(request.get_full_path()[:300] if request is not None else ""), ip_address=_client_ip(request),
            detail=detail[:300],
        )  # fmt: skip
        for object_id in object_ids
    ]
    AuditEvent.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
