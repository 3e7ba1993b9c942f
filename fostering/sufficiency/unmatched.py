"""Referrals that found no suitable household, and the hard rule that ruled out most homes.

Run at refresh time: the matching engine (fostering.matching.engine) shortlists every open
referral against the register exactly as a placement officer's shortlist page would, with
the same household features (matching.features) and the same hard rules. A referral
"found no suitable household" when its shortlist is empty; for a sibling group placed
apart, when any child's shortlist is empty.

For each such referral we record the hard rule that excluded the most households (the
largest "why not" count). The counts are taken over the households that are active and
approved, so a home that has resigned or is suspended never counts as "excluded by
distance": the question is why the register's real supply did not fit. A household
failing several rules counts under each (engine.rules), so the dominant rule is the one
that alone rules out the largest part of the supply. Ties go to the rule listed first in
the engine (terms of approval before free places, and so on), so the answer is stable.

Figures are stored per referring local authority: referrals assessed, referrals with no
suitable household and, for those, how many were dominated by each rule.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np

from fostering.matching import engine

NO_HOUSEHOLDS = "active_approved"  # dominant "rule" when no household is active and approved at all

# Plain-English names for the engine's hard rules, as a reason no household fitted.
RULE_REASONS: dict[str, str] = {
    "active_approved": "No active, approved household at all",
    "terms_cover": "Terms of approval (ages, placement type or number of children)",
    "free_places": "Not enough free places on the start date",
    "held_elsewhere": "Free places held for another referral",
    "capability_for_intensive_needs": "Carers cannot meet an intensive need",
    "distance": "Further away than the referral's distance limit",
    "wheelchair_access": "Home not wheelchair accessible",
    "no_smokers": "Someone in the home smokes",
}
# Short names for chart axes.
RULE_SHORT: dict[str, str] = {
    "active_approved": "No households",
    "terms_cover": "Terms of approval",
    "free_places": "Free places",
    "held_elsewhere": "Held elsewhere",
    "capability_for_intensive_needs": "Intensive needs",
    "distance": "Distance",
    "wheelchair_access": "Wheelchair access",
    "no_smokers": "Smokers",
}


def dominant_rule(why_not: engine.RuleCounts) -> str:
    """The rule that excluded the most households (ties: the engine's rule order)."""
    if why_not.total == 0:
        return NO_HOUSEHOLDS
    best, best_count = NO_HOUSEHOLDS, -1
    for code in engine.RULE_CODES:
        count = why_not.excluded_by.get(code, 0)
        if count > best_count:
            best, best_count = code, count
    return best


def assess(features: engine.HouseholdFeatures, referral: engine.Referral) -> str | None:
    """``None`` when the referral has a suitable household; otherwise the dominant rule code.

    A sibling group placed apart needs a home for every child: it found no suitable
    household when any child's shortlist is empty, and the main reason comes from the "why
    not" counts of those children added together."""
    parts = engine.split_apart(referral) if referral.is_split else [referral]
    totals: dict[str, int] = defaultdict(int)
    total = 0
    unmatched = False
    for part in parts:
        # The batch path (no counts) is several times faster and gives the same verdict;
        # the counting shortlist runs only for the few referrals with no household.
        if len(engine.candidates(features, part, limit=1)):
            continue
        result = engine.shortlist(features, part, limit=1)
        if result.eligible:
            continue
        unmatched = True
        total = max(total, result.why_not.total if result.why_not else 0)
        for code, n in (result.why_not.excluded_by if result.why_not else {}).items():
            totals[code] += n
    if not unmatched:
        return None
    return dominant_rule(engine.RuleCounts(total=total, excluded_by=dict(totals), excluded=total, eligible=0))


def unmatched_by_authority(now: dt.datetime) -> list[dict]:
    """One row per referring authority with open referrals: ``referrals_assessed``,
    ``no_suitable_household`` and ``rule_<code>`` (referrals dominated by each rule)."""
    from fostering.matching.features import household_features, referral_inputs
    from fostering.referrals.models import Referral

    open_referrals = list(Referral.objects.filter(status=Referral.Status.OPEN).only("pk", "local_authority_id"))
    if not open_referrals:
        return []
    la_of = {r.pk: r.local_authority_id for r in open_referrals}
    inputs = referral_inputs(open_referrals, now)
    features = household_features(now)
    supply = features.subset(np.flatnonzero(features.active_and_approved))
    rows: dict[str, dict] = {}
    for referral in inputs:
        la = la_of.get(referral.referral_id)
        if la is None:
            continue
        row = rows.setdefault(
            la,
            {"la": la, "referrals_assessed": 0, "no_suitable_household": 0, **{f"rule_{c}": 0 for c in RULE_REASONS}},
        )
        row["referrals_assessed"] += 1
        rule = assess(supply, referral)
        if rule is not None:
            row["no_suitable_household"] += 1
            row[f"rule_{rule}"] += 1
    return [rows[la] for la in sorted(rows)]
