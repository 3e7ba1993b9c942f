"""Sibling groups who will live apart: a shortlist per child, then homes near each other.

"Together" groups need nothing special: :func:`~.shortlist.shortlist` treats the group as
one referral (every child's age covered, group size within the terms and free places,
capability against the highest need per domain, needs met averaged over the children).

"Apart" groups get one shortlist per child (:func:`shortlist_apart`). Each child's
distance score includes the siblings' shared anchor (the family home, or the middle of
their schools), so homes near the others rank higher. :func:`choose_apart` then picks
distinct households, one per child, maximising the total score subject to every two
chosen homes being within ``max_apart_km`` of each other.

Why exhaustive search, not an assignment solver: the closeness constraint is between
*pairs of chosen households*, which ``linear_sum_assignment`` cannot express (it only
prices child–household pairs). Sibling groups are small (2–6 children), so a
depth-first search over each child's top ``top_k`` candidates, pruned by an optimistic
bound (score so far + every remaining child's best score), is exact within those lists
and takes well under a millisecond for typical groups.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .features import HouseholdFeatures
from .referral import Referral, split_apart
from .scoring import DEFAULT_WEIGHTS, ScoringWeights
from .shortlist import DEFAULT_LIMIT, Shortlist, shortlist

# Siblings placed apart keep in touch best when a visit is a short trip: 20 km is about
# half an hour by road in most of England.
DEFAULT_MAX_APART_KM = 20.0
DEFAULT_TOP_K = 20
MAX_SEARCH_NODES = 500_000


@dataclass(frozen=True, eq=False)
class ApartShortlist:
    """One shortlist per child (in the referral's child order) for a group living apart."""

    referral: Referral
    per_child: tuple[Shortlist, ...]


@dataclass(frozen=True)
class ApartChoice:
    """Distinct households, one per child (in child order), close to each other.

    ``exhaustive`` is False only if the search hit its node budget (never for groups of
    up to four with the default ``top_k``); the choice is then the best found.
    """

    household_ids: tuple[int, ...]
    rows: tuple[int, ...]
    scores: tuple[float, ...]
    total_score: float
    max_apart_km: float
    exhaustive: bool


def shortlist_apart(
    features: HouseholdFeatures,
    referral: Referral,
    *,
    weights: ScoringWeights = DEFAULT_WEIGHTS,
    limit: int | None = DEFAULT_LIMIT,
    use_kdtree: bool = True,
) -> ApartShortlist:
    """A shortlist for each child of a sibling group asking to live apart."""
    if not referral.is_split:
        raise ValueError("shortlist_apart() is for sibling groups asking to live apart.")
    return ApartShortlist(
        referral=referral,
        per_child=tuple(
            shortlist(features, child, weights=weights, limit=limit, use_kdtree=use_kdtree)
            for child in split_apart(referral)
        ),
    )


def choose_apart(
    features: HouseholdFeatures,
    apart: ApartShortlist,
    *,
    max_apart_km: float = DEFAULT_MAX_APART_KM,
    top_k: int = DEFAULT_TOP_K,
    exclude: frozenset[int] = frozenset(),
) -> ApartChoice | None:
    """Best distinct households, one per child, all within ``max_apart_km`` of each other.

    Returns ``None`` when no such combination exists among the children's top ``top_k``
    candidates. Ties keep the combination found first in rank order, so the result is
    deterministic. Households with no grid reference cannot be shown to be close, so they
    are never chosen for a group of two or more. ``exclude`` holds feature rows that may not
    be chosen (used by :func:`choose_apart_options` for alternatives).
    """
    lists = [(s.rows[:top_k], s.score[:top_k]) for s in apart.per_child]
    if any(rows.size == 0 for rows, _ in lists):
        return None
    limit_m = max_apart_km * 1000.0
    best_remaining = np.array([scores[0] for _, scores in lists])
    bound_after = np.concatenate([np.cumsum(best_remaining[::-1])[::-1][1:], [0.0]])
    east, north = features.easting, features.northing

    best: tuple[float, list[int]] | None = None
    chosen: list[int] = []
    nodes = 0
    exhaustive = True

    def search(child: int, total: float) -> None:
        nonlocal best, nodes, exhaustive
        rows, scores = lists[child]
        for row, score in zip(rows.tolist(), scores.tolist(), strict=True):
            if best is not None and total + score + bound_after[child] <= best[0]:
                return  # candidates are in score order: nothing further down can win
            nodes += 1
            if nodes > MAX_SEARCH_NODES:
                exhaustive = False
                return
            if row in chosen or row in exclude or not _close_to_all(row, chosen, east, north, limit_m):
                continue
            chosen.append(row)
            if child + 1 == len(lists):
                if best is None or total + score > best[0]:
                    best = (total + score, list(chosen))
            else:
                search(child + 1, total + score)
            chosen.pop()

    search(0, 0.0)
    if best is None:
        return None
    rows = best[1]
    scores = tuple(
        float(apart.per_child[i].score[np.flatnonzero(apart.per_child[i].rows == r)[0]]) for i, r in enumerate(rows)
    )
    return ApartChoice(
        household_ids=tuple(int(features.household_id[r]) for r in rows),
        rows=tuple(rows),
        scores=tuple(round(s, 2) for s in scores),
        total_score=round(best[0], 2),
        max_apart_km=round(_max_pairwise_km(rows, east, north), 2),
        exhaustive=exhaustive,
    )


def choose_apart_options(
    features: HouseholdFeatures,
    apart: ApartShortlist,
    *,
    max_apart_km: float = DEFAULT_MAX_APART_KM,
    top_k: int = DEFAULT_TOP_K,
    n: int = 3,
) -> list[ApartChoice]:
    """Up to ``n`` proposals for a group living apart, best first, no household in two of them.

    The first is :func:`choose_apart`'s choice; each next one is the best combination among
    the households not yet proposed, so an officer who cannot get the first set has real
    alternatives (not the same homes reshuffled between the children).
    """
    options: list[ApartChoice] = []
    used: set[int] = set()
    for _ in range(max(0, n)):
        choice = choose_apart(features, apart, max_apart_km=max_apart_km, top_k=top_k, exclude=frozenset(used))
        if choice is None:
            break
        options.append(choice)
        used.update(choice.rows)
    return options


def _close_to_all(
    row: int, chosen: list[int], east: NDArray[np.float64], north: NDArray[np.float64], limit_m: float
) -> bool:
    for other in chosen:
        dx = east[row] - east[other]
        dy = north[row] - north[other]
        if not (dx * dx + dy * dy) ** 0.5 <= limit_m:  # NaN (unknown place) fails
            return False
    return True


def _max_pairwise_km(rows: list[int], east: NDArray[np.float64], north: NDArray[np.float64]) -> float:
    far = 0.0
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            far = max(far, float(np.hypot(east[a] - east[b], north[a] - north[b])))
    return far / 1000.0
