"""Every way a household leaves creates a departure, so the service is always prompted to
offer an exit interview: our own form (exits.services.record_departure), the register's
status page, or an allegation ending in deregistration all write a HouseholdStatusChange.
Bulk-created rows (demo data, imports) send no signal and create departures themselves."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from fostering.register.models import HouseholdStatus, HouseholdStatusChange

from .models import Departure, LeavingKind

KIND_BY_STATUS = {
    HouseholdStatus.RESIGNED: LeavingKind.RESIGNED,
    HouseholdStatus.DEREGISTERED: LeavingKind.DEREGISTERED,
}


@receiver(post_save, sender=HouseholdStatusChange, dispatch_uid="exits.departure_on_leaving")
def departure_on_leaving(sender, instance: HouseholdStatusChange, created: bool, raw: bool = False, **kwargs) -> None:
    if raw or not created or instance.status not in KIND_BY_STATUS:
        return
    household = instance.household
    if Departure.objects.filter(household=household).exists():
        return
    since = min(household.carers.values_list("fostering_since", flat=True), default=None) or instance.changed_on
    Departure.objects.create(
        household=household, fostering_service_id=household.fostering_service_id,
        kind=KIND_BY_STATUS[HouseholdStatus(instance.status)], left_on=instance.changed_on,
        reason=instance.reason or "Not recorded", fostered_since=min(since, instance.changed_on),
        recorded_by=instance.recorded_by,
    )  # fmt: skip
