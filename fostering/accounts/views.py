"""Sign in and out, and the administrators' audit log."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .decorators import role_required
from .forms import SignInForm
from .models import AuditEvent, Role


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


@role_required(Role.ADMINISTRATOR)
def audit_log(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.select_related("organisation")
    q = {k: request.GET.get(k, "").strip() for k in ("username", "object_type", "object_id", "action")}
    if q["username"]:
        events = events.filter(username__icontains=q["username"])
    if q["object_type"]:
        events = events.filter(object_type=q["object_type"])
    if q["object_id"]:
        events = events.filter(object_id=q["object_id"])
    if q["action"]:
        events = events.filter(action=q["action"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/audit_log.html",
        {"page": page, "query": q, "actions": AuditEvent.Action.choices},
    )
