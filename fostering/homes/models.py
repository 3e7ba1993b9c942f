"""The child's view of their new home: a child-friendly profile each household keeps
(in the carers' words, with photos), and expiring read-only links a placement officer
shares with a child once a placement is agreed.

Photos are re-encoded and stored under MEDIA_ROOT/homes/ with random names and are
served only through views that check who is asking (never from a public media URL).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from fostering.referrals.models import Referral
from fostering.register.models import Household


class HomeProfile(models.Model):
    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="home_profile")
    about_us = models.TextField("About us", max_length=3000, blank=True)
    routines = models.TextField("A day in our home", max_length=3000, blank=True)
    house_rules = models.TextField("Our house rules", max_length=3000, blank=True)
    pets = models.TextField("Our pets", max_length=1000, blank=True)
    nearby = models.TextField("Things to do nearby", max_length=3000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    def __str__(self) -> str:
        return f"Home profile of {self.household}"

    @property
    def is_empty(self) -> bool:
        return not any([self.about_us, self.routines, self.house_rules, self.pets, self.nearby])


class HomePhoto(models.Model):
    class Kind(models.TextChoices):
        HOME = "home", "Our home"
        BEDROOM = "bedroom", "Your bedroom"
        OUTSIDE = "outside", "Outside and nearby"

    profile = models.ForeignKey(HomeProfile, on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    caption = models.CharField(max_length=200, blank=True)
    file_name = models.CharField(max_length=64, unique=True, help_text="Random name under MEDIA_ROOT/homes/.")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["profile_id", "kind", "id"]


def _token() -> str:
    return secrets.token_urlsafe(32)


class ProfileShare(models.Model):
    """A read-only link to a home profile for the child of a referral, expiring after a
    set time; the first view is how the referral records that the child saw it."""

    profile = models.ForeignKey(HomeProfile, on_delete=models.CASCADE, related_name="shares")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="profile_shares")
    token = models.CharField(max_length=64, unique=True, default=_token)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    first_viewed_at = models.DateTimeField(null=True, blank=True)
    last_viewed_at = models.DateTimeField(null=True, blank=True)
    view_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Share of {self.profile.household} for {self.referral}"

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    @property
    def seen_before_moving(self) -> bool | None:
        """True when the child opened the link before the placement started; None if never opened."""
        if self.first_viewed_at is None:
            return None
        placed = self.referral.placed_at
        return placed is None or self.first_viewed_at <= placed
