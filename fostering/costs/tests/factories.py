"""Factories for frameworks, price schedules and placement costs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from fostering.children.tests.factories import ChildFactory
from fostering.costs.models import Framework, PlacementCost, PriceSchedule
from fostering.organisations.tests.factories import ConsortiumFactory, FosteringServiceFactory
from fostering.placements.models import Placement


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    name = factory.Sequence(lambda n: f"Foster Care Framework {n}")
    commissioning_organisation = factory.SubFactory(ConsortiumFactory)
    starts_on = dt.date(2024, 4, 1)
    ends_on = dt.date(2028, 3, 31)


class PriceScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceSchedule

    fostering_service = factory.SubFactory(FosteringServiceFactory)
    framework = None
    need_level = 2
    weekly_price = Decimal("800.00")


class PlacementCostFactory(factory.django.DjangoModelFactory):
    """``PlacementCostFactory(placement=p, weekly_total=Decimal("450"))`` (in-house by default)."""

    class Meta:
        model = PlacementCost

    placement = factory.LazyFunction(
        lambda: Placement.objects.create(child=ChildFactory(), started_on=dt.date(2026, 1, 5), place="U4")
    )
    route = PlacementCost.Route.IN_HOUSE
    need_level = 2
    weekly_total = Decimal("475.00")
