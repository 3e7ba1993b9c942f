"""Admin for enquiries (front door)."""

from django.contrib import admin

from .models import Enquiry, ServiceEnquiry, ServiceProfile


@admin.register(ServiceProfile)
class ServiceProfileAdmin(admin.ModelAdmin):
    list_display = ["fostering_service", "description"]
    raw_id_fields = ["fostering_service"]


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    list_display = ["reference", "postcode_district", "source", "created_at"]
    search_fields = ["reference"]


@admin.register(ServiceEnquiry)
class ServiceEnquiryAdmin(admin.ModelAdmin):
    list_display = ["enquiry", "fostering_service", "stage", "stage_changed_at"]
    list_filter = ["stage"]
    raw_id_fields = ["enquiry", "fostering_service", "household"]
