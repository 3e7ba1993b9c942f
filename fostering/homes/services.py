"""Editing a home profile, adding photos, and sharing it with a child by an expiring link."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from fostering.referrals.models import Referral

from . import photos
from .models import HomePhoto, HomeProfile, ProfileShare
from .selectors import may_edit, shareable_referrals, shares_for

MAX_PHOTOS = 12
TEXT_FIELDS = ("about_us", "routines", "house_rules", "pets", "nearby")


def share_days() -> int:
    return int(getattr(settings, "HOME_PROFILE_SHARE_DAYS", 14))


def update_profile(user, profile: HomeProfile, answers: dict) -> HomeProfile:
    if not may_edit(user, profile.household):
        raise PermissionDenied("Only the household and its fostering service may change this profile.")
    for name in TEXT_FIELDS:
        setattr(profile, name, answers.get(name, ""))
    profile.updated_by = user
    profile.save()
    return profile


def add_photo(user, profile: HomeProfile, data: bytes, kind: str, caption: str = "") -> HomePhoto:
    if not may_edit(user, profile.household):
        raise PermissionDenied("Only the household and its fostering service may add photos.")
    if profile.photos.count() >= MAX_PHOTOS:
        raise ValidationError(f"A profile can have up to {MAX_PHOTOS} photos. Remove one before adding another")
    name, width, height = photos.store(data)
    return HomePhoto.objects.create(
        profile=profile, kind=kind, caption=caption[:200], file_name=name, width=width, height=height, uploaded_by=user
    )


def remove_photo(user, photo: HomePhoto) -> None:
    if not may_edit(user, photo.profile.household):
        raise PermissionDenied("Only the household and its fostering service may remove photos.")
    name = photo.file_name
    photo.delete()
    transaction.on_commit(lambda: photos.delete(name))


def share_with_child(user, profile: HomeProfile, referral: Referral, days: int | None = None) -> ProfileShare:
    """A read-only link for the child of ``referral``; only the referral's own authority may
    share, and only once a placement is agreed (matched or placed)."""
    if not shareable_referrals(user).filter(pk=referral.pk).exists():
        raise PermissionDenied(
            "You can share a home profile only for your authority's referrals with a placement agreed."
        )
    days = days or share_days()
    return ProfileShare.objects.create(
        profile=profile, referral=referral, created_by=user, expires_at=timezone.now() + dt.timedelta(days=days)
    )


class ShareExpired(Exception):
    """The link has expired or was withdrawn."""


def open_share(token: str, now: dt.datetime | None = None) -> ProfileShare:
    """Find a live share by its token and record the view (first and last time, count)."""
    now = now or timezone.now()
    share = ProfileShare.objects.select_related("profile__household", "referral").filter(token=token).first()
    if share is None:
        raise ProfileShare.DoesNotExist
    if not share.is_live(now):
        raise ShareExpired
    ProfileShare.objects.filter(pk=share.pk, first_viewed_at__isnull=True).update(first_viewed_at=now)
    ProfileShare.objects.filter(pk=share.pk).update(last_viewed_at=now, view_count=F("view_count") + 1)
    share.refresh_from_db()
    return share


def revoke(user, share: ProfileShare) -> None:
    if not shares_for(user).filter(pk=share.pk).exists():
        raise PermissionDenied("You may not withdraw this link.")
    share.revoked_at = timezone.now()
    share.save(update_fields=["revoked_at"])
