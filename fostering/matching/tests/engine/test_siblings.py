"""Sibling groups: together in one home, or apart in homes close to each other."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from fostering.matching.engine import (
    choose_apart,
    choose_apart_options,
    explain,
    shortlist,
    shortlist_apart,
    sibling_anchor,
    split_apart,
)
from fostering.matching.engine.synthetic import synthetic_features, synthetic_referrals

from .helpers import HOME, child, east, households, referral


def test_a_sibling_group_together_needs_every_childs_age_covered():
    features = households({"age_min": 0, "age_max": 10}, {"age_min": 0, "age_max": 18})
    pair = referral(child(age=4), child(age=13))
    assert shortlist(features, pair).household_id.tolist() == [2]


def test_a_sibling_group_together_needs_a_free_place_for_every_child():
    features = households({"free_places": 2}, {"free_places": 3})
    trio = referral(child(age=4), child(age=6), child(age=8))
    assert shortlist(features, trio).household_id.tolist() == [2]
    assert [r.code for r in explain(features, trio, 1).failed] == ["free_places"]


def test_capability_is_checked_against_the_highest_need_across_the_siblings():
    features = households({"capability": {"behaviour": 0, "emotional": 3}})
    pair = referral(child(needs={"emotional": 3}), child(needs={"behaviour": 3}))
    assert [r.code for r in explain(features, pair, 1).failed] == ["capability_for_intensive_needs"]


def test_needs_met_is_averaged_over_the_siblings():
    features = households({"capability": {"emotional": 2, "behaviour": 1}})
    # Child 1 fully met (1.0); child 2 needs behaviour 2, gets 1 (0.5).
    pair = referral(child(needs={"emotional": 2}), child(needs={"behaviour": 2}))
    assert explain(features, pair, 1).components["needs_met"] == 35 * 0.75


def test_a_group_asking_to_live_apart_cannot_be_shortlisted_as_one():
    pair = referral(child(), child(), siblings="apart")
    with pytest.raises(ValueError, match="shortlist_apart"):
        shortlist(households({}), pair)


def test_siblings_apart_each_get_a_shortlist_for_one_child():
    features = households({"free_places": 1, "max_children": 1}, east(2))
    pair = referral(child(age=4), child(age=15), siblings="apart")
    apart = shortlist_apart(features, pair)
    assert len(apart.per_child) == 2
    assert [len(s) for s in apart.per_child] == [2, 2]  # one place is enough for one child


def test_siblings_apart_prefer_homes_near_the_family_home():
    # Equal for the child's school (both 5 km away); only one is near the family home.
    near_home = {"easting": 453_000.0, "northing": 304_000.0}  # 4.1 km from home
    far_from_home = {"easting": 447_000.0, "northing": 304_000.0}  # 6.4 km from home
    features = households(far_from_home, near_home)
    pair = referral(child(), child(), siblings="apart")
    for child_list in shortlist_apart(features, pair).per_child:
        assert child_list.household_id.tolist()[0] == 2


def test_the_sibling_anchor_is_home_or_else_the_middle_of_the_schools():
    pair = referral(child(school=(0.0, 0.0)), child(school=(10.0, 20.0)), siblings="apart")
    assert sibling_anchor(pair) == HOME
    homeless = referral(child(school=(0.0, 0.0)), child(school=(10.0, 20.0)), siblings="apart", home=None)
    assert sibling_anchor(homeless) == (5.0, 10.0)
    assert all(r.sibling_anchor == HOME for r in split_apart(pair))


def test_choose_apart_picks_distinct_households_close_to_each_other():
    features = households(
        {"experience_years": 10},  # the best for both children
        {**east(5), "experience_years": 3},
        {**east(60), "experience_years": 10},
    )
    pair = referral(child(age=8), child(age=12), siblings="apart")
    choice = choose_apart(features, shortlist_apart(features, pair), max_apart_km=20)
    assert choice is not None
    assert sorted(choice.household_ids) == [1, 2]
    assert len(set(choice.household_ids)) == 2
    assert choice.max_apart_km == 5.0
    assert choice.exhaustive


def test_choose_apart_finds_nothing_when_no_homes_are_close_enough():
    features = households({}, east(60))
    pair = referral(child(), child(), siblings="apart")
    assert choose_apart(features, shortlist_apart(features, pair), max_apart_km=20) is None


def test_choose_apart_needs_a_different_home_for_every_child():
    features = households({})
    pair = referral(child(), child(), siblings="apart")
    assert choose_apart(features, shortlist_apart(features, pair)) is None


def test_choose_apart_finds_the_best_combination_like_exhaustive_search():
    features = synthetic_features(n=4_000, seed=21)
    groups = [r for r in synthetic_referrals(400, seed=22, apart_share=1.0) if r.is_split][:25]
    assert len(groups) >= 10
    for group in groups:
        apart = shortlist_apart(features, group, limit=8)
        choice = choose_apart(features, apart, max_apart_km=30, top_k=8)
        best = _exhaustive(features, apart, 30.0)
        if best is None:
            assert choice is None
        else:
            assert choice is not None
            assert choice.total_score == pytest.approx(best, abs=0.01)


def test_alternative_proposals_for_siblings_apart_never_reuse_a_home():
    features = households(
        {"experience_years": 10},
        {**east(5), "experience_years": 9},
        {**east(8), "experience_years": 3},
        {**east(10), "experience_years": 2},
        {**east(200), "experience_years": 10},
    )
    pair = referral(child(age=8), child(age=12), siblings="apart")
    apart = shortlist_apart(features, pair)
    options = choose_apart_options(features, apart, max_apart_km=20, n=3)
    assert [sorted(o.household_ids) for o in options] == [[1, 2], [3, 4]]  # household 5 is too far from any
    assert options[0] == choose_apart(features, apart, max_apart_km=20)
    assert options[0].total_score >= options[1].total_score
    assert all(o.max_apart_km <= 20 for o in options)


def _exhaustive(features, apart, max_km):
    lists = [list(zip(s.rows.tolist(), s.score.tolist(), strict=True)) for s in apart.per_child]
    best = None
    for combo in itertools.product(*lists):
        rows = [row for row, _ in combo]
        if len(set(rows)) < len(rows):
            continue
        e, n = features.easting[rows], features.northing[rows]
        far = max(
            (np.hypot(e[i] - e[j], n[i] - n[j]) for i, j in itertools.combinations(range(len(rows)), 2)),
            default=0.0,
        )
        if not far <= max_km * 1000:
            continue
        total = sum(score for _, score in combo)
        best = total if best is None else max(best, total)
    return best


def test_explain_for_a_group_living_apart_explains_one_child():
    features = households({"age_max": 10})
    pair = referral(child(age=4), child(age=15), siblings="apart")
    assert explain(features, pair, 1, child_index=0).eligible
    assert not explain(features, pair, 1, child_index=1).eligible
    with pytest.raises(ValueError, match="child_index"):
        explain(features, pair, 1)
