"""Who is told: the users behind a fostering service, an authority or a household.

Recipients are always the people whose organisation already may see the record the
notification links to (accounts.scoping's rules), so a notification never tells anyone
something their pages would not show them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from fostering.accounts.models import Role, User
from fostering.organisations.models import FosteringService


def _with_role(qs: QuerySet, role: Role) -> QuerySet:
    return qs.filter(is_active=True, groups__name=role.label).distinct()


def fostering_team_of(service_ids: Iterable[int]) -> QuerySet:
    """The fostering team users of the organisations running these services."""
    organisations = FosteringService.objects.filter(pk__in=list(service_ids)).values("organisation_id")
    return _with_role(User.objects.filter(organisation_id__in=organisations), Role.FOSTERING_TEAM)


def placement_officers_of(la_codes: Iterable[str]) -> QuerySet:
    """The placement officers of these local authorities."""
    return _with_role(
        User.objects.filter(organisation__kind="la", organisation__local_authority_id__in=list(la_codes)),
        Role.PLACEMENT_OFFICER,
    )


def carers_of(household_ids: Iterable[int]) -> QuerySet:
    """The carers signed in for these households."""
    return _with_role(User.objects.filter(carer_account__household_id__in=list(household_ids)), Role.CARER)
