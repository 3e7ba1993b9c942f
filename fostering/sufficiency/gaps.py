"""Gaps and recruitment targets: where demand for a kind of place exceeds suitable supply.

For each authority and each kind of place below, **demand** is what is waiting now (open
referrals or the children in them) and **suitable supply** is households living in the
authority with a vacancy that could take it:

* sibling group of 3 or more — open referrals for 3+ children to live together, against
  households with at least 3 vacant places;
* teenager with high emotional-wellbeing needs — children aged 13+ in open referrals whose
  profile rates emotional wellbeing 2 (needs action) or 3 (intensive), against households
  with a vacancy approved for age 13+ whose service rates their emotional-wellbeing
  capability 2 (experienced) or more;
* carer speaking <language> — children in open referrals whose first language is not
  English, against households with a vacancy and a carer who speaks it;
* parent and child — open parent-and-child referrals, against households with a vacancy
  approved for parent-and-child placements.

The **shortfall** is demand − suitable supply when positive: the recruitment target.
For a region, consortium or England it is the sum of its authorities' shortfalls (a spare
bed in Cornwall does not meet a need in Kent). Targets are ranked by shortfall, then demand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F

from fostering.core.codes import LANGUAGES
from fostering.referrals.models import Referral, ReferralChild

from .periods import TEENAGER_FROM_AGE, years_before
from .supply import suitable_vacancies_by_authority


@dataclass(frozen=True)
class GapKind:
    key: str
    label: str
    demand_label: str
    supply_label: str


FIXED_KINDS: tuple[GapKind, ...] = (
    GapKind("siblings_3", "Sibling group of 3 or more", "open referrals for 3+ siblings together",
            "households with 3+ vacant places"),
    GapKind("teen_emotional", "Teenager with high emotional-wellbeing needs", "children 13+ with emotional need 2–3 waiting",
            "households with a vacancy for 13+ and emotional capability 2+"),
    GapKind("parent_and_child", "Parent and child", "open parent-and-child referrals",
            "households with a vacancy approved for parent and child"),
)  # fmt: skip


def language_kind(code: str) -> GapKind:
    name = LANGUAGES.get(code, code)
    return GapKind(f"language_{code}", f"Carer speaking {name}", f"children waiting whose first language is {name}",
                   f"households with a vacancy and a carer speaking {name}")  # fmt: skip


def kind_for(key: str) -> GapKind:
    for k in FIXED_KINDS:
        if k.key == key:
            return k
    return language_kind(key.removeprefix("language_"))


def demand_by_authority(today: dt.date) -> dict[str, dict[str, int]]:
    """{authority: {kind key: demand}} from open referrals."""
    out: dict[str, dict[str, int]] = {}
    open_refs = Referral.objects.filter(status=Referral.Status.OPEN)
    big = ReferralChild.objects.values("referral").annotate(n=Count("id")).filter(n__gte=3).values("referral")
    for r in (
        open_refs.filter(siblings_together=True, id__in=big)
        .values(la=F("local_authority_id"))
        .annotate(n=Count("id"))
        .order_by()
    ):
        out.setdefault(r["la"], {})["siblings_3"] = r["n"]
    for r in (
        open_refs.filter(placement_type="parent_and_child")
        .values(la=F("local_authority_id"))
        .annotate(n=Count("id"))
        .order_by()
    ):
        out.setdefault(r["la"], {})["parent_and_child"] = r["n"]
    waiting = ReferralChild.objects.filter(referral__status=Referral.Status.OPEN)
    teen_born_by = years_before(today, TEENAGER_FROM_AGE)
    for r in (
        waiting.filter(child__date_of_birth__lte=teen_born_by, needs_profile__need_emotional__gte=2)
        .values(la=F("referral__local_authority_id"))
        .annotate(n=Count("child", distinct=True))
        .order_by()
    ):
        out.setdefault(r["la"], {})["teen_emotional"] = r["n"]
    for r in (
        waiting.exclude(child__first_language="en")
        .values(la=F("referral__local_authority_id"), language=F("child__first_language"))
        .annotate(n=Count("child", distinct=True))
        .order_by()
    ):
        out.setdefault(r["la"], {})[f"language_{r['language']}"] = r["n"]
    return out


def gaps_by_authority(today: dt.date, now: dt.datetime) -> list[dict]:
    """One row per (authority, kind of place) with demand, suitable supply and shortfall,
    for every kind with demand somewhere (plus the fixed kinds everywhere)."""
    demand = demand_by_authority(today)
    # Only languages from our code list (they become SQL column names in the supply query).
    languages = sorted(
        {k.removeprefix("language_") for d in demand.values() for k in d if k.startswith("language_")} & set(LANGUAGES)
    )
    supply = {r["la"]: r for r in suitable_vacancies_by_authority(today, now, languages)}
    kinds = [k.key for k in FIXED_KINDS] + [f"language_{code}" for code in languages]
    rows = []
    for la in sorted(set(demand) | set(supply)):
        for key in kinds:
            d = demand.get(la, {}).get(key, 0)
            s = supply.get(la, {}).get(key, 0)
            if key.startswith("language_") and d == 0:
                continue  # language gaps only where someone is waiting
            rows.append({"la": la, "kind": key, "demand": d, "suitable_supply": s, "shortfall": max(0, d - s)})
    return rows
