"""A placement's need level, from the child's needs profile, for prices and benchmarks.

The sum of the ten domain levels (0–3 each, so 0–30) gives one number that grows with
both breadth and depth of need: **standard** up to 8, **enhanced** 9–12, **complex** 13 or
more, or any "intensive" (3) in risks to self or others. On the demo cohort that is about
35% / 45% / 20%, close to the tiers IFA frameworks commonly price.
"""

from __future__ import annotations

from fostering.core.needs import DOMAIN_CODES

from .models import NeedLevel

ENHANCED_FROM = 9
COMPLEX_FROM = 13


def need_level(levels: dict[str, int]) -> NeedLevel:
    """``levels`` maps domain code → need level (0–3)."""
    total = sum(int(levels.get(d, 0)) for d in DOMAIN_CODES)
    if total >= COMPLEX_FROM or levels.get("risk_self", 0) >= 3 or levels.get("risk_others", 0) >= 3:
        return NeedLevel.COMPLEX
    if total >= ENHANCED_FROM:
        return NeedLevel.ENHANCED
    return NeedLevel.STANDARD


def need_level_of_profile(profile) -> NeedLevel:
    return need_level({d: getattr(profile, f"need_{d}") for d in DOMAIN_CODES})
