"""Admin for children's experience. Responses are read-only and never show a child."""

from django.contrib import admin

from .models import AdvocacyContact, SurveyRound


@admin.register(SurveyRound)
class SurveyRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "opens_on", "closes_on"]


@admin.register(AdvocacyContact)
class AdvocacyContactAdmin(admin.ModelAdmin):
    list_display = ["local_authority", "service_name", "phone", "updated_at"]
