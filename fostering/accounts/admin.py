"""Administrators manage users, roles (groups), API tokens and read the audit log."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiToken, AuditEvent, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "organisation", "role_list", "is_active")
    list_filter = ("groups", "organisation__kind", "is_active")
    search_fields = ("username", "first_name", "last_name", "email", "organisation__name")
    autocomplete_fields = ("organisation",)
    fieldsets = BaseUserAdmin.fieldsets + (("Organisation", {"fields": ("organisation",)}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("Organisation", {"fields": ("organisation", "groups")}),)
    actions = ["issue_api_token"]

    @admin.display(description="Roles")
    def role_list(self, obj):
        return ", ".join(sorted(r.label for r in obj.roles))

    @admin.action(description="Issue a new API token (shown once)")
    def issue_api_token(self, request, queryset):
        for user in queryset:
            _, raw = ApiToken.issue(user, name=f"Issued in admin by {request.user.username}")
            self.message_user(
                request, f"API token for {user.username}: {raw} (copy it now; it is not shown again)",
                messages.WARNING,
            )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "prefix", "created_at", "last_used_at")
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    search_fields = ("user__username", "prefix")

    def has_add_permission(self, request):
        return False  # tokens are issued from the user list so the raw value can be shown once


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "organisation", "action", "object_type", "object_id", "ip_address")
    list_filter = ("action", "object_type")
    search_fields = ("username", "object_id", "path")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
