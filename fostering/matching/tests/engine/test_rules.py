"""Hard rules: each one excludes the households it should, and is counted and explained."""

from __future__ import annotations

import pytest

from fostering.matching.engine import RULE_CODES, RULES, candidates, explain, shortlist

from .helpers import HOME, START, child, east, households, referral


def shortlisted_ids(features, ref) -> list[int]:
    return shortlist(features, ref, limit=None).household_id.tolist()


def failed_codes(features, ref, household_id: int) -> list[str]:
    return [rule.code for rule in explain(features, ref, household_id).failed]


def test_an_inactive_household_is_excluded():
    features = households({}, {"active_and_approved": False})
    assert shortlisted_ids(features, referral()) == [1]
    assert failed_codes(features, referral(), 2) == ["active_approved"]


def test_a_household_not_approved_for_teenagers_is_excluded_for_a_14_year_old():
    features = households({"age_min": 0, "age_max": 11}, {"age_min": 11, "age_max": 18})
    assert shortlisted_ids(features, referral(child(age=14))) == [2]
    assert failed_codes(features, referral(child(age=14)), 1) == ["terms_cover"]


def test_a_household_not_approved_for_the_placement_type_is_excluded():
    features = households({"placement_types": ["short_term"]}, {"placement_types": ["remand"]})
    assert shortlisted_ids(features, referral(placement_type="remand")) == [2]


def test_a_sibling_group_larger_than_the_terms_of_approval_is_excluded():
    features = households({"max_children": 2}, {"max_children": 3})
    trio = referral(child(age=5), child(age=7), child(age=9))
    assert shortlisted_ids(features, trio) == [2]
    assert failed_codes(features, trio, 1) == ["terms_cover"]


def test_a_household_with_no_free_place_is_excluded():
    features = households({"free_places": 0}, {"free_places": 1})
    assert shortlisted_ids(features, referral()) == [2]
    assert failed_codes(features, referral(), 1) == ["free_places"]


def test_a_household_available_only_after_the_start_date_is_excluded():
    features = households({"available_from": START + 1}, {"available_from": START})
    assert shortlisted_ids(features, referral()) == [2]


def test_a_household_whose_availability_ends_before_the_start_date_is_excluded():
    features = households({"available_until": START - 1}, {"available_until": START})
    assert shortlisted_ids(features, referral()) == [2]


both_paths = pytest.mark.parametrize("search", [shortlist, candidates], ids=["full", "fast"])


@both_paths
def test_a_place_held_for_another_referral_is_excluded_as_held_elsewhere(search):
    # Household 1's only place is held (free_places already net of holds).
    features = households({"free_places": 0, "held_places": 1}, {"free_places": 1})
    assert search(features, referral()).household_id.tolist() == [2]
    assert failed_codes(features, referral(), 1) == ["held_elsewhere"]


@both_paths
def test_a_place_held_for_this_referral_counts_as_free_for_it(search):
    features = households({"free_places": 0, "held_places": 1})
    assert search(features, referral(held_places={1: 1})).household_id.tolist() == [1]
    assert search(features, referral()).household_id.tolist() == []


@both_paths
def test_a_place_held_for_this_referral_counts_even_if_the_register_left_the_hold_out(search):
    features = households({"free_places": 0}, {"free_places": 1, **east(3)})
    found = search(features, referral(held_places={1: 1}, max_distance_km=10))
    assert found.household_id.tolist() == [1, 2]


@both_paths
def test_a_pair_can_use_one_free_place_and_one_held_for_them(search):
    features = households({"free_places": 1, "held_places": 1})
    pair = referral(child(age=6), child(age=8), held_places={1: 1})
    assert search(features, pair).household_id.tolist() == [1]
    assert search(features, referral(child(age=6), child(age=8))).household_id.tolist() == []


def test_a_full_household_is_not_reported_as_held_elsewhere():
    features = households({"free_places": 0, "held_places": 0})
    assert failed_codes(features, referral(), 1) == ["free_places"]


def test_a_household_that_cannot_meet_an_intensive_need_even_with_support_is_excluded():
    features = households(
        {"capability": {"risk_self": 0}},
        {"capability": {"risk_self": 1}},
    )
    ref = referral(child(needs={"risk_self": 3}))
    assert shortlisted_ids(features, ref) == [2]
    assert failed_codes(features, ref, 1) == ["capability_for_intensive_needs"]


def test_a_need_below_intensive_never_excludes_a_household():
    features = households({"capability": {"risk_self": 0}})
    assert shortlisted_ids(features, referral(child(needs={"risk_self": 2}))) == [1]


