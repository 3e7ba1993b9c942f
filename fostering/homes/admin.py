from django.contrib import admin

from .models import HomePhoto, HomeProfile, ProfileShare


@admin.register(HomeProfile)
class HomeProfileAdmin(admin.ModelAdmin):
    list_display = ["household", "updated_at"]
    raw_id_fields = ["household", "updated_by"]


@admin.register(HomePhoto)
class HomePhotoAdmin(admin.ModelAdmin):
    list_display = ["profile", "kind", "caption", "width", "height"]
    raw_id_fields = ["profile", "uploaded_by"]


@admin.register(ProfileShare)
class ProfileShareAdmin(admin.ModelAdmin):
    list_display = ["profile", "referral", "expires_at", "first_viewed_at", "view_count"]
    raw_id_fields = ["profile", "referral", "created_by"]
    exclude = ["token"]
