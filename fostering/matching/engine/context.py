"""What the rules and scores need from one referral, worked out once per referral.

Internal: :func:`prepare` turns a :class:`~.referral.Referral` into small plain values
(tuples and ints, cheaper than tiny NumPy arrays) so that rule masks and scores are a
handful of vectorised operations over households.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from .constants import DOMAIN_INDEX, ETHNIC_GROUP_BY_CODE, NEED_INTENSIVE, PLACEMENT_TYPE_BIT
from .features import (
    BIT_ACCESSIBLE,
    BIT_ACTIVE,
    BIT_NO_SMOKERS,
    BITS_CAPABLE,
    BITS_FREE,
    BITS_MAX_CHILDREN,
    BITS_TYPE,
    PACKED_MAX_AGE,
    PACKED_MAX_GROUP,
    HouseholdFeatures,
)
from .referral import Child, Point, Referral

# Weight of the school anchor in the distance score when a child has said they want to
# stay at their school (other anchors weigh 1).
SCHOOL_WISH_WEIGHT = 2.0
RISK_OTHERS = DOMAIN_INDEX["risk_others"]
HEALTH = DOMAIN_INDEX["health"]


@dataclass(frozen=True, eq=False)
class Context:
    referral: Referral
    children: tuple[Child, ...]
    group_size: int
    age_lo: int
    age_hi: int
    type_bit: int
    start_day: int
    need_totals: tuple[int, ...]  # per child: Σ needs
    need_steps: tuple[int, ...]  # per child: bits 3d+k−1 for k ≤ need_d (see features)
    intensive_domains: int  # bitmask of domains where any child's need is intensive
    limit_m: float | None
    limit_points: tuple[Point, ...]  # the anchors the distance limit is measured from
    display_points: tuple[Point, ...]  # anchors for the shown (and tie-break) distance
    distance_groups: tuple[tuple[float, tuple[Point, ...]], ...]
    hold_index: NDArray[np.intp]
    hold_places: NDArray[np.int64]
    needs_wheelchair: bool
    no_smokers: bool
    free_places_override: NDArray[np.int64] | None
    ethnic_groups: tuple[int, ...]  # per child
    required_bits: int | None  # what ``features.rule_bits`` must contain (None: not packable)


def _unique(points: list[Point | None]) -> tuple[Point, ...]:
    return tuple(dict.fromkeys((float(p[0]), float(p[1])) for p in points if p is not None))


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
    ages = [c.age for c in children]
    intensive = 0
    need_steps = []
    for child in children:
        steps = 0
        for d, level in enumerate(child.needs):
            steps |= ((1 << level) - 1) << (3 * d)
            if level >= NEED_INTENSIVE:
                intensive |= 1 << d
        need_steps.append(steps)

    school_or_home = [c.school if c.school is not None else referral.home for c in children]
    if referral.distance_from == "home":
        limit_points = _unique([referral.home])
    elif all(p is not None for p in school_or_home):
        limit_points = _unique(school_or_home)
    else:
        limit_points = ()
    limit_m = None
    if referral.max_distance_km is not None:
        if not limit_points:
            where = "home" if referral.distance_from == "home" else "school (or home)"
            raise ValueError(
                f"The referral limits the distance from the child's {where}, but that "
                "location is not recorded. Add the postcode or remove the distance limit."
            )
        limit_m = float(referral.max_distance_km) * 1000.0
    school_points = _unique(school_or_home)

    groups: list[tuple[float, tuple[Point, ...]]] = []
    if school_points:
        wish = any(c.wants_to_stay_at_school for c in children)
        groups.append((SCHOOL_WISH_WEIGHT if wish else 1.0, school_points))
    if referral.important_people:
        groups.append((1.0, _unique(list(referral.important_people))))
    if referral.sibling_anchor is not None:
        groups.append((1.0, _unique([referral.sibling_anchor])))

    hold_index = _EMPTY_ROWS
    hold_places = _EMPTY_PLACES
    if referral.held_places and free_places is None:
        ids = np.fromiter(referral.held_places.keys(), dtype=np.int64)
        places = np.fromiter(referral.held_places.values(), dtype=np.int64)
        known = np.isin(ids, features.household_id)
        if known.any():
            hold_index = features.index_of(ids[known])
            hold_places = places[known]

    override = None
    if free_places is not None:
        override = np.asarray(free_places, dtype=np.int64)
        if override.shape != (features.n,):
            raise ValueError("free_places must have one entry per household.")

    return Context(
        referral=referral,
        children=children,
        group_size=len(children),
        age_lo=min(ages),
        age_hi=max(ages),
        type_bit=PLACEMENT_TYPE_BIT[referral.placement_type],
        start_day=int(referral.start_day),
        need_totals=tuple(sum(c.needs) for c in children),
        need_steps=tuple(need_steps),
        intensive_domains=intensive,
        limit_m=limit_m,
        limit_points=limit_points,
        display_points=limit_points or school_points,
        distance_groups=tuple(groups),
        hold_index=hold_index,
        hold_places=hold_places,
        needs_wheelchair=any(c.needs_wheelchair_access for c in children),
        no_smokers=any(c.cannot_live_with_smokers for c in children),
        free_places_override=override,
        ethnic_groups=tuple(ETHNIC_GROUP_BY_CODE[c.ethnicity] for c in children),
        required_bits=_required_bits(
            min(ages),
            max(ages),
            PLACEMENT_TYPE_BIT[referral.placement_type],
            len(children),
            intensive,
            any(c.needs_wheelchair_access for c in children),
            any(c.cannot_live_with_smokers for c in children),
        ),
    )


def _required_bits(
    age_lo: int,
    age_hi: int,
    type_bit: int,
    group: int,
    intensive: int,
    wheelchair: bool,
    no_smokers: bool,
) -> int | None:
    if age_hi > PACKED_MAX_AGE or group > PACKED_MAX_GROUP:
        return None
    bits = ((1 << (age_hi + 1)) - 1) ^ ((1 << age_lo) - 1)
    bits |= type_bit << BITS_TYPE
    bits |= 1 << (BITS_MAX_CHILDREN + group - 1)
    bits |= 1 << (BITS_FREE + group - 1)
    bits |= intensive << BITS_CAPABLE
    bits |= (1 << BIT_ACCESSIBLE) if wheelchair else 0
    bits |= (1 << BIT_NO_SMOKERS) if no_smokers else 0
    return bits | (1 << BIT_ACTIVE)


_EMPTY_ROWS = np.empty(0, dtype=np.intp)
_EMPTY_PLACES = np.empty(0, dtype=np.int64)


def for_subset(ctx: Context, subset_rows: NDArray[np.intp]) -> Context | None:
    """The same context for a feature subset whose row i is ``subset_rows[i]`` (ascending).

    ``None`` if a household holding places for this referral is not in the subset.
    """
    if not ctx.hold_index.size:
        return ctx
    pos = np.minimum(np.searchsorted(subset_rows, ctx.hold_index), max(subset_rows.size - 1, 0))
    hit = (subset_rows.size > 0) & (subset_rows[pos] == ctx.hold_index)
    if not np.all(hit):
        return None
    return replace(ctx, hold_index=pos, hold_places=ctx.hold_places)


def distances_m(features: HouseholdFeatures, rows: slice | NDArray[np.intp], point: Point) -> NDArray[np.float64]:
    """Straight-line distance in metres (float64) from ``point`` to the households in ``rows``.

    Grid references are metres on a flat grid, so this is plain Euclidean distance; a
    household with no grid reference gets NaN. The distance rule uses only this, on
    every path (spatial index or not), so all paths agree to the last bit.
    """
    dx = features.easting[rows] - point[0]
    dy = features.northing[rows] - point[1]
    return np.sqrt(dx * dx + dy * dy)


class Distances:
    """Distances (metres, float32) from anchors to a fixed set of households, each once.

    Used by the scores and the shown distance, where centimetres do not matter; complex64
    positions make each anchor one subtraction and one ``abs``.
    """

    def __init__(self, features: HouseholdFeatures, rows: NDArray[np.intp]) -> None:
        self.position = features.position[rows]
        self.unlocated = features.has_unlocated
        self._cache: dict[Point, NDArray[np.float32]] = {}

    def __call__(self, point: Point) -> NDArray[np.float32]:
        found = self._cache.get(point)
        if found is None:
            anchor = np.complex64(complex(point[0], point[1]))
            found = self._cache[point] = np.abs(self.position - anchor)
        return found
