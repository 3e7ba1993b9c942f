"""Reading the register, scoped to the requesting user (DESIGN.md §4).

* A fostering team sees its own service's households in full (``accounts.scoping.fostering_service_ids``).
* A carer sees their own household in full (``CarerAccount``).
* Everyone else who works with the register — placement officers, other services' teams,
  commissioners, carers looking at other households — sees only the public shape:
  capability and availability, never names, dates of birth or addresses beyond the
  postcode district (``serialisers.public_household``). The public register lists active
  households only: a status such as "under investigation" is the owning service's business.
* Analysts see aggregates only, so none of this.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet

from fostering.accounts.models import Role
from fostering.accounts.scoping import fostering_service_ids, has_role, sees_aggregates_only

from .models import Approval, CarerAccount, Household, HouseholdStatus, Transfer

REGISTER_READERS = (Role.PLACEMENT_OFFICER, Role.FOSTERING_TEAM, Role.CARER, Role.COMMISSIONER, Role.ADMINISTRATOR)


def may_read_register(user) -> bool:
    return has_role(user, *REGISTER_READERS) and not sees_aggregates_only(user)


def require_register_reader(user) -> None:
    if not may_read_register(user):
        raise PermissionDenied("Your role does not give access to the register's households.")


def carer_household_ids(user) -> frozenset[int]:
    if not has_role(user, Role.CARER):
        return frozenset()
    return frozenset(CarerAccount.objects.filter(user_id=user.pk).values_list("household_id", flat=True))


def sees_in_full(user, household: Household) -> bool:
    """Whether the user may see the household's personal fields."""
    return household.fostering_service_id in fostering_service_ids(user) or household.pk in carer_household_ids(user)


def with_display_data(qs: QuerySet, day=None, now=None) -> QuerySet:
    """What both shapes need, in a fixed number of queries whatever the page size."""
    from fostering.vacancies.availability import annotate_places

    return annotate_places(
        qs.select_related(
            "fostering_service", "local_authority", "availability", "availability__last_confirmed_by", "preferences"
        ).prefetch_related(
            "carers",
            "capabilities",
            Prefetch("approvals", queryset=Approval.objects.filter(ended_on__isnull=True), to_attr="current_approvals"),
        ),
        day=day,
        now=now,
    )


def visible_households(user) -> QuerySet:
    """Every household the user may see in some shape: their own in full, others' public
    (active only). Analysts and users without a register role get PermissionDenied."""
    require_register_reader(user)
    own = fostering_service_ids(user)
    mine = carer_household_ids(user)
    return Household.objects.filter(
        Q(status=HouseholdStatus.ACTIVE) | Q(fostering_service_id__in=own) | Q(pk__in=mine)
    ).order_by("pk")


def service_households(user, *, status: str | None = None, query: str | None = None) -> QuerySet:
    """The fostering team's own households (full records), for its list and vacancies pages."""
    if not has_role(user, Role.FOSTERING_TEAM, Role.ADMINISTRATOR):
        raise PermissionDenied("This page is for fostering teams.")
    qs = Household.objects.filter(fostering_service_id__in=fostering_service_ids(user))
    if status:
        qs = qs.filter(status=status)
    if query:
        query = query.strip()
        qs = qs.filter(
            Q(reference__icontains=query)
            | Q(postcode__icontains=query)
            | Q(carers__last_name__icontains=query)
            | Q(carers__first_name__icontains=query)
        ).distinct()
    return qs.order_by("reference")


def get_household(user, pk: int, *, full_required: bool = False) -> tuple[Household, bool]:
    """The household and whether the user sees it in full. Http404-style DoesNotExist when the
    user may not see it at all; PermissionDenied when ``full_required`` and they may not."""
    household = visible_households(user).select_related("fostering_service", "local_authority").get(pk=pk)
    full = sees_in_full(user, household)
    if full_required and not full:
        raise PermissionDenied("Only the household's own fostering service can see or change its full record.")
    return household, full


def my_household(user) -> Household | None:
    """The carer's own household."""
    account = CarerAccount.objects.select_related("household").filter(user_id=getattr(user, "pk", None)).first()
    return account.household if account else None


def transfers_for(user) -> QuerySet:
    """Transfers in or out of the user's services: recorded with both services."""
    ids = fostering_service_ids(user)
    return (
        Transfer.objects.filter(Q(from_service_id__in=ids) | Q(to_service_id__in=ids))
        .select_related("household", "from_service", "to_service", "recorded_by")
        .order_by("-transferred_on", "-id")
    )
