"""The needs-led matching engine: pure Python, NumPy and SciPy, no Django.

The Django side builds a :class:`HouseholdFeatures` (the array contract is in
:mod:`.features`) and a :class:`Referral` per request, then calls:

* :func:`shortlist` — ranked, explained candidates and "excluded by" counts;
* :func:`explain` — which hard rules one household fails, and what it would score;
* :func:`shortlist_apart` / :func:`choose_apart` — sibling groups living apart;
* :func:`build_problem` + :func:`solve_flow` / :func:`solve_scipy` — batch matching;
* :mod:`.policies` — baseline policies for the sufficiency simulation.
"""

from .constants import (
    DOMAINS,
    EPOCH_ORDINAL,
    ETHNIC_CODES,
    OPEN_ENDED,
    PLACEMENT_TYPE_BIT,
    PLACEMENT_TYPES,
    RELIGIONS,
    ethnicity_code,
    mask_of,
    religion_code,
)
from .features import FEATURE_FIELDS, HouseholdFeatures, features_from_records
from .optimise import (
    Assignment,
    BatchProblem,
    batch_capacity,
    build_problem,
    capacity_violations,
    groups_first,
    solve,
    solve_flow,
    solve_milp,
    solve_scipy,
)
from .referral import Child, Point, Referral, sibling_anchor, split_apart
from .rules import RULE_BY_CODE, RULE_CODES, RULES, Rule, RuleCounts
from .scoring import COMPONENT_CODES, COMPONENTS, DEFAULT_WEIGHTS, Component, ScoringWeights
from .shortlist import (
    DEFAULT_LIMIT,
    Candidate,
    Explanation,
    Shortlist,
    candidates,
    explain,
    rank_order,
    shortlist,
)
from .siblings import (
    DEFAULT_MAX_APART_KM,
    ApartChoice,
    ApartShortlist,
    choose_apart,
    choose_apart_options,
    shortlist_apart,
)

__all__ = [
    "COMPONENTS",
    "COMPONENT_CODES",
    "DEFAULT_LIMIT",
    "DEFAULT_MAX_APART_KM",
    "DEFAULT_WEIGHTS",
    "DOMAINS",
    "EPOCH_ORDINAL",
    "ETHNIC_CODES",
    "FEATURE_FIELDS",
    "OPEN_ENDED",
    "PLACEMENT_TYPES",
    "PLACEMENT_TYPE_BIT",
    "RELIGIONS",
    "RULES",
    "RULE_BY_CODE",
    "RULE_CODES",
    "ApartChoice",
    "ApartShortlist",
    "Assignment",
    "BatchProblem",
    "Candidate",
    "Child",
    "Component",
    "Explanation",
    "HouseholdFeatures",
    "Point",
    "Referral",
    "Rule",
    "RuleCounts",
    "ScoringWeights",
    "Shortlist",
    "batch_capacity",
    "build_problem",
    "candidates",
    "capacity_violations",
    "choose_apart",
    "choose_apart_options",
    "ethnicity_code",
    "explain",
    "features_from_records",
    "groups_first",
    "mask_of",
    "rank_order",
    "religion_code",
    "shortlist",
    "shortlist_apart",
    "sibling_anchor",
    "solve",
    "solve_flow",
    "solve_milp",
    "solve_scipy",
    "split_apart",
]
