"""Factories for organisations. Authorities and regions are reference data already in
every test database, so factories look them up rather than invent them."""

from __future__ import annotations

import factory

from fostering.geography.models import LocalAuthority
from fostering.organisations.models import FosteringService, Organisation

KENT = "E10000016"
MEDWAY = "E06000035"


def authority(code: str = KENT) -> LocalAuthority:
    return LocalAuthority.objects.get(code=code)


class LocalAuthorityOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("local_authority",)

    kind = Organisation.Kind.LOCAL_AUTHORITY
    local_authority = factory.LazyFunction(lambda: authority(KENT))
    name = factory.LazyAttribute(lambda o: f"{o.local_authority.name} Council")


class IfaOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.IFA
    name = factory.Sequence(lambda n: f"Test Fostering Agency {n}")


class FosteringServiceFactory(factory.django.DjangoModelFactory):
    """An IFA's service by default; ``LaFosteringServiceFactory`` for an authority's own."""

    class Meta:
        model = FosteringService

    organisation = factory.SubFactory(IfaOrganisationFactory)
    name = factory.LazyAttribute(lambda o: o.organisation.name)
    kind = FosteringService.Kind.IFA
    sector = FosteringService.Sector.PRIVATE
    ofsted_urn = factory.Sequence(lambda n: f"SC{900000 + n:06d}")
    postcode = "ME14 1XX"
    local_authority = factory.LazyFunction(lambda: authority(KENT))


class LaFosteringServiceFactory(FosteringServiceFactory):
    organisation = factory.SubFactory(LocalAuthorityOrganisationFactory)
    name = factory.LazyAttribute(lambda o: f"{o.organisation.local_authority.name} Fostering Service")
    kind = FosteringService.Kind.LOCAL_AUTHORITY
    sector = FosteringService.Sector.PUBLIC
    local_authority = factory.LazyAttribute(lambda o: o.organisation.local_authority)


class ConsortiumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    kind = Organisation.Kind.CONSORTIUM
    name = factory.Sequence(lambda n: f"Consortium {n}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.member_authorities.set(extracted)


class NationalOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.NATIONAL
    name = "Department for Education"


class OperatorOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.OPERATOR
    name = "Service team"
