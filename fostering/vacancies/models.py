"""Vacancies and holds. Available places are derived, never typed: approved places −
current placements − active holds, within the declared availability (vacancies.availability).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from fostering.register.models import Household


class Availability(models.Model):
    """What the carers or their service have declared, and when it was last confirmed."""

    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="availability")
    available_from = models.DateField(null=True, blank=True)
    available_until = models.DateField(null=True, blank=True)
    temporarily_unavailable = models.BooleanField(default=False)
    unavailable_reason = models.CharField(max_length=200, blank=True)
    last_confirmed_at = models.DateTimeField(null=True, blank=True)
    last_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "availability"


class HoldQuerySet(models.QuerySet):
    def not_expired(self, now=None):
        now = now or timezone.now()
        return self.filter(reserved_until__gt=now)

    def active(self, now=None):
        """Holds that still reserve a place: not released, not converted, not expired."""
        return self.not_expired(now).filter(released_at__isnull=True, converted_at__isnull=True)


class Hold(models.Model):
    """A time-limited reservation of places in a household for one referral."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="holds")
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="holds"
    )
    officer_reference = models.CharField(max_length=60, blank=True)
    places = models.PositiveSmallIntegerField(default=1)
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="holds")
    created_at = models.DateTimeField(default=timezone.now)
    reserved_until = models.DateTimeField()
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.CharField(max_length=200, blank=True)
    converted_at = models.DateTimeField(null=True, blank=True)
    expired_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Stamped by manage.py expire_holds; the hold stopped counting at reserved_until.",
    )

    objects = HoldQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["household", "reserved_until"])]
        constraints = [
            models.CheckConstraint(name="hold_reserves_at_least_one_place", condition=models.Q(places__gte=1)),
        ]

    def state(self, now=None) -> str:
        """active, released, converted or expired — in words for pages and the API."""
        if self.converted_at:
            return "converted"
        if self.released_at:
            return "released"
        if self.reserved_until <= (now or timezone.now()):
            return "expired"
        return "active"
