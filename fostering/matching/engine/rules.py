"""Hard rules: a household that fails any of them is not shortlisted.

Each rule has a stable ``code`` (stored with decisions, used in URLs and reports), a
``label`` that states the requirement and a ``failure`` sentence for "why not".

Rules are evaluated as boolean *pass* masks over households, vectorised. Every rule is
evaluated for every household (not only those that passed the earlier rules), so the
"excluded by" counts answer "how many households does this rule alone rule out?" and
**a household failing several rules counts under each of them**; the counts therefore
add up to more than ``excluded``, which counts each excluded household once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .context import Context, distances_m
from .features import BITS_FREE, HouseholdFeatures

Rows = slice | NDArray[np.intp]
Mask = NDArray[np.bool_]


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    failure: str


RULES: tuple[Rule, ...] = (
    Rule(
        "active_approved",
        "The household is active and approved",
        "The household is not active or its approval is not current.",
    ),
    Rule(
        "terms_cover",
        "The terms of approval cover the children's ages, the placement type and the number of children",
        "The terms of approval do not cover the children's ages, this placement type or this many children.",
    ),
    Rule(
        "free_places",
        "There are enough free places from the start date",
        "There are not enough free places, or the household is not available on the start date.",
    ),
    Rule(
        "held_elsewhere",
        "The free places are not held for another referral",
        "The places that would be free are held for another referral.",
    ),
    Rule(
        "capability_for_intensive_needs",
        "The carers can meet every intensive need, at least with support",
        "The carers cannot meet an intensive need in at least one domain, even with support.",
    ),
    Rule(
        "distance",
        "The home is within the distance limit set in the referral",
        "The home is further away than the referral's distance limit.",
    ),
    Rule(
        "wheelchair_access",
        "The home is wheelchair accessible (a child needs it)",
        "A child needs a wheelchair-accessible home and this home is not.",
    ),
    Rule(
        "no_smokers",
        "No one in the home smokes (a child cannot live with smokers)",
        "A child cannot live with smokers and someone in this home smokes.",
    ),
)
RULE_CODES: tuple[str, ...] = tuple(rule.code for rule in RULES)
RULE_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


@dataclass(frozen=True)
class RuleCounts:
    """How many households each hard rule excluded, over the whole feature set.

    ``excluded_by[code]`` counts every household failing that rule, whatever else it
    fails (so the values can sum to more than ``excluded``). ``excluded`` counts each
    household failing at least one rule once; ``eligible = total - excluded``.
    """

    total: int
    excluded_by: dict[str, int]
    excluded: int
    eligible: int


def within_limit(features: HouseholdFeatures, ctx: Context, *, use_kdtree: bool = True) -> NDArray[np.intp]:
    """Rows within the referral's distance limit of every limit anchor (in no set order).

    With ``use_kdtree`` the spatial index (a cKDTree over grid cells, see
    :mod:`.spatial`) proposes the households that could be within the limit of the
    first anchor; without it every household is tested. Either way the same float64
    distance test decides, so both return exactly the same rows.
    """
    assert ctx.limit_m is not None
    if use_kdtree:
        rows = features.spatial_index.near(ctx.limit_points[0], ctx.limit_m)
        return rows[within_all_anchors(features, ctx, rows)]
    ok = np.ones(features.n, dtype=bool)
    for point in ctx.limit_points:
        ok &= distances_m(features, slice(None), point) <= ctx.limit_m
    return np.flatnonzero(ok)


def within_all_anchors(features: HouseholdFeatures, ctx: Context, rows: NDArray[np.intp]) -> NDArray[np.bool_]:
    """Which of ``rows`` are within the distance limit of every limit anchor (float64)."""
    assert ctx.limit_m is not None
    ok = distances_m(features, rows, ctx.limit_points[0]) <= ctx.limit_m
    for point in ctx.limit_points[1:]:
        ok &= distances_m(features, rows, point) <= ctx.limit_m
    return ok


def fast_filter(features: HouseholdFeatures, ctx: Context, rows: NDArray[np.intp] | None) -> NDArray[np.intp]:
    """The rows (of ``rows``, or of every household) that pass every rule but distance.

    The same verdict as ANDing :func:`rule_masks`, for the batch path: the static rules
    are one test of the packed ``rule_bits`` against the referral's required bits, then
    the availability window, then free places net of other referrals' holds for the
    few households left. Needs ``ctx.required_bits`` and no ``free_places`` override.
    """
    assert ctx.required_bits is not None and ctx.free_places_override is None
    f = features
    required = ctx.required_bits
    if ctx.hold_index.size:
        # Held places count for this referral even if the caller left them out of
        # ``held_places``: leave "room ignoring holds" to the exact check below.
        required &= ~(1 << (BITS_FREE + ctx.group_size - 1))
    required = np.uint64(required)
    if rows is None:
        ok = (f.rule_bits & required) == required
        ok &= f.available_from <= ctx.start_day
        ok &= f.available_until >= ctx.start_day
        rows = np.flatnonzero(ok)
    else:
        ok = (f.rule_bits[rows] & required) == required
        rows = rows[ok]
        ok = (f.available_from[rows] <= ctx.start_day) & (f.available_until[rows] >= ctx.start_day)
        rows = rows[ok]
    free = f.free_places[rows].astype(np.int64)
    for row, places in zip(ctx.hold_index.tolist(), ctx.hold_places.tolist(), strict=True):
        free[rows == row] += places
    return rows[free >= ctx.group_size]


def rule_masks(
    features: HouseholdFeatures,
    ctx: Context,
    rows: Rows,
    *,
    distance_ok: Mask | None = None,
    skip_distance: bool = False,
) -> dict[str, Mask | None]:
    """Pass masks for the households in ``rows`` (``slice(None)`` or row numbers).

    A value of ``None`` means the rule does not apply to this referral (every household
    passes). ``distance_ok`` is the precomputed distance mask for ``rows``; with
    ``skip_distance`` the caller promises every row is already within the limit.
    """
    f = features
    g = ctx.group_size
    masks: dict[str, Mask | None] = {}
    masks["active_approved"] = f.active_and_approved[rows]
    masks["terms_cover"] = (
        (f.age_min[rows] <= ctx.age_lo)
        & (f.age_max[rows] >= ctx.age_hi)
        & ((f.placement_types[rows] & ctx.type_bit) != 0)
        & (f.max_children[rows] >= g)
    )

    in_window = (f.available_from[rows] <= ctx.start_day) & (f.available_until[rows] >= ctx.start_day)
    if ctx.free_places_override is not None:
        free_for_this = ctx.free_places_override[rows]
        room = free_for_this >= g
        masks["free_places"] = room & in_window
        masks["held_elsewhere"] = None
    else:
        room_here = f.free_places[rows] >= g
        room_ignoring_holds = f.free_ignoring_holds[rows] >= g
        if ctx.hold_index.size:
            # Places held for this referral count as free for it.
            room_here = room_here.copy()
            for row, places in zip(ctx.hold_index.tolist(), ctx.hold_places.tolist(), strict=True):
                where = row if isinstance(rows, slice) else np.flatnonzero(rows == row)
                room_here[where] = int(f.free_places[row]) + places >= g
            room_ignoring_holds = room_ignoring_holds | room_here
        masks["free_places"] = room_ignoring_holds & in_window
        held = room_ignoring_holds & ~room_here
        masks["held_elsewhere"] = ~held if held.any() else None

    if ctx.intensive_domains:
        need = ctx.intensive_domains
        masks["capability_for_intensive_needs"] = (f.capable_domains[rows] & need) == need
    else:
        masks["capability_for_intensive_needs"] = None

    if ctx.limit_m is None or skip_distance:
        masks["distance"] = None
    else:
        if distance_ok is None:
            distance_ok = np.ones(f.household_id[rows].shape, dtype=bool)
            for point in ctx.limit_points:
                distance_ok &= distances_m(f, rows, point) <= ctx.limit_m
        masks["distance"] = distance_ok

    masks["wheelchair_access"] = f.wheelchair_accessible[rows] if ctx.needs_wheelchair else None
    masks["no_smokers"] = ~f.smokes[rows] if ctx.no_smokers else None
    return masks


def all_pass(masks: dict[str, Mask | None], size: int) -> Mask:
    """Households passing every rule."""
    result: Mask | None = None
    for mask in masks.values():
        if mask is None:
            continue
        result = mask.copy() if result is None else (result & mask)
    return np.ones(size, dtype=bool) if result is None else result


def count_exclusions(masks: dict[str, Mask | None], eligible: Mask) -> RuleCounts:
    """Turn full-set pass masks into the "excluded by each rule" counts."""
    total = int(eligible.size)
    excluded_by = {
        code: (0 if masks[code] is None else total - int(np.count_nonzero(masks[code]))) for code in RULE_CODES
    }
    n_eligible = int(np.count_nonzero(eligible))
    return RuleCounts(total=total, excluded_by=excluded_by, excluded=total - n_eligible, eligible=n_eligible)
