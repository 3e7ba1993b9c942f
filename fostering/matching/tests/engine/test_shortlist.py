"""Ranking: deterministic, tie-broken, cost-blind, and the same on every code path."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from fostering.matching.engine import ScoringWeights, candidates, shortlist
from fostering.matching.engine.synthetic import synthetic_features, synthetic_referrals

from .helpers import child, east, households, referral

# Distance shown but not scored, so households can tie on score at different distances.
NO_DISTANCE = ScoringWeights(
    needs_met=45, distance=0, identity=15, household_fit=10, carer_preferences=20, experience=10
)


@pytest.fixture(scope="module")
def national_like():
    features = synthetic_features(n=6_000, seed=5)
    referrals = [r for r in synthetic_referrals(120, seed=7) if not r.is_split]
    return features, referrals


def test_a_shortlist_is_ranked_best_score_first():
    features = households(east(30), east(1), east(10))
    assert shortlist(features, referral()).household_id.tolist() == [2, 3, 1]


def test_equal_scores_are_ranked_by_distance_then_by_household_id():
    features = households(
        {"household_id": 9, **east(1)},
        {"household_id": 2, **east(3)},
        {"household_id": 5, **east(1)},
        {"household_id": 3, **east(1)},
    )
    ranked = shortlist(features, referral(), weights=NO_DISTANCE)
    assert len(set(ranked.score.tolist())) == 1
    assert ranked.household_id.tolist() == [3, 5, 9, 2]


def test_a_limit_cuts_ties_by_the_same_rule():
    features = households(
        {"household_id": 9, **east(1)},
        {"household_id": 5, **east(1)},
        {"household_id": 3, **east(1)},
    )
    ranked = shortlist(features, referral(), weights=NO_DISTANCE, limit=2)
    assert ranked.household_id.tolist() == [3, 5]
    assert ranked.eligible == 3


def test_ranking_uses_full_precision_not_the_rounded_scores():
    features = households(
        {"household_id": 1, "experience_years": 5.0},
        {"household_id": 2, "experience_years": 5.001},
    )
    ranked = shortlist(features, referral(), weights=NO_DISTANCE)
    shown = ranked.candidates()
    assert shown[0].score == shown[1].score  # the same to 2 decimals …
    assert ranked.household_id.tolist() == [2, 1]  # … but 2 is ahead by a whisker


def test_candidates_show_rounded_scores_cost_and_agency_beside_the_rank():
    features = households({"weekly_cost": 798.5, "is_ifa": True, **east(3.3333)})
    (candidate,) = shortlist(features, referral()).candidates()
    assert candidate.rank == 1
    assert candidate.weekly_cost == 798.5 and candidate.is_ifa
    assert candidate.distance_km == 3.33
    assert candidate.score == round(candidate.score, 2)


def test_changing_costs_never_changes_the_ranking(national_like):
    features, referrals = national_like
    rng = np.random.default_rng(11)
    repriced = dataclasses.replace(
        features, weekly_cost=rng.uniform(300, 5_000, features.n), is_ifa=rng.random(features.n) < 0.5
    )
    for ref in referrals:
        before = shortlist(features, ref, limit=None)
        after = shortlist(repriced, ref, limit=None)
        assert after.household_id.tolist() == before.household_id.tolist()
        assert np.array_equal(after.score, before.score)


def test_the_same_inputs_in_any_household_order_give_the_same_ranking(national_like):
    features, referrals = national_like
    shuffled = features.subset(np.random.default_rng(3).permutation(features.n))
    for ref in referrals:
        before = shortlist(features, ref)
        after = shortlist(shuffled, ref)
        assert after.household_id.tolist() == before.household_id.tolist()
        assert np.array_equal(after.score, before.score)
        assert after.why_not == before.why_not


def test_the_same_inputs_give_the_same_ranking_every_time(national_like):
    features, referrals = national_like
    for ref in referrals[:20]:
        first, second = shortlist(features, ref), shortlist(features, ref)
        assert first.household_id.tolist() == second.household_id.tolist()


def test_the_spatial_index_path_agrees_with_brute_force(national_like):
    features, referrals = national_like
    limited = [r for r in referrals if r.max_distance_km is not None]
    assert len(limited) > 20
    for ref in limited:
        tree = shortlist(features, ref, limit=None, use_kdtree=True)
        brute = shortlist(features, ref, limit=None, use_kdtree=False)
        assert tree.household_id.tolist() == brute.household_id.tolist()
        assert tree.why_not == brute.why_not
        fast_tree = candidates(features, ref, limit=None, use_kdtree=True)
        fast_brute = candidates(features, ref, limit=None, use_kdtree=False)
        assert fast_tree.household_id.tolist() == tree.household_id.tolist()
        assert fast_brute.household_id.tolist() == tree.household_id.tolist()


def test_the_spatial_index_finds_everyone_exactly_at_the_limit():
    # Households exactly 10 km away on the boundary, in several directions.
    features = households(
        east(10),
        east(-10),
        {"easting": 450_000.0, "northing": 310_000.0},
        {"easting": 450_000.0 + 6_000.0, "northing": 300_000.0 + 8_000.0},
        east(10.000001),
    )
    ref = referral(max_distance_km=10)
    for use_kdtree in (True, False):
        found = shortlist(features, ref, limit=None, use_kdtree=use_kdtree)
        assert sorted(found.household_id.tolist()) == [1, 2, 3, 4]


def test_the_fast_candidate_path_gives_the_shortlists_top_candidates(national_like):
    features, referrals = national_like
    for ref in referrals:
        full = shortlist(features, ref, limit=25)
        fast = candidates(features, ref, limit=25)
        assert fast.household_id.tolist() == full.household_id.tolist()
        assert np.array_equal(fast.score, full.score)
        assert np.array_equal(fast.rows, full.rows)
        assert fast.why_not is None


def test_a_group_too_big_for_the_packed_rules_gets_the_same_answer_both_ways():
    features = households({"max_children": 9, "free_places": 9}, {"max_children": 10, "free_places": 10})
    nine = referral(*[child(age=a) for a in range(2, 11)])
    assert candidates(features, nine).household_id.tolist() == [1, 2]
    assert shortlist(features, nine).household_id.tolist() == [1, 2]


def test_a_shortlist_without_a_limit_holds_every_eligible_household(national_like):
    features, referrals = national_like
    for ref in referrals[:30]:
        found = shortlist(features, ref, limit=None)
        assert len(found) == found.eligible == found.why_not.eligible
        assert found.why_not.excluded + found.why_not.eligible == features.n


def test_an_empty_register_gives_an_empty_shortlist():
    from fostering.matching.engine import features_from_records

    found = shortlist(features_from_records([]), referral(max_distance_km=5))
    assert len(found) == 0 and found.why_not.total == 0
