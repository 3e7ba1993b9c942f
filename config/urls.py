"""Top-level URL wiring: one include per app, the API, health and admin."""

from django.contrib import admin
from django.urls import include, path

from fostering.core.views import healthz

from .api import api

admin.site.site_header = "National Fostering Register administration"
admin.site.site_title = "National Fostering Register"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("accounts/", include("fostering.accounts.urls")),
    path("geography/", include("fostering.geography.urls")),
    path("organisations/", include("fostering.organisations.urls")),
    path("register/", include("fostering.register.urls")),
    path("vacancies/", include("fostering.vacancies.urls")),
    path("children/", include("fostering.children.urls")),
    path("referrals/", include("fostering.referrals.urls")),
    path("matching/", include("fostering.matching.urls")),
    path("placements/", include("fostering.placements.urls")),
    path("sufficiency/", include("fostering.sufficiency.urls")),
    path("costs/", include("fostering.costs.urls")),
    path("fostering/", include("fostering.enquiries.urls")),
    path("exits/", include("fostering.exits.urls")),
    path("homes/", include("fostering.homes.urls")),
    path("interop/", include("fostering.interop.urls")),
    path("experience/", include("fostering.experience.urls")),
    path("support/", include("fostering.support.urls")),
    path("notifications/", include("fostering.notifications.urls")),
    path("", include("fostering.core.urls")),
]

handler403 = "fostering.core.errors.forbidden"
handler404 = "fostering.core.errors.not_found"
handler500 = "fostering.core.errors.server_error"
