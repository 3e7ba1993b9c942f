"""Two-factor authentication (TOTP, django-otp) for the staff roles that touch personal data.

Placement officers, fostering teams, commissioners and administrators must verify a
one-time code after their password when ``TWO_FACTOR_REQUIRED`` is on (always in
production; off in the demo so newcomers can click around). A user with no authenticator
yet is taken to set one up (QR code and key), then verified for the session.
"""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import STAFF_ROLES

EXEMPT_PREFIXES = ("/accounts/two-factor/", "/accounts/sign-out/", "/static/", "/assets/", "/healthz")


def needs_two_factor(user) -> bool:
    if not getattr(settings, "TWO_FACTOR_REQUIRED", False):
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.roles.intersection(STAFF_ROLES)) and not user.is_verified()


def qr_svg(device: TOTPDevice) -> str:
    """The provisioning URI as an inline SVG QR code (no external image service)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buf = io.BytesIO()
    image.save(buf)
    return buf.getvalue().decode()


def pending_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def confirmed_devices(user) -> list:
    return list(devices_for_user(user, confirmed=True))


class TwoFactorMiddleware:
    """Sends staff users who have not verified a code this session to do so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if needs_two_factor(request.user) and not request.path.startswith(EXEMPT_PREFIXES):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Two-factor authentication is required: sign in on the web and enter your code, "
                     "or use an API token."},
                    status=403,
                )  # fmt: skip
            target = "accounts:two-factor-verify" if user_has_device(request.user) else "accounts:two-factor-setup"
            url = reverse(target)
            nxt = request.get_full_path()
            if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
                url += f"?next={nxt}"
            return HttpResponseRedirect(url)
        return self.get_response(request)
