from django.contrib import admin

from .models import FosteringService, Organisation


class FosteringServiceInline(admin.TabularInline):
    model = FosteringService
    extra = 0
    fields = ("name", "kind", "sector", "ofsted_urn", "postcode")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "local_authority", "region")
    list_filter = ("kind", "region")
    search_fields = ("name", "local_authority__name")
    filter_horizontal = ("member_authorities",)
    inlines = [FosteringServiceInline]


@admin.register(FosteringService)
class FosteringServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "sector", "ofsted_urn", "local_authority")
    list_filter = ("kind", "sector", "regions")
    search_fields = ("name", "ofsted_urn")
    filter_horizontal = ("regions",)
