"""Demo availability: when each household was last confirmed, so freshness shows a mix
of green, amber and red; a few temporarily unavailable."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import Availability

UNAVAILABLE_REASONS = ["Family holiday", "Carer recovering from an operation", "Taking a break after a placement ended"]


def contribute(ctx) -> None:
    rng = ctx.rng("vacancies")
    now = timezone.make_aware(dt.datetime.combine(ctx.today, dt.time(9, 0)))
    team = ctx.state["users"]["fostering.team"]
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
                last_confirmed_by=team if h.fostering_service_id == ctx.state["la_services"][ctx.state["lead_authority"]].id else None,
            )
        )  # fmt: skip
    Availability.objects.bulk_create(rows, batch_size=5000)