def test_a_household_beyond_the_distance_limit_from_school_is_excluded():
    features = households(east(9.9), east(10.1))
    ref = referral(max_distance_km=10)
    assert shortlisted_ids(features, ref) == [1]
    assert failed_codes(features, ref, 2) == ["distance"]


def test_the_distance_limit_can_be_measured_from_home():
    # HOME is 2 km east of the school.
    features = households(east(11.5), east(12.5))
    ref = referral(max_distance_km=10, distance_from="home")
    assert shortlisted_ids(features, ref) == [1]


def test_a_child_without_a_school_is_measured_from_home():
    features = households(east(11.5), east(12.5))
    ref = referral(child(age=3, school=None), max_distance_km=10)
    assert shortlisted_ids(features, ref) == [1]


def test_a_household_with_no_grid_reference_is_never_within_a_distance_limit():
    features = households({"easting": float("nan"), "northing": float("nan")}, {})
    assert shortlisted_ids(features, referral(max_distance_km=50)) == [2]
    assert shortlisted_ids(features, referral()) == [2, 1]  # no limit: still shortlisted


def test_a_distance_limit_without_a_school_or_home_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="not recorded"):
        shortlist(households({}), referral(child(school=None), home=None, max_distance_km=5))


def test_a_child_who_needs_wheelchair_access_excludes_inaccessible_homes():
    features = households({"wheelchair_accessible": False}, {"wheelchair_accessible": True})
    ref = referral(child(needs_wheelchair_access=True))
    assert shortlisted_ids(features, ref) == [2]
    assert failed_codes(features, ref, 1) == ["wheelchair_access"]


def test_a_child_who_cannot_live_with_smokers_excludes_smoking_homes():
    features = households({"smokes": True}, {"smokes": False})
    ref = referral(child(cannot_live_with_smokers=True))
    assert shortlisted_ids(features, ref) == [2]
    assert failed_codes(features, ref, 1) == ["no_smokers"]


def test_pets_and_younger_children_are_soft_preferences_not_exclusions():
    features = households({"has_pets": True, "youngest_child_age": 4})
    ref = referral(child(cannot_live_with_pets=True, cannot_live_with_younger_children=True))
    assert shortlisted_ids(features, ref) == [1]


def test_excluded_counts_count_a_household_under_every_rule_it_fails():
    features = households(
        {},  # eligible
        {"active_and_approved": False},
        {"active_and_approved": False, "free_places": 0, "smokes": True},
        {"free_places": 0},
        {**east(30)},
    )
    ref = referral(child(cannot_live_with_smokers=True), max_distance_km=20)
    counts = shortlist(features, ref).why_not
    assert counts.total == 5
    assert counts.eligible == 1
    assert counts.excluded == 4
    assert counts.excluded_by == {
        "active_approved": 2,
        "terms_cover": 0,
        "free_places": 2,
        "held_elsewhere": 0,
        "capability_for_intensive_needs": 0,
        "distance": 1,
        "wheelchair_access": 0,
        "no_smokers": 1,
    }
    assert sum(counts.excluded_by.values()) > counts.excluded  # overlaps counted per rule


def test_explain_lists_every_failed_rule_for_one_household():
    features = households({"active_and_approved": False, "age_max": 8, "smokes": True, **east(40)})
    ref = referral(child(age=12, cannot_live_with_smokers=True), max_distance_km=25)
    explanation = explain(features, ref, 1)
    assert not explanation.eligible
    assert [r.code for r in explanation.failed] == [
        "active_approved",
        "terms_cover",
        "distance",
        "no_smokers",
    ]
    assert all(r.failure.endswith(".") for r in explanation.failed)
    assert explanation.distance_km == 40.0


def test_explain_an_eligible_household_gives_its_shortlist_score():
    features = households({}, east(5))
    ref = referral()
    explanation = explain(features, ref, 2)
    candidate = next(c for c in shortlist(features, ref).candidates() if c.household_id == 2)
    assert explanation.eligible and explanation.failed == ()
    assert explanation.score == candidate.score
    assert explanation.components == candidate.components


def test_explain_an_unknown_household_says_so():
    with pytest.raises(KeyError, match="99"):
        explain(households({}), referral(), 99)


def test_rules_have_stable_codes_and_plain_english_labels():
    assert RULE_CODES == (
        "active_approved",
        "terms_cover",
        "free_places",
        "held_elsewhere",
        "capability_for_intensive_needs",
        "distance",
        "wheelchair_access",
        "no_smokers",
    )
    for rule in RULES:
        assert rule.label and rule.label[0].isupper()
        assert rule.failure.endswith(".")


def test_the_home_anchor_is_two_km_from_the_school():
    # Guard for the tests above that rely on the helper geometry.
    assert HOME[0] - 450_000.0 == 2_000.0
