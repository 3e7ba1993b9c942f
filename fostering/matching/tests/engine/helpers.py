"""Small hand-made households and referrals for the engine's tests.

``households(dict, dict, ...)`` builds a feature set where each dict only says what
matters to the test; everything else is an ordinary, fully available household that
passes every rule, 0 m from the default child's school.
"""

from __future__ import annotations

from typing import Any

from fostering.matching.engine import (
    DOMAINS,
    Child,
    HouseholdFeatures,
    Referral,
    features_from_records,
)

SCHOOL = (450_000.0, 300_000.0)
HOME = (452_000.0, 300_000.0)
START = 20_000  # a day number


def household(**overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "household_id": 1,
        "easting": SCHOOL[0],
        "northing": SCHOOL[1],
        "active_and_approved": True,
        "age_min": 0,
        "age_max": 18,
        "max_children": 3,
        "placement_types": ["emergency", "short_term", "long_term"],
        "free_places": 3,
        "available_from": START - 10,
        "available_until": None,
        "capability": dict.fromkeys(DOMAINS, 2),
        "languages": [0],
        "religions": [],
        "ethnicities": [],
        "youngest_child_age": -1,
        "has_pets": False,
        "smokes": False,
        "wheelchair_accessible": False,
        "experience_years": 5.0,
        "stability": 0.8,
        "weekly_cost": 500.0,
        "is_ifa": False,
    }
    record.update(overrides)
    return record


def households(*records: dict[str, Any]) -> HouseholdFeatures:
    """A feature set; households without an id are numbered 1, 2, 3 … in order."""
    return features_from_records([household(**{"household_id": i + 1, **r}) for i, r in enumerate(records)])


def child(**overrides: Any) -> Child:
    values: dict[str, Any] = {"age": 10, "needs": {"emotional": 2}, "school": SCHOOL}
    values.update(overrides)
    return Child(**values)


def referral(*children: Child, **overrides: Any) -> Referral:
    values: dict[str, Any] = {
        "children": children or (child(),),
        "placement_type": "short_term",
        "start_day": START,
        "home": HOME,
    }
    values.update(overrides)
    return Referral(**values)


def east(km: float) -> dict[str, float]:
    """Household location ``km`` kilometres east of the school."""
    return {"easting": SCHOOL[0] + km * 1000.0, "northing": SCHOOL[1]}
