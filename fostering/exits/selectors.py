"""Reading departures, scoped by accounts.scoping: a service sees its own in full;
analysts see only the aggregates in ``analytics``."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from fostering.accounts.models import Role
from fostering.accounts.scoping import has_role, organisation_of, scope_to_fostering_service, sees_aggregates_only
from fostering.enquiries.govuk import is_db_id
from fostering.organisations.models import FosteringService, Organisation
from fostering.register.models import Household, HouseholdStatus

from .models import Departure


def departures_for(user) -> QuerySet[Departure]:
    return scope_to_fostering_service(Departure.objects.all(), user).select_related(
        "household", "fostering_service", "interview"
    )


def departure_for(user, pk: int) -> Departure:
    d = departures_for(user).filter(pk=pk).first() if is_db_id(pk) else None
    if d is None:
        raise Http404("No departure with that number in your service.")
    return d


def households_that_may_leave(user) -> QuerySet[Household]:
    return scope_to_fostering_service(
        Household.objects.exclude(status__in=[HouseholdStatus.RESIGNED, HouseholdStatus.DEREGISTERED]), user
    ).order_by("reference")


def aggregate_scope(user) -> tuple[str, QuerySet[Departure]] | None:
    """Which departures an analyst's aggregates cover: national bodies all of England,
    regional bodies their region (by where the household lived). None for anyone else."""
    if not (sees_aggregates_only(user) or has_role(user, Role.ANALYST)):
        return None
    org = organisation_of(user)
    qs = Departure.objects.all()
    if org is not None and org.kind == Organisation.Kind.REGIONAL and org.region_id:
        return org.region.name, qs.filter(household__local_authority__region_id=org.region_id)
    return "England", qs


def services_of(user) -> QuerySet[FosteringService]:
    from fostering.accounts.scoping import fostering_service_ids

    return FosteringService.objects.filter(id__in=fostering_service_ids(user)).order_by("name")
