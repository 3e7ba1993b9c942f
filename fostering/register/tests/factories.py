"""Factories for households with carers, a current approval and capability.

``HouseholdFactory(fostering_service=..., postcode="ME14 1AA")`` geocodes from the test
postcodes (ME, CT, TN areas are loaded in every test database)."""

from __future__ import annotations

import datetime as dt

import factory

from fostering.geography.models import Postcode
from fostering.organisations.tests.factories import FosteringServiceFactory
from fostering.register.models import Approval, Capability, Carer, CarerPreferences, Household


def _postcode(postcode: str) -> Postcode:
    return Postcode.objects.select_related("local_authority").get(postcode=postcode)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household
        skip_postgeneration_save = True

    fostering_service = factory.SubFactory(FosteringServiceFactory)
    reference = factory.Sequence(lambda n: f"H{n:05d}")
    address_line_1 = factory.Sequence(lambda n: f"{n} High Street")
    postcode = "ME14 1AA"
    postcode_district = factory.LazyAttribute(lambda o: o.postcode.split(" ")[0])
    easting = factory.LazyAttribute(lambda o: _postcode(o.postcode).easting)
    northing = factory.LazyAttribute(lambda o: _postcode(o.postcode).northing)
    local_authority = factory.LazyAttribute(lambda o: _postcode(o.postcode).local_authority)
    bedrooms = 4
    beds_for_fostering = 2

    @factory.post_generation
    def carers(self, create, extracted, **kwargs):
        if create and extracted is None:
            CarerFactory(household=self)

    @factory.post_generation
    def approval(self, create, extracted, **kwargs):
        if create and extracted is None:
            ApprovalFactory(
                household=self, fostering_service=self.fostering_service, max_children=self.beds_for_fostering
            )

    @factory.post_generation
    def capability(self, create, extracted, **kwargs):
        """``capability={"emotional": 3}``: the service's assessment (others default to 1)."""
        if create:
            levels = {d: 1 for d in ("emotional", "behaviour", "health", "learning", "communication", "identity",
                                     "family", "independence", "risk_self", "risk_others")}  # fmt: skip
            levels.update(extracted or {})
            Capability.objects.create(household=self, source=Capability.Source.SERVICE, **levels)
            CarerPreferences.objects.create(household=self)


class CarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carer

    household = factory.SubFactory(HouseholdFactory, carers=False)
    first_name = factory.Sequence(lambda n: f"Carer{n}")
    last_name = "Robinson"
    date_of_birth = dt.date(1975, 5, 17)
    gender = "female"
    ethnicity = "WBRI"
    religion = "christian"
    languages = factory.LazyFunction(lambda: ["en"])
    fostering_since = dt.date(2015, 3, 1)


class ApprovalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Approval

    household = factory.SubFactory(HouseholdFactory, approval=False)
    fostering_service = factory.LazyAttribute(lambda o: o.household.fostering_service)
    approved_on = dt.date(2020, 1, 15)
    panel_date = dt.date(2020, 1, 10)
    max_children = 2
    age_min = 0
    age_max = 18
    placement_types = factory.LazyFunction(lambda: ["short_term", "long_term", "emergency"])
    review_due = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=180))
