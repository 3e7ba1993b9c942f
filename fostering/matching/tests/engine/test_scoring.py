"""Score components: each 0–1 sub-score times its weight, checked on hand-made households."""

from __future__ import annotations

import pytest

from fostering.matching.engine import (
    COMPONENT_CODES,
    DOMAINS,
    ScoringWeights,
    ethnicity_code,
    explain,
    mask_of,
    religion_code,
    shortlist,
)

from .helpers import child, east, households, referral


def points(features, ref, household_id: int = 1) -> dict[str, float]:
    return explain(features, ref, household_id).components


def test_the_default_weights_sum_to_100_and_follow_the_component_order():
    weights = ScoringWeights()
    assert weights.vector().sum() == 100
    assert tuple(COMPONENT_CODES) == (
        "needs_met",
        "distance",
        "identity",
        "household_fit",
        "carer_preferences",
        "experience",
    )


@pytest.mark.parametrize(
    "overrides",
    [{"needs_met": 50.0}, {"needs_met": -5.0, "distance": 60.0}, {"distance_half_km": 0.0}],
)
def test_weights_that_do_not_sum_to_100_or_are_negative_are_refused(overrides):
    with pytest.raises(ValueError):
        ScoringWeights(**overrides)


def test_a_household_that_meets_every_need_scores_full_needs_points():
    features = households({"capability": dict.fromkeys(DOMAINS, 3)})
    ref = referral(child(needs={"emotional": 3, "learning": 2, "family": 1}))
    assert points(features, ref)["needs_met"] == 35.0


def test_needs_met_counts_each_shortfall_in_proportion_to_the_need():
    # Needs emotional 3 and behaviour 1 (total 4). Household A meets 1 + 1 = 2 of them,
    # household B meets 3 + 0 = 3.
    features = households(
        {"capability": {"emotional": 1, "behaviour": 1}},
        {"capability": {"emotional": 3, "behaviour": 0}},
    )
    ref = referral(child(needs={"emotional": 3, "behaviour": 1}))
    assert points(features, ref, 1)["needs_met"] == 17.5
    assert points(features, ref, 2)["needs_met"] == 26.25


def test_capability_above_the_need_earns_nothing_extra():
    features = households(
        {"capability": {"learning": 2}},
        {"capability": {"learning": 3}},
    )
    ref = referral(child(needs={"learning": 2}))
    assert points(features, ref, 1)["needs_met"] == points(features, ref, 2)["needs_met"] == 35


def test_a_child_with_no_needs_has_needs_met_in_full():
    features = households({"capability": {}})
    assert points(features, referral(child(needs={})))["needs_met"] == 35.0


@pytest.mark.parametrize(("km", "expected"), [(0, 20.0), (10, 10.0), (20, 5.0), (30, 2.5)])
def test_the_distance_score_halves_every_10_km_from_school(km, expected):
    features = households(east(km))
    assert points(features, referral())["distance"] == expected


def test_the_distance_score_averages_school_and_important_people():
    # School 0 km away (1.0); the one important person 10 km away (0.5).
    features = households({})
    ref = referral(important_people=[(460_000.0, 300_000.0)])
    assert points(features, ref)["distance"] == 15.0


def test_wanting_to_stay_at_school_counts_the_school_twice():
    features = households({})
    ref = referral(child(wants_to_stay_at_school=True), important_people=[(460_000.0, 300_000.0)])
    assert points(features, ref)["distance"] == round(20 * (2 * 1.0 + 0.5) / 3, 2)


def test_with_no_school_home_or_people_to_measure_from_distance_scores_nothing_for_all():
    features = households({}, east(50))
    ref = referral(child(school=None), home=None)
    assert points(features, ref, 1)["distance"] == points(features, ref, 2)["distance"] == 0


def test_a_household_with_no_grid_reference_scores_nothing_for_distance():
    features = households({"easting": float("nan"), "northing": float("nan")})
    assert points(features, referral())["distance"] == 0.0


def test_faith_counts_only_when_the_child_says_it_matters():
    muslim = religion_code("muslim")
    features = households({"religions": [muslim]}, {"religions": [religion_code("christian")]})
    matters = referral(child(religion=muslim, faith_importance=2))
    assert points(features, matters, 1)["identity"] == 15.0
    assert points(features, matters, 2)["identity"] == 0.0
    does_not = referral(child(religion=muslim, faith_importance=0))
    assert points(features, does_not, 2)["identity"] == 15.0


def test_a_household_where_either_carer_shares_the_faith_counts_as_a_match():
    features = households({"religions": [religion_code("christian"), religion_code("sikh")]})
    ref = referral(child(religion=religion_code("sikh"), faith_importance=1))
    assert points(features, ref)["identity"] == 15.0


