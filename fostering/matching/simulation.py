"""Compare three ways of placing every open referral at once, on the same data.

(a) ``in_house_first`` — today's practice: the placing LA's own carers first, nearest first;
(b) ``greedy`` — each referral in turn takes its best shortlist candidate;
(c) ``optimised`` — the batch optimiser (min-cost flow over every referral's top candidates).

All three use the engine's hard rules and the households' free places (plus places held
for referrals in the batch). Sibling groups living apart are split into one unit per child
first (engine.split_apart). Outcome measures, per policy:

* share placed — children placed / children in open referrals;
* distance from home — km from the family home to the household (placed children whose
  home is known), mean and 90th percentile;
* within the home LA — the household lies inside the placing authority;
* needs met — Σ_d min(capability_d, need_d) / Σ_d need_d averaged over placed children
  (the engine's ``needs_met`` definition; 1 when a child has no needs);
* sibling groups kept together — groups of two or more asking to live together that were
  placed (in one household, by construction);
* with IFAs — share of placed children living with an IFA household.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import numpy as np
from django.db.models import QuerySet
from django.utils import timezone

from fostering.referrals.models import Referral
from fostering.register.models import Household

from . import engine
from .engine import policies
from .features import household_features, la_index, referral_inputs

POLICIES = (
    ("in_house_first", "(a) In-house first, first available"),
    ("greedy", "(b) Best candidate, one referral at a time"),
    ("optimised", "(c) Batch optimiser"),
)


@dataclass
class Instance:
    features: engine.HouseholdFeatures
    units: list[engine.Referral]
    unit_group: list[int]  # index of the original referral per unit
    referrals: list[engine.Referral]
    household_la: np.ndarray  # LA index per feature row (−1 unknown)
    build_seconds: float


@dataclass
class Outcome:
    policy: str
    label: str
    children: int
    placed: int
    mean_km: float
    p90_km: float
    within_la: float
    needs_met: float
    groups: int
    groups_together: int
    ifa: float
    objective: float
    seconds: float
    assignment: engine.Assignment

    @property
    def share_placed(self) -> float:
        return self.placed / self.children if self.children else 0.0


def build_instance(referrals: QuerySet[Referral] | None = None, now: dt.datetime | None = None) -> Instance:
    """Households and open referrals as engine inputs (bulk queries)."""
    started = time.perf_counter()
    now = now or timezone.now()
    features = household_features(now)
    qs = referrals if referrals is not None else Referral.objects.filter(status=Referral.Status.OPEN)
    refs = referral_inputs(list(qs.order_by("pk")), now)
    units, group = [], []
    for i, ref in enumerate(refs):
        parts = engine.split_apart(ref) if ref.is_split else [ref]
        units.extend(parts)
        group.extend([i] * len(parts))
    index = la_index()
    la_of = dict(Household.objects.values_list("pk", "local_authority_id"))
    household_la = np.array([index.get(la_of.get(int(h)), -1) for h in features.household_id], dtype=np.int64)
    return Instance(features, units, group, refs, household_la, time.perf_counter() - started)


def _needs_met(capability: np.ndarray, child: engine.Child) -> float:
    needs = np.asarray(child.needs)
    total = needs.sum()
    return 1.0 if total == 0 else float(np.minimum(capability, needs).sum() / total)


def evaluate(instance: Instance, policy: str, label: str, assignment: engine.Assignment, seconds: float) -> Outcome:
    f = instance.features
    children = sum(len(u.children) for u in instance.units)
    placed, distances, within, needs, ifa = 0, [], 0, [], 0
    for u, row in enumerate(assignment.household):
        if row < 0:
            continue
        unit = instance.units[u]
        n = len(unit.children)
        placed += n
        if unit.home is not None and np.isfinite(f.easting[row]):
            km = float(np.hypot(f.easting[row] - unit.home[0], f.northing[row] - unit.home[1]) / 1000.0)
            distances.extend([km] * n)
        within += n * int(instance.household_la[row] == unit.la_id)
        ifa += n * int(f.is_ifa[row])
        needs.extend(_needs_met(f.capability[row], c) for c in unit.children)
    together_units = [
        u for u, unit in enumerate(instance.units) if len(unit.children) > 1 and unit.siblings == "together"
    ]
    kept = sum(1 for u in together_units if assignment.household[u] >= 0)
    d = np.asarray(distances)
    return Outcome(
        policy=policy,
        label=label,
        children=children,
        placed=placed,
        mean_km=float(d.mean()) if d.size else float("nan"),
        p90_km=float(np.percentile(d, 90)) if d.size else float("nan"),
        within_la=within / placed if placed else 0.0,
        needs_met=float(np.mean(needs)) if needs else 0.0,
        groups=len(together_units),
        groups_together=kept,
        ifa=ifa / placed if placed else 0.0,
        objective=assignment.total_score,
        seconds=seconds,
        assignment=assignment,
    )


def run(instance: Instance) -> list[Outcome]:
    outcomes = []
    for name, label in POLICIES:
        started = time.perf_counter()
        assignment = getattr(policies, name)(instance.features, instance.units)
        outcomes.append(evaluate(instance, name, label, assignment, time.perf_counter() - started))
    return outcomes


def table(outcomes: list[Outcome]) -> str:
    header = (
        f"{'policy':<44} {'placed':>7} {'mean km':>8} {'p90 km':>7} {'in LA':>6} "
        f"{'needs met':>9} {'siblings together':>17} {'IFA':>6} {'score sum':>10} {'secs':>6}"
    )
    lines = [header, "-" * len(header)]
    for o in outcomes:
        lines.append(
            f"{o.label:<44} {o.share_placed:>7.1%} {o.mean_km:>8.1f} {o.p90_km:>7.1f} {o.within_la:>6.1%} "
            f"{o.needs_met:>9.1%} {f'{o.groups_together}/{o.groups}':>17} {o.ifa:>6.1%} {o.objective:>10.0f} "
            f"{o.seconds:>6.2f}"
        )
    return "\n".join(lines)


def chart(outcomes: list[Outcome], path: str) -> str:
    """A bar chart per measure, one bar per policy (matplotlib, Agg backend, no display)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    measures = [
        ("Share placed (%)", [100 * o.share_placed for o in outcomes]),
        ("Mean km from home", [o.mean_km for o in outcomes]),
        ("90th percentile km", [o.p90_km for o in outcomes]),
        ("Within home LA (%)", [100 * o.within_la for o in outcomes]),
        ("Needs met (%)", [100 * o.needs_met for o in outcomes]),
        ("Sibling groups together", [o.groups_together for o in outcomes]),
        ("With IFAs (%)", [100 * o.ifa for o in outcomes]),
    ]
    fig, axes = plt.subplots(1, len(measures), figsize=(3 * len(measures), 3.6))
    colours = ["#b1b4b6", "#1d70b8", "#00703c"]
    for ax, (title, values) in zip(axes, measures, strict=True):
        ax.bar(["a", "b", "c"], values, color=colours)
        ax.set_title(title, fontsize=9)
        ax.tick_params(labelsize=8)
    fig.suptitle("(a) in-house first · (b) best candidate one at a time · (c) batch optimiser", fontsize=10)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
