"""Benchmark: ``GET /api/referrals/{id}/shortlist`` over HTTP, database included.

    cp /tmp/national.sqlite3 /tmp/bench_nat.sqlite3
    DATABASE_URL=sqlite:////tmp/bench_nat.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/bench_nat.sqlite3 .venv/bin/python bench/bench_shortlist_http.py

Uses the open referrals in the database (a demo at any scale). Requests go through Django's
full request stack (middleware, token authentication, the ninja API, audit records) with
Django's test client, in this process — no socket, so loopback only by construction.

1. Warm-up: one request builds the cached household features (timed on its own).
2. Sequential: ``--requests`` requests, referrals drawn at random; median, p95, worst.
3. Concurrent: ``--clients`` threads sharing ``--requests`` requests; throughput (req/s).
4. The same shortlist by a straightforward per-household ORM loop (each household's
   approval, places, capability, carers, preferences, availability read one by one, as
   a first version would), ranked by the same engine so the answers can be compared;
   ``--naive-runs`` times, and the ratio to the median sequential HTTP request.

Prints figures only; asserts nothing about speed. Placement-officer users for the
referrals' authorities are created if missing (``bench.officer.<code>``) and deleted at
the end, with their API tokens.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from fostering.accounts.models import ApiToken, Role, User  # noqa: E402
from fostering.organisations.models import Organisation  # noqa: E402
from fostering.referrals.models import Referral  # noqa: E402


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def officers_for(referrals: list[Referral]) -> tuple[dict[str, str], list[int], list[int]]:
    """A bearer token per authority; creates bench officers where none exists."""
    from fostering.accounts.demo import make_user

    tokens, created, token_ids = {}, [], []
    for code in sorted({r.local_authority_id for r in referrals}):
        org = Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY, local_authority_id=code).first()
        if org is None:
            continue
        user = next((u for u in User.objects.filter(organisation=org) if Role.PLACEMENT_OFFICER in u.roles), None)
        if user is None:
            user = make_user(f"bench.officer.{code}", "Bench", "Officer", org, [Role.PLACEMENT_OFFICER])
            created.append(user.pk)
        token, raw = ApiToken.issue(user, name="bench_shortlist_http")
        tokens[code] = raw
        token_ids.append(token.pk)
    return tokens, created, token_ids


def naive_shortlist(referral: Referral, limit: int):
    """Every household read one at a time through the ORM, then ranked by the engine."""
    from fostering.matching import engine
    from fostering.matching.features import IFA_AVERAGE_WEEKLY, LA_AVERAGE_WEEKLY, day_number, referral_input
    from fostering.placements.models import Placement
    from fostering.register.models import Household
    from fostering.vacancies.availability import household_places
    from fostering.vacancies.models import Availability

    today = timezone.localdate()
    records = []
    for h in Household.objects.select_related("fostering_service").all():
        approval = h.approvals.filter(ended_on__isnull=True).first()
        places = household_places(h)
        cap = h.capabilities.filter(source="service").first()
        prefs = getattr(h, "preferences", None) if hasattr(h, "preferences") else None
        avail = Availability.objects.filter(household=h).first()
        carers = list(h.carers.all())
        ended = Placement.objects.filter(household=h, ended_on__isnull=False).count()
        records.append(
            {
                "household_id": h.pk,
                "easting": h.easting,
                "northing": h.northing,
                "active_and_approved": h.status == "active" and approval is not None,
                "age_min": approval.age_min if approval else 0,
                "age_max": approval.age_max if approval else 0,
                "max_children": approval.max_children if approval else 0,
                "placement_types": approval.placement_types if approval else [],
                "free_places": places.free,
                "available_from": day_number(avail.available_from) if avail and avail.available_from else 0,
                "available_until": day_number(avail.available_until) if avail and avail.available_until else None,
                "capability": {d: getattr(cap, d) for d in engine.DOMAINS} if cap else {},
                "languages": 0,
                "religions": {engine.religion_code(c.religion) for c in carers} - {0},
                "ethnicities": {engine.ethnicity_code(c.ethnicity) for c in carers} - {0},
                "youngest_child_age": min(h.other_children_ages) if h.other_children_ages else -1,
                "has_pets": h.has_pets,
                "smokes": h.smokers,
                "wheelchair_accessible": h.wheelchair_accessible,
                "experience_years": 0.0,
                "stability": None if not ended else 1.0,
                "weekly_cost": IFA_AVERAGE_WEEKLY if h.fostering_service.kind == "ifa" else LA_AVERAGE_WEEKLY,
                "is_ifa": h.fostering_service.kind == "ifa",
                "held_places": places.held,
                "pref_max_siblings": prefs.max_sibling_group if prefs else (approval.max_children if approval else 0),
            }
        )
    del today
    features = engine.features_from_records(records)
    return engine.shortlist(features, referral_input(referral), limit=limit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--naive-runs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    referrals = list(
        Referral.objects.filter(status=Referral.Status.OPEN).exclude(referral_children=None).order_by("pk")
    )
    if not referrals:
        sys.exit("No open referral in this database: generate a demo first.")
    from fostering.register.models import Household

    print(
        f"Database: {connection.vendor} {settings.DATABASES['default'].get('NAME')}; "
        f"{Household.objects.count()} households, {len(referrals)} open referrals."
    )
    tokens, created, token_ids = officers_for(referrals)
    referrals = [r for r in referrals if r.local_authority_id in tokens]
    rng = np.random.default_rng(args.seed)
    order = [referrals[i] for i in rng.integers(0, len(referrals), args.requests)]

    def get(client: Client, referral: Referral) -> float:
        started = time.perf_counter()
        r = client.get(
            f"/api/referrals/{referral.pk}/shortlist?limit={args.limit}",
            HTTP_AUTHORIZATION=f"Bearer {tokens[referral.local_authority_id]}",
        )
        took = time.perf_counter() - started
        if r.status_code != 200:
            raise SystemExit(f"Referral {referral.pk}: HTTP {r.status_code} {r.content[:200]!r}")
        return took

    try:
        client = Client()
        first = get(client, referrals[0])
        print(f"First request (builds the household features): {first * 1000:.0f} ms")
        times = [get(client, r) for r in order]
        ms = [t * 1000 for t in times]
        print(
            f"Sequential, {len(ms)} requests: median {statistics.median(ms):.1f} ms, "
            f"p95 {pct(ms, 95):.1f} ms, worst {max(ms):.1f} ms"
        )

        errors: list[str] = []
        per_thread = [order[i :: args.clients] for i in range(args.clients)]

        def worker(batch: list[Referral]) -> None:
            c = Client()
            try:
                for referral in batch:
                    get(c, referral)
            except BaseException as exc:  # noqa: BLE001 - report, do not hang
                errors.append(str(exc))
            finally:
                connection.close()

        threads = [threading.Thread(target=worker, args=(b,)) for b in per_thread]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
        wall = time.perf_counter() - started
        print(
            f"Concurrent, {args.clients} clients, {len(order)} requests: {len(order) / wall:.1f} requests/s "
            f"({wall:.1f} s){'; errors: ' + errors[0] if errors else ''}"
        )

        if args.naive_runs < 1:
            return
        naive_times = []
        sample = referrals[0]
        for _ in range(args.naive_runs):
            started = time.perf_counter()
            naive = naive_shortlist(sample, args.limit)
            naive_times.append(time.perf_counter() - started)
        from fostering.matching import engine
        from fostering.matching.features import cached_features, referral_input

        started = time.perf_counter()
        fast = engine.shortlist(cached_features(), referral_input(sample), limit=args.limit)
        engine_ms = (time.perf_counter() - started) * 1000
        same = set(naive.household_id.tolist()) & set(fast.household_id.tolist())
        naive_s = statistics.median(naive_times)
        print(
            f"Per-household ORM loop, referral {sample.pk}: {naive_s:.1f} s "
            f"({len(same)} of its top {len(naive)} also in the engine's top {len(fast)}; the loop skips "
            f"languages and experience, so ranks may differ)"
        )
        print(
            f"Ratio ORM loop / median HTTP request: {naive_s * 1000 / statistics.median(ms):.0f}×; "
            f"ORM loop / in-process cached shortlist ({engine_ms:.1f} ms): {naive_s * 1000 / engine_ms:.0f}×"
        )
    finally:
        ApiToken.objects.filter(pk__in=token_ids).delete()
        User.objects.filter(pk__in=created).delete()


if __name__ == "__main__":
    main()
