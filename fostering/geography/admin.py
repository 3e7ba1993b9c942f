from django.contrib import admin

from .models import LocalAuthority, Postcode, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name")


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "region", "postcode_count")
    list_filter = ("region",)
    search_fields = ("code", "name")


@admin.register(Postcode)
class PostcodeAdmin(admin.ModelAdmin):
    list_display = ("postcode", "local_authority", "easting", "northing")
    search_fields = ("postcode",)
    show_full_result_count = False

    def has_add_permission(self, request):
        return False
