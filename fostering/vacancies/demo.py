"""Demo availability and holds.

Availability: when each household was last confirmed (relative to the moment the demo is
built, so freshness shows a mix of green, amber and red), a few temporarily unavailable.

Holds: a few active holds at every scale, placed by the demo placement officer on
households that still have a free place once placements exist (a finisher, run after the
placements and referrals parts): for an open referral of the lead authority when one fits,
otherwise with the officer's own reference.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import Availability, Hold

UNAVAILABLE_REASONS = ["Family holiday", "Carer recovering from an operation", "Taking a break after a placement ended"]


def contribute(ctx) -> None:
    rng = ctx.rng("vacancies")
    now = timezone.now().replace(microsecond=0)
    team = ctx.state["users"]["fostering.team"]
    lead_service_id = ctx.state["la_services"][ctx.state["lead_authority"]].id
    rows = []
    for h in ctx.state["households"]:
        days_ago = float(rng.choice([rng.uniform(0, 7), rng.uniform(7, 14), rng.uniform(14, 60)], p=[0.6, 0.25, 0.15]))
        unavailable = bool(rng.random() < 0.06)
        rows.append(
            Availability(
                household=h, available_from=ctx.today, available_until=None,
                temporarily_unavailable=unavailable,
                unavailable_reason=UNAVAILABLE_REASONS[int(rng.integers(3))] if unavailable else "",
                last_confirmed_at=now - dt.timedelta(days=days_ago),
                last_confirmed_by=team if h.fostering_service_id == lead_service_id else None,
            )
        )  # fmt: skip
    Availability.objects.bulk_create(rows, batch_size=5000)
    ctx.state.setdefault("finishers", []).append(("holds", _holds))


def _holds(ctx) -> None:
    from fostering.referrals.models import Referral
    from fostering.register.models import Household

    from .availability import annotate_places

    rng = ctx.rng("holds")
    officer = ctx.state["users"]["placement.officer"]
    now = timezone.now().replace(microsecond=0)
    n = max(4, len(ctx.state["households"]) // 60)
    ids = [h.id for h in ctx.state["households"]]
    free = list(
        annotate_places(Household.objects.filter(pk__in=ids), now=now)
        .filter(places_offerable__gte=1)
        .order_by("pk")
        .values_list("pk", "places_offerable")
    )
    if not free:
        return
    picks = [free[int(i)] for i in sorted(rng.choice(len(free), size=min(n, len(free)), replace=False))]
    referrals = list(
        Referral.objects.filter(local_authority_id=ctx.state["lead_authority"], status=Referral.Status.OPEN).order_by(
            "pk"
        )[: len(picks)]
    )
    holds = []
    for k, (household_id, offerable) in enumerate(picks):
        referral = referrals[k] if k < len(referrals) and k % 3 != 2 else None
        places = 1
        if referral is not None:
            places = referral.referral_children.count() or 1
            if places > offerable:
                referral, places = None, 1
        created = now - dt.timedelta(hours=float(rng.uniform(1, 30)))
        holds.append(
            Hold(
                household_id=household_id, referral=referral, places=places, held_by=officer, created_at=created,
                officer_reference="" if referral else f"PO-{ctx.seed:02d}-{k + 1:03d}",
                reserved_until=created + dt.timedelta(hours=48),
            )
        )  # fmt: skip
    Hold.objects.bulk_create(holds)
    ctx.log(f"  vacancies: {len(holds)} active holds")
