"""Admin for vacancies and holds."""

from django.contrib import admin

from .models import Availability, Hold


@admin.register(Hold)
class HoldAdmin(admin.ModelAdmin):
    list_display = ("id", "household", "referral", "officer_reference", "places", "held_by", "reserved_until",
                    "released_at", "converted_at")  # fmt: skip
    raw_id_fields = ("household", "referral", "held_by")


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin):
    list_display = ("household", "temporarily_unavailable", "last_confirmed_at", "last_confirmed_by")
    raw_id_fields = ("household", "last_confirmed_by")
