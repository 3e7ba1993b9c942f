"""Factories for home profiles, photos and shares, and a tiny image maker."""

from __future__ import annotations

import datetime as dt
import io

import factory
from django.utils import timezone
from PIL import Image

from fostering.homes.models import HomeProfile, ProfileShare
from fostering.organisations.tests.factories import KENT
from fostering.referrals.models import Referral
from fostering.register.tests.factories import HouseholdFactory


def image_bytes(size=(40, 30), fmt="PNG", color=(200, 80, 40), exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif else {}
    Image.new("RGB", size, color).save(out, format=fmt, **kwargs)
    return out.getvalue()


class HomeProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HomeProfile

    household = factory.SubFactory(HouseholdFactory)
    about_us = "Hello! We are Sue and Raj."
    routines = "Breakfast at 7."
    house_rules = "Be kind."
    pets = "A dog called Biscuit."
    nearby = "A skate park."


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    local_authority_id = KENT
    reference = factory.Sequence(lambda n: f"REF-T{n:05d}")
    status = Referral.Status.MATCHED
    placement_type = "long_term"
    wanted_start = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=14))


class ProfileShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProfileShare

    profile = factory.SubFactory(HomeProfileFactory)
    referral = factory.SubFactory(ReferralFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))
