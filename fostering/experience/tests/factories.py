"""Factories for survey rounds, links and responses. ``make_link(child)`` returns the link
and its raw token (only the hash is stored)."""

from __future__ import annotations

import datetime as dt
import secrets

import factory
from django.utils import timezone

from fostering.experience.models import AdvocacyContact, SurveyLink, SurveyResponse, SurveyRound, hash_token
from fostering.geography.models import LocalAuthority


class SurveyRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyRound

    name = factory.Sequence(lambda n: f"Round {n}")
    opens_on = factory.Sequence(lambda n: dt.date(2020, 1, 1) + dt.timedelta(days=30 * n))
    closes_on = factory.LazyAttribute(lambda o: o.opens_on + dt.timedelta(days=60))


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    round = factory.SubFactory(SurveyRoundFactory)
    local_authority = factory.LazyFunction(lambda: LocalAuthority.objects.get(code="E10000016"))
    age_group = "11-18"
    safe = 3
    trust_carers = 3
    settled = 3
    know_why = 2
    know_social_worker = 3
    have_say = 1
    see_people = 2
    like_school = 3
    wellbeing = 3


class AdvocacyContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdvocacyContact

    local_authority = factory.LazyFunction(lambda: LocalAuthority.objects.get(code="E10000016"))
    service_name = "Kent Children's Advocacy"
    phone = "0800 123 4567"


def make_link(child, survey_round=None, *, expires_in=dt.timedelta(days=28), used=False, age_group="11-18"):
    raw = secrets.token_urlsafe(32)
    link = SurveyLink.objects.create(
        round=survey_round or SurveyRoundFactory(), local_authority=child.local_authority, child=child,
        age_group=age_group, token_hash=hash_token(raw), expires_at=timezone.now() + expires_in, used=used,
    )  # fmt: skip
    return link, raw
