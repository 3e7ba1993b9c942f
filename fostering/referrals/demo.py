"""Demo open referrals (about 2,000 nationally), some for sibling groups, made from each
child's latest needs profile."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fostering.children.models import NeedsProfile

from .models import Referral, ReferralChild


def contribute(ctx) -> None:
    rng = ctx.rng("referrals")
    children = ctx.state["children"]
    n = ctx.count("open_referrals", minimum=8)
    picks = sorted(rng.choice(len(children), size=min(n, len(children)), replace=False))
    latest: dict[int, int] = {}
    chosen = [children[i] for i in picks]
    chosen_ids = {c.id for c in chosen}
    group_ids = {c.sibling_group_id for c in chosen if c.sibling_group_id}
    siblings: dict[int, list] = {}
    for c in children:
        if c.sibling_group_id in group_ids:
            siblings.setdefault(c.sibling_group_id, []).append(c)
    ids = list(chosen_ids | {c.id for cs in siblings.values() for c in cs})
    for start in range(0, len(ids), 5000):
        for child_id, pid in (
            NeedsProfile.objects.filter(child_id__in=ids[start : start + 5000])
            .order_by("child_id", "-assessed_on", "-id")
            .values_list("child_id", "id")
        ):
            latest.setdefault(child_id, pid)

    lead_user = ctx.state["users"]["placement.officer"]
    now = timezone.make_aware(dt.datetime.combine(ctx.today, dt.time(10, 0)))
    seen: set[int] = set()
    referrals, members = [], []
    for k, child in enumerate(chosen):
        if child.id in seen:
            continue
        group = (
            siblings.get(child.sibling_group_id, [child]) if child.sibling_group_id and rng.random() < 0.6 else [child]
        )
        group = [c for c in group if c.id not in seen][:4] or [child]
        seen.update(c.id for c in group)
        age = child.age_on(ctx.today)
        ptype = "long_term" if rng.random() < 0.35 else ("emergency" if rng.random() < 0.2 else "short_term")
        if age >= 17 and rng.random() < 0.3:
            ptype = "staying_put"
        urgency = "today" if ptype == "emergency" else str(rng.choice(["within_5_days", "planned", "planned"]))
        opened = now - dt.timedelta(days=float(rng.uniform(0, 30)))
        ref = Referral(
            local_authority_id=child.local_authority_id, reference=f"R{ctx.seed:02d}-{k + 1:06d}",
            status=Referral.Status.OPEN, placement_type=ptype, urgency=urgency,
            wanted_start=ctx.today + dt.timedelta(days=int(rng.integers(0, 28))),
            distance_from="school" if age >= 5 else "home",
            max_distance_km=int(rng.choice([20, 30, 50, 80])) if rng.random() < 0.8 else None,
            siblings_together=bool(rng.random() < 0.8), created_by=lead_user if child.local_authority_id == ctx.state["lead_authority"] else None,
            opened_at=opened,
        )  # fmt: skip
        referrals.append((ref, group))
    created = Referral.objects.bulk_create([r for r, _ in referrals], batch_size=2000)
    for ref, (_, group) in zip(created, referrals, strict=True):
        for c in group:
            members.append(ReferralChild(referral=ref, child=c, needs_profile_id=latest[c.id]))
    ReferralChild.objects.bulk_create(members, batch_size=5000)
    history = _closed_referrals(ctx, children, seen, lead_user, now)
    ctx.log(
        f"  referrals: {len(created):,} open referrals for {len(members):,} children; "
        f"{history:,} earlier ones (draft, matched, placed, withdrawn)"
    )


WITHDRAWN_REASONS = [
    "Returned home to parents",
    "Placed with a connected person (kinship)",
    "Care plan changed to residential care",
    "Stayed with current carers after review",
]


def _closed_referrals(ctx, children, seen: set[int], lead_user, now) -> int:
    """Referrals in the other lifecycle states, with their timestamps: placed and withdrawn
    ones from the last year (so time-open can be measured), a few matched and drafts.
    Drawn from their own random stream so the open referrals above never change."""
    rng = ctx.rng("referrals-history")
    pool = [c for c in children if c.id not in seen]
    n = min(len(pool), max(8, ctx.count("open_referrals", minimum=8) // 2))
    picks = sorted(rng.choice(len(pool), size=n, replace=False)) if n else []
    chosen = [pool[i] for i in picks]
    latest: dict[int, int] = {}
    ids = [c.id for c in chosen]
    for start in range(0, len(ids), 5000):
        for child_id, pid in (
            NeedsProfile.objects.filter(child_id__in=ids[start : start + 5000])
            .order_by("child_id", "-assessed_on", "-id")
            .values_list("child_id", "id")
        ):
            latest.setdefault(child_id, pid)
    statuses = ["placed", "placed", "withdrawn", "placed", "matched", "draft", "withdrawn", "placed"]
    refs = []
    for k, child in enumerate(c for c in chosen if c.id in latest):
        status = statuses[k % len(statuses)]
        created = now - dt.timedelta(days=float(rng.uniform(20, 365)))
        opened = None if status == "draft" else created + dt.timedelta(hours=float(rng.uniform(1, 48)))
        days_open = float(rng.gamma(2.0, 9.0))  # median around two weeks
        ref = Referral(
            local_authority_id=child.local_authority_id, reference=f"R{ctx.seed:02d}-H{k + 1:05d}",
            status=status, placement_type=str(rng.choice(["short_term", "long_term", "emergency"])),
            urgency=str(rng.choice(["today", "within_5_days", "planned"])),
            wanted_start=(created + dt.timedelta(days=int(rng.integers(0, 21)))).date(),
            distance_from="school", max_distance_km=int(rng.choice([20, 30, 50])), siblings_together=True,
            created_by=lead_user if child.local_authority_id == ctx.state["lead_authority"] else None,
            opened_at=opened,
        )  # fmt: skip
        if status in ("matched", "placed"):
            ref.matched_at = min(now, opened + dt.timedelta(days=days_open))
        if status == "placed":
            ref.placed_at = min(now, ref.matched_at + dt.timedelta(days=float(rng.uniform(1, 10))))
        if status == "withdrawn":
            ref.withdrawn_at = min(now, opened + dt.timedelta(days=days_open))
            ref.withdrawn_reason = WITHDRAWN_REASONS[k % len(WITHDRAWN_REASONS)]
        refs.append((ref, child))
    made = Referral.objects.bulk_create([r for r, _ in refs], batch_size=2000)
    ReferralChild.objects.bulk_create(
        [
            ReferralChild(referral=r, child=c, needs_profile_id=latest[c.id])
            for r, (_, c) in zip(made, refs, strict=True)
        ],
        batch_size=5000,
    )
    return len(made)
