"""Admin for the register of households (operators; services use the register pages)."""

from django.contrib import admin

from .models import Approval, Capability, Carer, CarerAccount, Household, HouseholdStatusChange, Training, Transfer


class CarerInline(admin.TabularInline):
    model = Carer
    extra = 0


class ApprovalInline(admin.TabularInline):
    model = Approval
    extra = 0


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ("reference", "fostering_service", "postcode_district", "local_authority", "status")
    list_filter = ("status",)
    search_fields = ("reference", "postcode")
    raw_id_fields = ("fostering_service", "local_authority")
    inlines = [CarerInline, ApprovalInline]


admin.site.register([HouseholdStatusChange, Training, Capability, Transfer, CarerAccount])