def test_language_fit_is_the_share_of_the_childs_languages_spoken_at_home():
    features = households({"languages": [0]}, {"languages": [0, 8]})
    ref = referral(child(languages=mask_of([0, 8]), language_importance=1))
    assert points(features, ref, 1)["identity"] == 7.5
    assert points(features, ref, 2)["identity"] == 15.0


def test_culture_fit_is_partial_for_the_same_heritage_group():
    features = households(
        {"ethnicities": [ethnicity_code("MWBC")]},
        {"ethnicities": [ethnicity_code("WBRI")]},
        {"ethnicities": [ethnicity_code("AIND")]},
        {"ethnicities": []},
    )
    ref = referral(child(ethnicity=ethnicity_code("MWBC"), culture_importance=2))
    assert [points(features, ref, h)["identity"] for h in (1, 2, 3, 4)] == [15.0, 7.5, 0.0, 0.0]


def test_identity_weighs_each_aspect_by_how_much_it_matters_to_the_child():
    features = households({"religions": [1], "languages": [0]})
    ref = referral(child(religion=1, faith_importance=2, languages=mask_of([0, 8]), language_importance=1))
    # (2 × 1.0 + 1 × 0.5) / 3
    assert points(features, ref)["identity"] == round(15 * 2.5 / 3, 2)


def test_a_home_with_pets_does_not_fit_a_child_who_cannot_live_with_pets():
    features = households({"has_pets": True}, {"has_pets": False})
    ref = referral(child(cannot_live_with_pets=True))
    assert points(features, ref, 1)["household_fit"] == 0.0
    assert points(features, ref, 2)["household_fit"] == 10.0


def test_a_younger_child_in_the_home_does_not_fit_a_child_who_cannot_live_with_one():
    features = households({"youngest_child_age": 4}, {"youngest_child_age": 12})
    ref = referral(child(age=10, cannot_live_with_younger_children=True))
    assert points(features, ref, 1)["household_fit"] == 0.0
    assert points(features, ref, 2)["household_fit"] == 10.0


def test_a_younger_child_in_the_home_halves_fit_for_a_child_who_may_harm_others():
    features = households({"youngest_child_age": 4})
    ref = referral(child(age=10, needs={"risk_others": 2}))
    assert points(features, ref)["household_fit"] == 5.0


def test_smoking_halves_household_fit_and_rules_it_out_for_under_fives():
    features = households({"smokes": True})
    assert points(features, referral(child(age=10)))["household_fit"] == 5.0
    assert points(features, referral(child(age=3)))["household_fit"] == 0.0


def test_an_accessible_home_fits_better_for_a_child_with_health_needs():
    features = households({"wheelchair_accessible": False}, {"wheelchair_accessible": True})
    ref = referral(child(needs={"health": 2}))
    assert points(features, ref, 1)["household_fit"] == 7.5
    assert points(features, ref, 2)["household_fit"] == 10.0


def test_carers_preferred_age_range_counts():
    features = households({"pref_age_min": 0, "pref_age_max": 5}, {"pref_age_min": 8, "pref_age_max": 12})
    ref = referral(child(age=10))
    assert points(features, ref, 1)["carer_preferences"] == 0.0
    assert points(features, ref, 2)["carer_preferences"] == 10.0


def test_carers_preferred_sibling_group_size_counts_for_a_group():
    features = households(
        {"pref_age_min": 0, "pref_age_max": 5, "pref_max_siblings": 1},
        {"pref_age_min": 0, "pref_age_max": 5, "pref_max_siblings": 2},
    )
    pair = referral(child(age=4), child(age=8))
    # Half the children in the preferred range; group size too big (0) or fine (1).
    assert points(features, pair, 1)["carer_preferences"] == 2.5
    assert points(features, pair, 2)["carer_preferences"] == 7.5


def test_experience_and_stability_share_the_experience_points():
    features = households(
        {"experience_years": 5, "stability": 0.8},
        {"experience_years": 20, "stability": None},
        {"experience_years": 0, "stability": 1.0},
    )
    ref = referral()
    assert points(features, ref, 1)["experience"] == 6.5  # 0.5×0.5 + 0.5×0.8
    assert points(features, ref, 2)["experience"] == 7.5  # capped at 10 years; no record 0.5
    assert points(features, ref, 3)["experience"] == 5.0


def test_the_components_add_up_to_the_score():
    features = households(east(7), {"smokes": True, "capability": {"emotional": 1}})
    for candidate in shortlist(features, referral()).candidates():
        assert sum(candidate.components.values()) == pytest.approx(candidate.score, abs=0.03)
        assert 0 <= candidate.score <= 100


def test_custom_weights_change_the_points_each_component_is_worth():
    weights = ScoringWeights(needs_met=50, distance=10, identity=10, household_fit=10)
    features = households(east(10))
    components = explain(features, referral(), 1, weights=weights).components
    assert components["needs_met"] == 50.0
    assert components["distance"] == 5.0
