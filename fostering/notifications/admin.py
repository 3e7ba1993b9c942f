from django.contrib import admin

from .models import FreshnessNotice, Notification, NotificationPreference, SentEmail


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "event", "title", "delivery", "emailed_at", "read_at")
    list_filter = ("event", "delivery")
    search_fields = ("title", "recipient__username")
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(SentEmail)
class SentEmailAdmin(admin.ModelAdmin):
    list_display = ("sent_at", "kind", "to_address", "subject")
    list_filter = ("kind",)
    readonly_fields = ("kind", "to_address", "recipient", "subject", "reference", "sent_at", "notifications")

    def has_add_permission(self, request):
        return False


admin.site.register(NotificationPreference)
admin.site.register(FreshnessNotice)
