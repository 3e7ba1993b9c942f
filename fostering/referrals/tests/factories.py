"""Factories for referrals: ``ReferralFactory(children=[child, ...])`` snapshots each
child's latest needs profile, like the service does."""

from __future__ import annotations

import datetime as dt

import factory

from fostering.children.tests.factories import ChildFactory
from fostering.referrals.models import Referral, ReferralChild


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral
        skip_postgeneration_save = True

    local_authority = factory.LazyAttribute(lambda o: o.children[0].local_authority)
    reference = factory.Sequence(lambda n: f"TEST-{n:06d}")
    status = Referral.Status.OPEN
    placement_type = "long_term"
    urgency = Referral.Urgency.PLANNED
    wanted_start = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=14))
    max_distance_km = 30
    children = factory.LazyFunction(lambda: [ChildFactory()])

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if not create:
            return
        for child in self._children:
            ReferralChild.objects.create(
                referral=self, child=child, needs_profile=child.needs_profiles.order_by("-assessed_on", "-id").first()
            )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        children = kwargs.pop("children")
        obj = super()._create(model_class, *args, **kwargs)
        obj._children = children
        return obj
