"""Factories for availability, holds and the referrals holds are for."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from fostering.children.tests.factories import ChildFactory
from fostering.geography.models import LocalAuthority
from fostering.referrals.models import Referral, ReferralChild
from fostering.vacancies.models import Availability, Hold


class AvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Availability

    household = factory.SubFactory("fostering.register.tests.factories.HouseholdFactory")
    available_from = None
    last_confirmed_at = factory.LazyFunction(timezone.now)


class HoldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hold

    household = factory.SubFactory("fostering.register.tests.factories.HouseholdFactory")
    officer_reference = factory.Sequence(lambda n: f"OFF-{n}")
    places = 1
    held_by = factory.SubFactory("fostering.accounts.tests.factories.UserFactory")
    reserved_until = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=48))


def referral_for(children: int = 1, local_authority: str = "E10000016", **kw) -> Referral:
    """An open referral of ``children`` children (a sibling group when more than one)."""
    la = LocalAuthority.objects.get(code=local_authority)
    n = Referral.objects.count() + 1
    referral = Referral.objects.create(
        local_authority=la,
        reference=kw.pop("reference", f"REF-{n:05d}-{timezone.now().timestamp():.0f}"),
        status=Referral.Status.OPEN,
        placement_type=kw.pop("placement_type", "short_term"),
        wanted_start=dt.date.today(),
        **kw,
    )
    for _ in range(children):
        child = ChildFactory(local_authority=la)
        ReferralChild.objects.create(referral=referral, child=child, needs_profile=child.needs_profiles.get())
    return referral
