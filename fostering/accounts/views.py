"""Sign in and out, and the administrators' audit log."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

from . import two_factor
from .decorators import role_required
from .forms import OneTimeCodeForm, SignInForm
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


def _next_url(request: HttpRequest) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or "/"
    return nxt if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}) else "/"


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), enter a code."""
    if two_factor.confirmed_devices(request.user):
        return redirect("accounts:two-factor-verify")
    device = two_factor.pending_device(request.user)
    form = OneTimeCodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        return redirect(_next_url(request))
    from base64 import b32encode

    return render(request, "accounts/two_factor_setup.html", {
        "form": form, "qr_svg": two_factor.qr_svg(device), "key": b32encode(device.bin_key).decode(),
        "next": _next_url(request),
    })  # fmt: skip


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    devices = two_factor.confirmed_devices(request.user)
    if not devices:
        return redirect("accounts:two-factor-setup")
    device = devices[0]
    form = OneTimeCodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(_next_url(request))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})
