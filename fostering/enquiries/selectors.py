"""Reading enquiries: every function takes the requesting user and scopes through
accounts.scoping, so a service only ever sees the enquiries sent to it."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from fostering.accounts.scoping import fostering_service_ids, scope_to_fostering_service
from fostering.organisations.models import FosteringService

from .govuk import is_db_id
from .models import ServiceEnquiry, StageChange


def queue_for(user, stage: str | None = None, open_only: bool = False) -> QuerySet[ServiceEnquiry]:
    qs = scope_to_fostering_service(ServiceEnquiry.objects.all(), user).select_related("enquiry", "fostering_service")
    if stage:
        qs = qs.filter(stage=stage)
    if open_only:
        qs = qs.exclude(stage__in=["approved", "withdrawn", "declined"])
    return qs.order_by("enquiry__created_at", "id") if open_only else qs.order_by("-enquiry__created_at", "-id")


def service_enquiry_for(user, pk: int) -> ServiceEnquiry:
    se = queue_for(user).filter(pk=pk).first() if is_db_id(pk) else None
    if se is None:
        raise Http404("No enquiry with that number in your service's queue.")
    return se


def history_of(se: ServiceEnquiry) -> QuerySet[StageChange]:
    return se.changes.select_related("changed_by").order_by("changed_at", "id")


def services_for(user) -> QuerySet[FosteringService]:
    return FosteringService.objects.filter(id__in=fostering_service_ids(user)).order_by("name")
