"""Models for the matching workflow: shares, offers, carers' interest and the decision record.

The shortlist itself is never stored: it is computed by the engine from live data. What
is stored is what people did with it — every share, offer, decline, acceptance, reminder
and expression of interest, and a :class:`MatchDecision` row for each, so the referral's
matching page can show who did what, when and why.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from fostering.organisations.models import FosteringService
from fostering.referrals.models import Referral
from fostering.register.models import Household


class ReferralShare(models.Model):
    """The anonymised referral sent to one fostering service, with a deadline to respond."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="shares")
    fostering_service = models.ForeignKey(FosteringService, on_delete=models.CASCADE, related_name="referral_shares")
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField(default=timezone.now)
    respond_by = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    overdue_at = models.DateTimeField(null=True, blank=True, help_text="When the deadline passed unanswered.")

    class Meta:
        ordering = ["shared_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "fostering_service"], name="share_once_per_service"),
        ]

    def __str__(self) -> str:
        return f"{self.referral.reference} → {self.fostering_service}"

    def is_overdue(self, now=None) -> bool:
        return self.responded_at is None and self.respond_by <= (now or timezone.now())


class Reminder(models.Model):
    """A reminder raised when a share's deadline passed without a response."""

    share = models.ForeignKey(ReferralShare, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "pk"]


class Offer(models.Model):
    """A fostering service's answer for one of its households: offered or declined; then
    the officer accepts one offer (the rest become rejected)."""

    class Status(models.TextChoices):
        OFFERED = "offered", "Offered"
        DECLINED = "declined", "Declined"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Not chosen"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="offers")
    share = models.ForeignKey(ReferralShare, on_delete=models.CASCADE, related_name="offers")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="offers")
    fostering_service = models.ForeignKey(FosteringService, on_delete=models.PROTECT, related_name="offers")
    status = models.CharField(max_length=10, choices=Status.choices)
    reason = models.TextField(blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["made_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "household"], name="one_offer_per_household"),
        ]

    def __str__(self) -> str:
        return f"{self.referral.reference}: household {self.household_id} {self.status}"


class Interest(models.Model):
    """A carer household saying "we'd like to be considered" for an open referral."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="interests")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="interests")
    expressed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expressed_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["expressed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "household"], name="interest_once_per_household"),
        ]


class MatchDecision(models.Model):
    """One thing someone did in matching a referral: the timeline's rows."""

    class Kind(models.TextChoices):
        HOLD = "hold", "Place held"
        RELEASE = "release", "Hold released"
        SHARE = "share", "Referral shared"
        OFFER = "offer", "Household offered"
        DECLINE = "decline", "Declined"
        REMINDER = "reminder", "Reminder: response overdue"
        INTEREST = "interest", "Carers expressed interest"
        ACCEPT = "accept", "Offer accepted"
        REJECT = "reject", "Offer not chosen"
        PLACED = "placed", "Placement started"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="match_decisions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    household = models.ForeignKey(Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    fostering_service = models.ForeignKey(
        FosteringService, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    made_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["made_at", "pk"]
        indexes = [models.Index(fields=["referral", "made_at"])]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.kind} {self.made_at:%Y-%m-%d %H:%M}"
