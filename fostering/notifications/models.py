"""Notifications: what happened that someone should know about, and how they want to hear.

A :class:`Notification` is one event for one user: a sentence saying what happened, a link
to the page where they act on it, and whether they have read it (the in-app list and the
unread count in the header read these rows). Its e-mail goes out through the queue, at once
or in the daily digest, as the user chose in :class:`NotificationPreference`.

The text of a notification is written once (fostering.notifications.events) and used for
the page and the e-mail alike. It never carries a child's name, a date of birth, an address
or a carer's name: references (referral, household, enquiry) and links only, so an e-mail
that goes astray tells nobody anything about a person. ``SentEmail`` records every e-mail
handed to the mail backend (the enquirer's acknowledgement has no user, only an address).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Event(models.TextChoices):
    REFERRAL_SHARED = "referral_shared", "Referral shared with your service"
    REPLY_DEADLINE_NEAR = "reply_deadline_near", "Reply deadline near"
    REPLY_DEADLINE_PASSED = "reply_deadline_passed", "Reply deadline passed"
    OFFER_RECEIVED = "offer_received", "Offer received"
    REFERRAL_DECLINED = "referral_declined", "A service declined a referral"
    HOLD_EXPIRING = "hold_expiring", "Hold about to expire"
    VACANCY_AMBER = "vacancy_amber", "Vacancy needs confirming"
    VACANCY_RED = "vacancy_red", "Vacancy out of date"
    ENQUIRY_RECEIVED = "enquiry_received", "New enquiry"
    ALLEGATION_RECORDED = "allegation_recorded", "Allegation recorded where your child lives"


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "An e-mail for each notification, as it happens"
    DIGEST = "digest", "One e-mail a day with everything from the day before"


class NotificationPreference(models.Model):
    """How one user wants their notifications e-mailed (immediate unless they chose the digest)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference")
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.delivery}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def email_pending(self):
        return self.filter(emailed_at__isnull=True, email_skipped=False)


class Notification(models.Model):
    """One thing that happened, told to one user."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(max_length=24, choices=Event.choices)
    title = models.CharField(max_length=200, help_text="What happened, in one line (also the e-mail's subject).")
    body = models.TextField(help_text="What happened and what to do; no personal details.")
    url = models.CharField(max_length=300, help_text="The page to act on it (a path on this service).")
    dedupe_key = models.CharField(
        max_length=120, blank=True, help_text="Raised at most once per recipient and key (jobs that run often)."
    )
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_skipped = models.BooleanField(default=False, help_text="The recipient has no e-mail address.")

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["delivery", "emailed_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_once_per_recipient_and_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.title}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class SentEmail(models.Model):
    """An e-mail handed to the mail backend (SMTP or GOV.UK Notify): the record of what was sent."""

    class Kind(models.TextChoices):
        NOTIFICATION = "notification", "Notification"
        DIGEST = "digest", "Daily digest"
        ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement to an enquirer"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    to_address = models.EmailField(max_length=254)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject = models.CharField(max_length=200)
    notifications = models.ManyToManyField(Notification, blank=True, related_name="emails")
    reference = models.CharField(max_length=40, blank=True, help_text="e.g. the enquiry's reference")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.sent_at:%Y-%m-%d %H:%M} {self.kind} to {self.to_address}"


class FreshnessNotice(models.Model):
    """The last vacancy freshness told about a household (amber or red), for the confirmation
    it followed: the daily job tells carers and services when a vacancy *turns* amber or red,
    once, not every day it stays so."""

    household = models.OneToOneField("register.Household", on_delete=models.CASCADE, related_name="+")
    freshness = models.CharField(max_length=5)
    last_confirmed_at = models.DateTimeField(null=True, blank=True)
    noticed_at = models.DateTimeField(default=timezone.now)
