"""What the rules and scores need from one referral, worked out once per referral.

Internal: :func:`prepare` turns a :class:`~.referral.Referral` into small NumPy values
so that rule masks and scores are a handful of vectorised operations over households.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .constants import DOMAIN_INDEX, ETHNIC_GROUP_BY_CODE, NEED_INTENSIVE, PLACEMENT_TYPE_BIT
from .features import HouseholdFeatures
from .referral import Child, Point, Referral

# Weight of the school anchor in the distance score when a child has said they want to
# stay at their school (other anchors weigh 1).
SCHOOL_WISH_WEIGHT = 2.0


@dataclass(frozen=True, eq=False)
class Context:
    referral: Referral
    children: tuple[Child, ...]
    group_size: int
    age_lo: int
    age_hi: int
    type_bit: int
    start_day: int
    needs: NDArray[np.float64]  # (children, 10)
    need_totals: NDArray[np.float64]  # (children,)
    intensive_domains: int  # bitmask of domains where any child's need is intensive
    limit_m: float | None
    limit_points: NDArray[np.float64]  # (k, 2): the anchors the limit is measured from
    display_points: NDArray[np.float64]  # (k, 2): anchors for the shown/tie-break distance
    distance_groups: tuple[tuple[float, NDArray[np.float64]], ...]
    hold_index: NDArray[np.intp]
    hold_places: NDArray[np.int64]
    needs_wheelchair: bool
    no_smokers: bool
    free_places_override: NDArray[np.int64] | None
    ethnic_groups: tuple[int, ...]  # per child


def _points(points: list[Point]) -> NDArray[np.float64]:
    unique = list(dict.fromkeys((float(p[0]), float(p[1])) for p in points))
    return np.array(unique, dtype=np.float64).reshape(-1, 2)


def prepare(
    features: HouseholdFeatures,
    referral: Referral,
    free_places: NDArray[np.integer] | None = None,
) -> Context:
    """Work out the referral's derived values (raises ValueError for an unusable referral)."""
    if referral.is_split:
        raise ValueError(
            "This sibling group asks to live apart: use shortlist_apart(), which finds one "
            "household per child, or split_apart() to make one referral per child."
        )
    children = referral.children
    ages = np.array([c.age for c in children])
    needs = np.array([c.needs for c in children], dtype=np.float64)
    need_max = needs.max(axis=0)
    intensive = int(sum(1 << d for d in range(needs.shape[1]) if need_max[d] >= NEED_INTENSIVE))

    school_or_home = [c.school if c.school is not None else referral.home for c in children]
    school_points = [p for p in school_or_home if p is not None]
    if referral.distance_from == "home":
        limit_points = [referral.home] if referral.home is not None else []
    else:
        limit_points = school_points if len(school_points) == len(children) else []
    limit_m = None
    if referral.max_distance_km is not None:
        if not limit_points:
            where = "home" if referral.distance_from == "home" else "school (or home)"
            raise ValueError(
                f"The referral limits the distance from the child's {where}, but that "
                "location is not recorded. Add the postcode or remove the distance limit."
            )
        limit_m = float(referral.max_distance_km) * 1000.0
    display_points = limit_points or school_points or ([referral.home] if referral.home else [])

    groups: list[tuple[float, NDArray[np.float64]]] = []
    if school_points:
        wish = any(c.wants_to_stay_at_school for c in children)
        groups.append((SCHOOL_WISH_WEIGHT if wish else 1.0, _points(school_points)))
    if referral.important_people:
        groups.append((1.0, _points(list(referral.important_people))))
    if referral.sibling_anchor is not None:
        groups.append((1.0, _points([referral.sibling_anchor])))

    if referral.held_places and free_places is None:
        ids = np.fromiter(referral.held_places.keys(), dtype=np.int64)
        places = np.fromiter(referral.held_places.values(), dtype=np.int64)
        known = np.isin(ids, features.household_id)
        hold_index = features.index_of(ids[known]) if known.any() else np.empty(0, np.intp)
        hold_places = places[known]
    else:
        hold_index = np.empty(0, dtype=np.intp)
        hold_places = np.empty(0, dtype=np.int64)

    override = None
    if free_places is not None:
        override = np.asarray(free_places, dtype=np.int64)
        if override.shape != (features.n,):
            raise ValueError("free_places must have one entry per household.")

    return Context(
        referral=referral,
        children=children,
        group_size=len(children),
        age_lo=int(ages.min()),
        age_hi=int(ages.max()),
        type_bit=PLACEMENT_TYPE_BIT[referral.placement_type],
        start_day=int(referral.start_day),
        needs=needs,
        need_totals=needs.sum(axis=1),
        intensive_domains=intensive,
        limit_m=limit_m,
        limit_points=_points(limit_points),
        display_points=_points(display_points),
        distance_groups=tuple(groups),
        hold_index=hold_index,
        hold_places=hold_places,
        needs_wheelchair=any(c.needs_wheelchair_access for c in children),
        no_smokers=any(c.cannot_live_with_smokers for c in children),
        free_places_override=override,
        ethnic_groups=tuple(ETHNIC_GROUP_BY_CODE[c.ethnicity] for c in children),
    )


def distances_m(
    features: HouseholdFeatures, rows: slice | NDArray[np.intp], point: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Straight-line distance in metres from ``point`` to the households in ``rows``.

    Grid references are metres on a flat grid, so this is plain Euclidean distance; a
    household with no grid reference gets NaN. The same arithmetic is used on every
    path (k-d tree or not) so the two agree to the last bit.
    """
    dx = features.easting[rows] - point[0]
    dy = features.northing[rows] - point[1]
    return np.sqrt(dx * dx + dy * dy)


RISK_OTHERS = DOMAIN_INDEX["risk_others"]
HEALTH = DOMAIN_INDEX["health"]
