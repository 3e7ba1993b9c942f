from django.contrib import admin

from .models import Departure, ExitInterview


@admin.register(Departure)
class DepartureAdmin(admin.ModelAdmin):
    list_display = ["household", "fostering_service", "kind", "left_on", "interview_status"]
    list_filter = ["kind", "interview_status"]
    raw_id_fields = ["household", "fostering_service", "recorded_by"]


@admin.register(ExitInterview)
class ExitInterviewAdmin(admin.ModelAdmin):
    list_display = ["departure", "held_on", "main_reason"]
    raw_id_fields = ["departure", "recorded_by"]
