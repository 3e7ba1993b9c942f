"""Factories for carers' support: a current foster placement, allegations, networks."""

from __future__ import annotations

import datetime as dt

import factory

from fostering.children.tests.factories import ChildFactory
from fostering.placements.models import Placement
from fostering.register.tests.factories import HouseholdFactory
from fostering.support.models import Allegation, PeerNetwork, PeerNetworkMember, StayingPutIntention


class PlacementFactory(factory.django.DjangoModelFactory):
    """A current foster placement (U6) of a Kent child with a household."""

    class Meta:
        model = Placement

    child = factory.SubFactory(ChildFactory)
    household = factory.SubFactory(HouseholdFactory)
    fostering_service = factory.LazyAttribute(lambda o: o.household.fostering_service)
    started_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=100))
    place = "U6"
    place_provider = "PR4"


class AllegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allegation

    household = factory.SubFactory(HouseholdFactory)
    received_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=10))
    category = "physical"
    investigating_officer = "LADO"
    independent_support_offered = True
    independent_support_worker = "Fosterline"


def network(hub, satellites, started_on=None) -> PeerNetwork:
    started_on = started_on or dt.date.today() - dt.timedelta(days=200)
    n = PeerNetwork.objects.create(
        fostering_service=hub.fostering_service, name="Test constellation", hub=hub, started_on=started_on
    )
    for h in satellites:
        PeerNetworkMember.objects.create(network=n, household=h, joined_on=started_on)
    return n


class StayingPutIntentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StayingPutIntention

    child = factory.SubFactory(ChildFactory)
    intention = "wants_to_stay"
    discussed_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=30))
