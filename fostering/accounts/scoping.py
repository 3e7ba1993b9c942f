"""The one place that decides what a user may see.

Every selector, view and API endpoint asks these functions; none builds its own rule.
Rules (DESIGN.md §4):

* a local authority's staff see their own authority's children, referrals and placements;
* a fostering service's staff (LA service or IFA) see their own households in full;
* a consortium's commissioners see their member authorities' commissioning figures;
* regional and national analysts see aggregates only (never a row about a person);
* administrators (operator) manage organisations and users.

Functions return plain ids/codes or filter a queryset on a named field, so other apps can
apply the rule without importing each other's models.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from fostering.organisations.models import FosteringService, Organisation

from .models import Role, User


def roles_of(user) -> frozenset[Role]:
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    return user.roles


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user).intersection(roles))


def require_role(user, *roles: Role) -> None:
    """Raise PermissionDenied unless the user holds at least one of ``roles``."""
    if not has_role(user, *roles):
        wanted = " or ".join(r.label.lower() for r in roles)
        raise PermissionDenied(f"This needs the {wanted} role.")


def organisation_of(user) -> Organisation | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.organisation


def local_authority_codes(user) -> frozenset[str]:
    """Authorities whose *person-level* records (children, referrals) the user may read."""
    org = organisation_of(user)
    if org is None or org.kind != Organisation.Kind.LOCAL_AUTHORITY:
        return frozenset()
    if not has_role(user, Role.PLACEMENT_OFFICER, Role.COMMISSIONER, Role.ADMINISTRATOR):
        return frozenset()
    return frozenset({org.local_authority_id})


def commissioning_authority_codes(user) -> frozenset[str]:
    """Authorities whose unsuppressed commissioning figures (costs, sufficiency) the user sees."""
    org = organisation_of(user)
    if org is None or not has_role(user, Role.COMMISSIONER, Role.PLACEMENT_OFFICER):
        return frozenset()
    if org.kind == Organisation.Kind.LOCAL_AUTHORITY:
        return frozenset({org.local_authority_id})
    if org.kind == Organisation.Kind.CONSORTIUM:
        return frozenset(org.member_authorities.values_list("code", flat=True))
    return frozenset()


def fostering_service_ids(user) -> frozenset[int]:
    """Services whose households and carers the user may see in full."""
    org = organisation_of(user)
    if org is None or not has_role(user, Role.FOSTERING_TEAM, Role.ADMINISTRATOR):
        return frozenset()
    return frozenset(
        FosteringService.objects.filter(organisation=org).values_list("id", flat=True)
    )


def sees_aggregates_only(user) -> bool:
    """Analysts (national or regional) see only suppressed aggregates."""
    return has_role(user, Role.ANALYST) and not has_role(
        user, Role.PLACEMENT_OFFICER, Role.FOSTERING_TEAM, Role.COMMISSIONER
    )


def scope_to_local_authority(qs: QuerySet, user, field: str = "local_authority") -> QuerySet:
    codes = local_authority_codes(user)
    if not codes:
        return qs.none()
    return qs.filter(**{f"{field}__in": codes})


def scope_to_fostering_service(qs: QuerySet, user, field: str = "fostering_service") -> QuerySet:
    ids = fostering_service_ids(user)
    if not ids:
        return qs.none()
    return qs.filter(**{f"{field}__in": ids})


def users_visible_to(user) -> QuerySet:
    """Administrators see every user; anyone else only colleagues in their organisation."""
    if has_role(user, Role.ADMINISTRATOR) and organisation_of(user) and (
        organisation_of(user).kind == Organisation.Kind.OPERATOR
    ):
        return User.objects.all()
    org = organisation_of(user)
    return User.objects.filter(organisation=org) if org else User.objects.none()


def any_of(user, roles: Iterable[Role]) -> bool:
    return has_role(user, *roles)
