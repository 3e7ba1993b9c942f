"""Admin for carers' support (allegations are deliberately not listed here: their reads must be audited)."""

from django.contrib import admin

from .models import AllegationTarget, PeerNetwork, PeerNetworkMember


class MemberInline(admin.TabularInline):
    model = PeerNetworkMember
    raw_id_fields = ["household"]
    extra = 0


@admin.register(PeerNetwork)
class PeerNetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "fostering_service", "hub", "started_on", "ended_on"]
    raw_id_fields = ["hub"]
    inlines = [MemberInline]


@admin.register(AllegationTarget)
class AllegationTargetAdmin(admin.ModelAdmin):
    list_display = ["fostering_service", "target_days"]
