"""Reading vacancies, scoped through accounts.scoping."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from fostering.accounts.scoping import fostering_service_ids
from fostering.register.models import Household, HouseholdStatus
from fostering.register.selectors import with_display_data

from .freshness import stale_filter


def service_vacancies(user, *, stale_only: bool = False, now=None) -> QuerySet:
    """The service's active households with their places and freshness, stalest first."""
    qs = Household.objects.filter(fostering_service_id__in=fostering_service_ids(user), status=HouseholdStatus.ACTIVE)
    if stale_only:
        qs = qs.filter(stale_filter(now or timezone.now()))
    return with_display_data(qs, now=now).order_by("availability__last_confirmed_at", "reference")
