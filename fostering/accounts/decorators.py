"""View decorators built on accounts.scoping, so pages enforce roles the same way."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login

from .models import Role
from .scoping import require_role


def role_required(*roles: Role):
    """Anonymous users go to sign in; signed-in users without the role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        wrapped.required_roles = frozenset(roles)
        return wrapped

    return decorator
