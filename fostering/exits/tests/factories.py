"""Factories for departures and exit interviews."""

from __future__ import annotations

import datetime as dt

import factory

from fostering.exits.models import Departure, ExitInterview
from fostering.register.tests.factories import HouseholdFactory


class DepartureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departure

    household = factory.SubFactory(HouseholdFactory, status="resigned")
    fostering_service = factory.LazyAttribute(lambda o: o.household.fostering_service)
    kind = "resigned"
    left_on = dt.date(2026, 6, 1)
    reason = "Retiring"
    fostered_since = dt.date(2016, 6, 1)


class ExitInterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExitInterview

    departure = factory.SubFactory(DepartureFactory, interview_status="held")
    held_on = dt.date(2026, 6, 10)
    main_reason = "retirement"
    reasons = factory.LazyAttribute(lambda o: [o.main_reason])
    would_foster_again = "no"
