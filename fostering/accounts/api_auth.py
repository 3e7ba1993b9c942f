"""API authentication: ``Authorization: Bearer TOKEN`` with per-user tokens."""

from __future__ import annotations

from django.utils import timezone
from ninja.security import HttpBearer


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        from .models import ApiToken

        found = ApiToken.find(token)
        if found is None:
            return None
        # Touch last-used at most once a minute so reads do not become writes.
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            type(found).objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user
