"""Referrals: a request to find a home for a child or a sibling group, built from the
needs profile, strengths first."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fostering.children.models import Child, NeedsProfile
from fostering.core.codes import PlacementType
from fostering.geography.models import LocalAuthority


class Referral(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        MATCHED = "matched", "Matched"
        PLACED = "placed", "Placed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Urgency(models.TextChoices):
        TODAY = "today", "Today"
        WITHIN_5_DAYS = "within_5_days", "Within 5 days"
        PLANNED = "planned", "Planned"

    class DistanceFrom(models.TextChoices):
        SCHOOL = "school", "School"
        HOME = "home", "Home"
        ANY = "any", "Anywhere"

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="referrals")
    reference = models.CharField(max_length=30, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    placement_type = models.CharField(max_length=24, choices=PlacementType.choices)
    urgency = models.CharField(max_length=16, choices=Urgency.choices, default=Urgency.PLANNED)
    wanted_start = models.DateField()
    distance_from = models.CharField(max_length=8, choices=DistanceFrom.choices, default=DistanceFrom.SCHOOL)
    max_distance_km = models.PositiveIntegerField(null=True, blank=True)
    siblings_together = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    matched_at = models.DateTimeField(null=True, blank=True)
    placed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["local_authority", "status"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def group_size(self) -> int:
        return self.referral_children.count()


class ReferralChild(models.Model):
    """A child in a referral, with the needs profile the referral was made from."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="referral_children")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="referral_entries")
    needs_profile = models.ForeignKey(NeedsProfile, on_delete=models.PROTECT, related_name="+")
    apart_reason = models.CharField(
        max_length=300, blank=True, help_text="Why this child should live apart from their siblings, if so."
    )

    class Meta:
        ordering = ["referral_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "child"], name="child_once_per_referral"),
        ]
