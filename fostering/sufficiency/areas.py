"""Which areas a commissioner or analyst sees, and which of them only suppressed.

Rules (DESIGN.md §4, accounts.scoping decides who is who):

* an LA commissioner: their authority, unsuppressed; its region and England as suppressed
  aggregates for comparison;
* a consortium commissioner: each member authority and the consortium, unsuppressed;
  England suppressed;
* a national analyst: every authority, region and England — all suppressed (aggregates only);
* a regional analyst: their region's authorities, the region and England — all suppressed.

Anyone else gets PermissionDenied.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied

from fostering.accounts import scoping
from fostering.accounts.models import Role
from fostering.geography.models import LocalAuthority, Region
from fostering.organisations.models import Organisation

ENGLAND = "england"


@dataclass(frozen=True)
class Area:
    key: str  # "la:E10000016", "region:E12000008", "consortium:7", "england"
    level: str  # la | region | consortium | england
    name: str
    la_codes: frozenset[str]
    suppressed: bool
    easting: float | None = None
    northing: float | None = None

    @property
    def level_label(self) -> str:
        return {"la": "Local authority", "region": "Region", "consortium": "Consortium", "england": "England"}[
            self.level
        ]


@dataclass
class Scope:
    authorities: list[Area]
    aggregates: list[Area]
    default_focus: Area
    aggregates_only: bool
    by_key: dict[str, Area] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_key = {a.key: a for a in self.areas}

    @property
    def cache_key(self) -> str:
        """Two viewers with the same key see exactly the same (suppressed) figures."""
        own = ",".join(sorted(a.key for a in self.areas if not a.suppressed))
        return f"{self.default_focus.key}|{int(self.aggregates_only)}|{own}"

    @property
    def areas(self) -> list[Area]:
        return [*self.authorities, *self.aggregates]

    @property
    def la_codes(self) -> frozenset[str]:
        """Authorities shown one by one."""
        return frozenset().union(*(a.la_codes for a in self.authorities))

    def find(self, key: str | None) -> Area:
        """The area named by ``key`` (e.g. ``?area=la:E10000016``), or the default; an area
        outside the user's scope is refused, not silently replaced."""
        if not key:
            return self.default_focus
        key = key.strip()
        if key in self.by_key:
            return self.by_key[key]
        if f"la:{key}" in self.by_key:
            return self.by_key[f"la:{key}"]
        if f"region:{key}" in self.by_key:
            return self.by_key[f"region:{key}"]
        raise PermissionDenied("That area is not one you can see. Choose one of the areas listed.")


def _authority_area(la: LocalAuthority, suppressed: bool) -> Area:
    return Area(
        f"la:{la.code}", "la", la.name, frozenset({la.code}), suppressed, la.centroid_easting, la.centroid_northing
    )


def _authorities() -> list[LocalAuthority]:
    return list(LocalAuthority.objects.select_related("region").order_by("name"))


def _england(all_las: list[LocalAuthority]) -> Area:
    return Area(ENGLAND, "england", "England", frozenset(la.code for la in all_las), True)


def _region_area(region: Region, all_las: list[LocalAuthority], suppressed: bool = True) -> Area:
    codes = frozenset(la.code for la in all_las if la.region_id == region.code)
    return Area(f"region:{region.code}", "region", region.name, codes, suppressed)


def national_scope() -> Scope:
    """What a national analyst sees: every authority, region and England, all suppressed."""
    all_las = _authorities()
    england = _england(all_las)
    regions = [_region_area(r, all_las) for r in Region.objects.order_by("name")]
    return Scope([_authority_area(la, True) for la in all_las], [*regions, england], england, True)


def regional_scope(region: Region) -> Scope:
    """What a regional analyst sees: the region's authorities, the region and England, suppressed."""
    all_las = _authorities()
    area = _region_area(region, all_las)
    las = [_authority_area(la, True) for la in all_las if la.region_id == region.code]
    return Scope(las, [area, _england(all_las)], area, True)


def scope_for(user) -> Scope:
    """The areas ``user`` may see on the sufficiency and cost pages and API."""
    scoping.require_role(user, Role.COMMISSIONER, Role.ANALYST)
    org = scoping.organisation_of(user)
    if scoping.sees_aggregates_only(user):
        if org is not None and org.kind == Organisation.Kind.NATIONAL:
            return national_scope()
        if org is not None and org.kind == Organisation.Kind.REGIONAL and org.region_id:
            return regional_scope(org.region)
        raise PermissionDenied("Analysts must belong to a national or regional body to see aggregates.")
    codes = scoping.commissioning_authority_codes(user)
    if not codes:
        raise PermissionDenied("Your organisation does not commission placements for any local authority.")
    all_las = _authorities()
    england = _england(all_las)
    own = [_authority_area(la, False) for la in all_las if la.code in codes]
    if org.kind == Organisation.Kind.CONSORTIUM:
        consortium = Area(f"consortium:{org.pk}", "consortium", org.name, frozenset(codes), False)
        return Scope(own, [consortium, england], consortium, False)
    la = next(la for la in all_las if la.code in codes)
    region = _region_area(la.region, all_las)
    return Scope(own, [region, england], own[0], False)


def chart_key(scope: Scope, focus: Area) -> str:
    """Two viewers with the same key see exactly the same charts."""
    return f"{scope.cache_key}@{focus.key}"
