"""Three ways to place a batch of referrals, for the sufficiency simulation to compare.

All three respect the hard rules and household capacity (free places, plus places held
for referrals in the batch; see :func:`~.optimise.batch_capacity`), and return an
:class:`~.optimise.Assignment` whose weights are the chosen households' scores × 100,
so the policies can be compared on the same scale.

* :func:`in_house_first` — today's practice: referrals in the order given; for each, a
  household from the placing LA's own fostering service if any is eligible, else an
  IFA or other LA's household; within that, the nearest (then lowest id). Needs and
  scores play no part in the choice.
* :func:`greedy` — the best shortlist candidate for each referral in turn, with places
  used by earlier referrals no longer free.
* :func:`optimised` — the batch optimiser over every referral's top ``top_k``.

Sibling groups living apart must be split first (:func:`~.referral.split_apart`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from .features import HouseholdFeatures
from .optimise import (
    DEFAULT_TOP_K,
    Assignment,
    Solver,
    batch_capacity,
    build_problem,
    solve,
)
from .referral import Referral
from .scoring import DEFAULT_WEIGHTS, ScoringWeights
from .shortlist import candidates


def in_house_first(
    features: HouseholdFeatures,
    referrals: Sequence[Referral],
    *,
    weights: ScoringWeights = DEFAULT_WEIGHTS,
    capacity: NDArray[np.integer] | None = None,
) -> Assignment:
    """First available: the LA's own carers first (``owner_id == la_id``), then nearest."""

    def pick(referral: Referral, remaining: NDArray[np.int64]) -> tuple[int, float] | None:
        found = candidates(features, referral, weights=weights, limit=None, free_places=remaining)
        if not len(found):
            return None
        outside = features.owner_id[found.rows] != referral.la_id
        distance = np.where(np.isnan(found.distance_km), np.inf, found.distance_km)
        best = np.lexsort((found.household_id, distance, outside))[0]
        return int(found.rows[best]), float(found.score[best])

    return _one_at_a_time(features, referrals, capacity, pick, "in_house_first")


def greedy(
    features: HouseholdFeatures,
    referrals: Sequence[Referral],
    *,
    weights: ScoringWeights = DEFAULT_WEIGHTS,
    capacity: NDArray[np.integer] | None = None,
) -> Assignment:
    """Each referral in turn takes its best-scoring household that still has room."""

    def pick(referral: Referral, remaining: NDArray[np.int64]) -> tuple[int, float] | None:
        found = candidates(features, referral, weights=weights, limit=1, free_places=remaining)
        if not len(found):
            return None
        return int(found.rows[0]), float(found.score[0])

    return _one_at_a_time(features, referrals, capacity, pick, "greedy")


def optimised(
    features: HouseholdFeatures,
    referrals: Sequence[Referral],
    *,
    weights: ScoringWeights = DEFAULT_WEIGHTS,
    capacity: NDArray[np.integer] | None = None,
    top_k: int = DEFAULT_TOP_K,
    solver: Solver = "flow",
) -> Assignment:
    """The batch optimiser: maximum total score over every referral's top candidates."""
    problem = build_problem(features, referrals, top_k=top_k, weights=weights, capacity=capacity)
    return solve(problem, solver)


Pick = Callable[[Referral, NDArray[np.int64]], "tuple[int, float] | None"]


def _one_at_a_time(
    features: HouseholdFeatures,
    referrals: Sequence[Referral],
    capacity: NDArray[np.integer] | None,
    pick: Pick,
    name: str,
) -> Assignment:
    remaining = batch_capacity(features, referrals) if capacity is None else np.asarray(capacity, dtype=np.int64).copy()
    household = np.full(len(referrals), -1, dtype=np.int64)
    weight = np.zeros(len(referrals), dtype=np.int64)
    for r, referral in enumerate(referrals):
        choice = pick(referral, remaining)
        if choice is None:
            continue
        row, score = choice
        household[r] = row
        weight[r] = int(np.rint(score * 100.0))
        remaining[row] -= referral.group_size
    return Assignment(
        household=household,
        weight=weight,
        objective=int(weight.sum()),
        optimal=False,
        solver=name,
    )
