"""Baseline policies for the simulation: today's practice, greedy, and the optimiser."""

from __future__ import annotations

import numpy as np
import pytest

from fostering.matching.engine import DOMAINS, batch_capacity, split_apart
from fostering.matching.engine.policies import greedy, in_house_first, optimised
from fostering.matching.engine.synthetic import synthetic_features, synthetic_referrals

from .helpers import child, east, households, referral


def ids(features, assignment) -> list[int | None]:
    return assignment.household_ids(features)


def test_in_house_first_prefers_the_las_own_carers_over_a_better_nearer_agency_home():
    features = households(
        {"owner_id": -1, "is_ifa": True, "capability": dict.fromkeys(DOMAINS, 3)},
        {"owner_id": 7, **east(25), "capability": dict.fromkeys(DOMAINS, 1)},
        {"owner_id": 7, **east(15), "capability": dict.fromkeys(DOMAINS, 1)},
    )
    result = in_house_first(features, [referral(la_id=7)])
    assert ids(features, result) == [3]  # in-house, then nearest; needs play no part


def test_in_house_first_falls_back_to_the_nearest_home_when_its_own_are_full():
    features = households(
        {"owner_id": 7, "free_places": 1, "max_children": 1},
        {"owner_id": -1, **east(30)},
        {"owner_id": 3, **east(10)},
    )
    result = in_house_first(features, [referral(la_id=7), referral(la_id=7)])
    assert ids(features, result) == [1, 3]


def test_greedy_gives_each_referral_in_turn_its_best_home_with_room():
    features = households(
        {"free_places": 1, "max_children": 1},  # the best home for both
        east(8),
    )
    result = greedy(features, [referral(), referral()])
    assert ids(features, result) == [1, 2]
    assert result.weight[0] >= result.weight[1] > 0


def test_the_optimiser_can_do_better_than_greedy_by_thinking_ahead():
    # Child A is nearly as happy at home 2; child B can only go to home 1.
    features = households(
        {"free_places": 1, "max_children": 1, "age_min": 0, "age_max": 18},
        {"free_places": 1, "max_children": 1, "age_min": 0, "age_max": 12, **east(1)},
    )
    first, second = referral(child(age=10)), referral(child(age=15))
    assert ids(features, greedy(features, [first, second])) == [1, None]
    assert ids(features, optimised(features, [first, second])) == [2, 1]


@pytest.fixture(scope="module")
def batch():
    features = synthetic_features(n=6_000, seed=41)
    referrals = [part for r in synthetic_referrals(300, seed=42) for part in (split_apart(r) if r.is_split else [r])]
    return features, referrals


@pytest.mark.parametrize("policy", [in_house_first, greedy, optimised])
def test_every_policy_respects_free_places(batch, policy):
    features, referrals = batch
    result = policy(features, referrals)
    used = np.zeros(features.n, dtype=np.int64)
    for r, h in enumerate(result.household):
        if h >= 0:
            used[h] += referrals[r].group_size
    assert np.all(used <= batch_capacity(features, referrals))
    assert result.objective == result.weight.sum()
    assert result.assigned > 0


def test_the_optimiser_scores_at_least_as_well_as_greedy(batch):
    features, referrals = batch
    assert optimised(features, referrals).objective >= greedy(features, referrals).objective
