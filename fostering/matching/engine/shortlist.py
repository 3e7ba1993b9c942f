"""The ranked, explained shortlist for one referral, and "why not this household?".

Ranking is deterministic: higher score first (full precision), then the shorter
distance from the referral's anchor (the farthest of the children's schools, or home;
unknown = last), then the lower household id. Scores are rounded to 2 decimals only
when turned into :class:`Candidate` objects for presentation.

Two ways in:

* :func:`shortlist` — for an officer: hard-rule masks over *all* households (so the
  "excluded by" counts cover the whole register), then scores on the survivors.
* :func:`candidates` — for batch work (optimiser, simulations): the same rules and
  scores, the same ranking, but only over households that could possibly pass (those
  with a free place, near enough by the cKDTree-backed spatial index when a distance
  limit is set), with most rules applied as one test of packed bits, and no counts.

The tests check both ways in, with and without the spatial index, give identical
results.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .context import Context, Distances, for_subset, prepare
from .features import HouseholdFeatures
from .referral import Referral, split_apart
from .rules import (
    RULE_BY_CODE,
    Rule,
    RuleCounts,
    all_pass,
    count_exclusions,
    fast_filter,
    rule_masks,
    within_all_anchors,
)
from .rules import within_limit as _within_limit
from .scoring import (
    COMPONENT_CODES,
    DEFAULT_WEIGHTS,
    ScoringWeights,
    component_points,
    total_points,
)

DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class Candidate:
    """One shortlisted household, rounded for presentation.

    ``components`` are points (sub-score × weight) per component code, summing to
    ``score`` up to rounding. ``weekly_cost`` is shown beside the rank, never used in it.
    """

    rank: int
    household_id: int
    score: float
    components: dict[str, float]
    distance_km: float | None
    weekly_cost: float
    is_ifa: bool


@dataclass(frozen=True, eq=False)
class Shortlist:
    """Ranked candidates as arrays (best first), plus the hard-rule counts.

    ``rows`` index the feature arrays; ``score`` is full precision; ``points`` is
    (candidates × 6) in ``COMPONENT_CODES`` order; ``distance_km`` is NaN when unknown.
    ``eligible`` counts every household passing the rules, even beyond ``limit``.
    ``why_not`` is ``None`` from :func:`candidates`, which does not count exclusions.
    """

    rows: NDArray[np.intp]
    household_id: NDArray[np.int64]
    score: NDArray[np.float64]
    points: NDArray[np.float64]
    distance_km: NDArray[np.float64]
    weekly_cost: NDArray[np.float64]
    is_ifa: NDArray[np.bool_]
    eligible: int
    why_not: RuleCounts | None

    def __len__(self) -> int:
        return int(self.rows.size)

    def candidates(self) -> list[Candidate]:
        """The shortlist as presentation objects (scores rounded to 2 decimals)."""
        out = []
        for i in range(self.rows.size):
            distance = float(self.distance_km[i])
            out.append(
                Candidate(
                    rank=i + 1,
                    household_id=int(self.household_id[i]),
                    score=round(float(self.score[i]), 2),
                    components={code: round(float(self.points[i, j]), 2) for j, code in enumerate(COMPONENT_CODES)},
                    distance_km=None if np.isnan(distance) else round(distance, 2),
                    weekly_cost=float(self.weekly_cost[i]),
                    is_ifa=bool(self.is_ifa[i]),
                )
            )
        return out


@dataclass(frozen=True)
class Explanation:
    """Why a household is or is not on a referral's shortlist.

    ``failed`` lists every hard rule it fails (in rule order). ``score`` and
    ``components`` are what it scores (rounded), shown even when a rule excludes it, so
    an officer can see what it would have offered.
    """

    household_id: int
    eligible: bool
    failed: tuple[Rule, ...]
    score: float
    components: dict[str, float]
    distance_km: float | None


def shortlist(
    features: HouseholdFeatures,
    referral: Referral,
    *,
    weights: ScoringWeights = DEFAULT_WEIGHTS,
    limit: int | None = DEFAULT_LIMIT,
    use_kdtree: bool = True,
    free_places: NDArray[np.integer] | None = None,
) -> Shortlist:
    """Rank the households that can take this child or sibling group (together).

    ``limit`` caps the candidates returned (``None`` = all eligible). ``use_kdtree``
    picks how the distance rule is evaluated: the cKDTree-backed spatial index (see
    :mod:`.spatial`) or every household; results are identical. ``free_places`` replaces the feature set's free places with a
    simulation's current state: places free *for this referral*, holds already applied
    (the held-elsewhere rule then never fires).
    """
    ctx = prepare(features, referral, free_places)
    distance_ok = None
    if ctx.limit_m is not None and use_kdtree:
        distance_ok = np.zeros(features.n, dtype=bool)
        distance_ok[_within_limit(features, ctx, use_kdtree=True)] = True
    masks = rule_masks(features, ctx, slice(None), distance_ok=distance_ok)
    eligible = all_pass(masks, features.n)
    rows = np.flatnonzero(eligible)
    return _ranked(features, ctx, rows, weights, limit, count_exclusions(masks, eligible))


def candidates(
    features: HouseholdFeatures,
    referral: Referral,
    *,
    weights: ScoringWeights = DEFAULT_WEIGHTS,
    limit: int | None = DEFAULT_LIMIT,
    use_kdtree: bool = True,
    free_places: NDArray[np.integer] | None = None,
) -> Shortlist:
    """The same ranking as :func:`shortlist`, faster, without exclusion counts.

    Only households with a free place can pass the rules, so without a
    ``free_places`` override the search runs on the feature set's compact copy of
    those households (:attr:`HouseholdFeatures.open_features`) and maps rows back.
    """
    full_ctx = prepare(features, referral, free_places)
    ctx = None if free_places is not None else for_subset(full_ctx, features.open_index)
    if ctx is None:
        # A simulation's own free places, or places held for this referral in a household
        # missing from the compact copy (its hold left out of ``held_places``): scan all.
        ctx = full_ctx
        if ctx.limit_m is not None:
            rows = _within_limit(features, ctx, use_kdtree=use_kdtree)
        elif ctx.free_places_override is not None:
            room = ctx.free_places_override >= ctx.group_size
            rows = np.flatnonzero(features.active_and_approved & room)
        else:
            rows = np.arange(features.n)
        masks = rule_masks(features, ctx, rows, skip_distance=ctx.limit_m is not None)
        rows = rows[all_pass(masks, rows.size)]
        return _ranked(features, ctx, rows, weights, limit, None)

    view = features.open_features
    if ctx.required_bits is None:  # a very large group or an adult: rule by rule
        if ctx.limit_m is not None:
            rows = _within_limit(view, ctx, use_kdtree=use_kdtree)
            masks = rule_masks(view, ctx, rows, skip_distance=True)
            rows = rows[all_pass(masks, rows.size)]
        else:
            masks = rule_masks(view, ctx, slice(None))
            rows = np.flatnonzero(all_pass(masks, view.n))
    elif ctx.limit_m is not None and use_kdtree:
        # Nearby by the spatial index, then the packed rules, then the exact distance.
        rows = fast_filter(view, ctx, view.spatial_index.near(ctx.limit_points[0], ctx.limit_m))
        rows = rows[within_all_anchors(view, ctx, rows)]
    else:
        rows = fast_filter(view, ctx, None)
        if ctx.limit_m is not None:
            rows = rows[within_all_anchors(view, ctx, rows)]
    return _ranked(view, ctx, rows, weights, limit, None, row_map=features.open_index)


def explain(
    features: HouseholdFeatures,
    referral: Referral,
    household_id: int,
    *,
    weights: ScoringWeights = DEFAULT_WEIGHTS,
    child_index: int | None = None,
    free_places: NDArray[np.integer] | None = None,
) -> Explanation:
    """Which hard rules one household fails for this referral, and what it scores.

    For a sibling group living apart, pass ``child_index`` to explain that child's
    shortlist.
    """
    if referral.is_split:
        if child_index is None:
            raise ValueError("This sibling group lives apart: say which child (child_index).")
        referral = split_apart(referral)[child_index]
    ctx = prepare(features, referral, free_places)
    rows = features.index_of([household_id])
    masks = rule_masks(features, ctx, rows)
    failed = tuple(RULE_BY_CODE[code] for code, mask in masks.items() if mask is not None and not mask[0])
    distances = Distances(features, rows)
    all_points = component_points(features, ctx, rows, weights, distances)
    points = all_points[:, 0]
    score = float(total_points(all_points)[0])
    distance = float(_display_distance_km(ctx, distances, 1)[0])
    return Explanation(
        household_id=int(household_id),
        eligible=not failed,
        failed=failed,
        score=round(score, 2),
        components={code: round(float(points[j]), 2) for j, code in enumerate(COMPONENT_CODES)},
        distance_km=None if np.isnan(distance) else round(distance, 2),
    )


def _display_distance_km(
    ctx: Context, distances: Distances, m: int, at: NDArray[np.intp] | None = None
) -> NDArray[np.float64]:
    """Distance shown beside a candidate (and used to break ties): the farthest anchor."""
    if not len(ctx.display_points):
        return np.full(m if at is None else at.size, np.nan)
    distance = None
    for point in ctx.display_points:
        d = distances(point) if at is None else distances(point)[at]
        distance = d if distance is None else np.fmax(distance, d)
    return distance.astype(np.float64) / 1000.0


def _ranked(
    features: HouseholdFeatures,
    ctx: Context,
    rows: NDArray[np.intp],
    weights: ScoringWeights,
    limit: int | None,
    why_not: RuleCounts | None,
    row_map: NDArray[np.intp] | None = None,
) -> Shortlist:
    distances = Distances(features, rows)
    points = component_points(features, ctx, rows, weights, distances)
    score = total_points(points)
    # Only households that can still make the cut need ids and distances for the ties.
    if limit is not None and rows.size > limit:
        keep = _at_least_kth_best(score, limit) if limit > 0 else np.empty(0, dtype=np.intp)
    else:
        keep = np.arange(rows.size)
    ids = features.household_id[rows[keep]]
    distance = _display_distance_km(ctx, distances, rows.size, keep)
    distance_key = np.where(np.isnan(distance), np.inf, distance)
    local = np.lexsort((ids, distance_key, -score[keep]))
    if limit is not None:
        local = local[:limit]
    order = keep[local]
    chosen = rows[order]
    return Shortlist(
        rows=chosen if row_map is None else row_map[chosen],
        household_id=ids[local],
        score=score[order],
        points=points[:, order].T,
        distance_km=distance[local],
        weekly_cost=features.weekly_cost[chosen],
        is_ifa=features.is_ifa[chosen],
        eligible=int(rows.size),
        why_not=why_not,
    )


def rank_order(
    score: NDArray[np.float64],
    distance: NDArray[np.float64],
    ids: NDArray[np.int64],
    limit: int | None = None,
) -> NDArray[np.intp]:
    """Positions in ranked order: score desc, then distance asc (unknown last), then id asc.

    With a ``limit``, only households scoring at least the limit-th best score are
    sorted (ties at the boundary all included before the tie rule picks), which keeps
    a 45,000-household ranking to a partition plus a small sort.
    """
    m = score.size
    if limit is not None and m > limit:
        if limit <= 0:
            return np.empty(0, dtype=np.intp)
        keep = _at_least_kth_best(score, limit)
    else:
        keep = np.arange(m)
    distance_key = np.where(np.isnan(distance[keep]), np.inf, distance[keep])
    order = keep[np.lexsort((ids[keep], distance_key, -score[keep]))]
    return order if limit is None else order[:limit]


def _at_least_kth_best(score: NDArray[np.float64], k: int) -> NDArray[np.intp]:
    """Positions of every score ≥ the k-th best (so ties at the boundary are all kept).

    A full ``np.partition`` of thousands of scores dominated ranking, so first guess a
    threshold from an evenly spaced sample, aiming at about 2k scores above it. If at
    least k scores clear the guess, the k-th best is among them and a small partition
    finds it exactly; otherwise fall back to partitioning everything. Exact either way.
    """
    m = score.size
    if m > 16 * k:
        step = m // (8 * k)
        sample = score[::step]
        j = min(sample.size, 2 * (k // step) + 2)
        guess = np.partition(sample, sample.size - j)[sample.size - j]
        above = np.flatnonzero(score >= guess)
        if above.size >= k:
            kth = np.partition(score[above], above.size - k)[above.size - k]
            return above[score[above] >= kth]
    kth = np.partition(score, m - k)[m - k]
    return np.flatnonzero(score >= kth)
