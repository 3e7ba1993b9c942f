"""Factories for enquiries and the service's copy of one."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from fostering.enquiries.models import Enquiry, ServiceEnquiry, StageChange
from fostering.geography.models import Postcode
from fostering.organisations.tests.factories import FosteringServiceFactory


def answers(**overrides) -> dict:
    """A complete set of front-door answers, as the journey keeps them in the session."""
    base = {
        "first_name": "Jo", "last_name": "Bloggs", "email": "jo@example.org", "phone": "07700900982",
        "postcode": "ME14 1AA", "adults": 2, "children_at_home": 1, "spare_bedrooms": 1,
        "interests": ["primary", "short_breaks"], "contact_times": ["evening"], "source": "friend",
        "consent_to_share": True,
    }  # fmt: skip
    base.update(overrides)
    return base


class EnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enquiry

    first_name = "Jo"
    last_name = factory.Sequence(lambda n: f"Enquirer{n}")
    email = factory.LazyAttribute(lambda o: f"{o.last_name.lower()}@example.org")
    phone = "07700900982"
    postcode = "ME14 1AA"
    postcode_district = "ME14"
    easting = factory.LazyAttribute(lambda o: Postcode.objects.get(postcode=o.postcode).easting)
    northing = factory.LazyAttribute(lambda o: Postcode.objects.get(postcode=o.postcode).northing)
    local_authority = factory.LazyAttribute(lambda o: Postcode.objects.get(postcode=o.postcode).local_authority)
    adults = 2
    children_at_home = 0
    spare_bedrooms = 1
    interests = factory.LazyFunction(lambda: ["teenagers"])
    contact_times = factory.LazyFunction(lambda: ["evening"])
    source = "search"
    consent_to_share = True
    created_at = factory.LazyFunction(timezone.now)


class ServiceEnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceEnquiry
        skip_postgeneration_save = True

    enquiry = factory.SubFactory(EnquiryFactory)
    fostering_service = factory.SubFactory(FosteringServiceFactory)
    stage_changed_at = factory.LazyAttribute(lambda o: o.enquiry.created_at)

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if create:
            StageChange.objects.create(
                service_enquiry=self, from_stage="", to_stage="enquiry", changed_at=self.enquiry.created_at
            )


def at(day: str, hour: int = 10) -> dt.datetime:
    """A London wall-clock moment on an ISO day."""
    from fostering.enquiries.working_days import LONDON

    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=LONDON)
