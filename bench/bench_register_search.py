"""Benchmark: register search (the placement officer's page and ``GET /api/vacancies``).

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/bench_register_search.py
    DATABASE_URL=postgres://app@127.0.0.1:5432/nfr .venv/bin/python bench/bench_register_search.py --households 45000

Reuses the households already in the database (e.g. a demo) and, when there are fewer
than ``--households``, adds synthetic ones on real postcodes (carers, current approval,
capability, availability; one in ten with an active hold) inside a transaction that is
rolled back at the end, so a demo database is left as it was. Postcodes of a few areas
are imported first if the database has none. Then times ``--queries`` searches from
random household postcodes (within 25 km, a random age, placement type and group size,
one capability filter in three): the count and the first page of 25 in the public shape,
exactly what the page and the API do (``register.search.search_page``). Prints median,
95th percentile and worst times.

Measured on SQLite, 45,000 synthetic households in Kent (about 9x national density), 100
queries, the default arguments, on a shared 2-core machine with a load average of 9-10:

* before (count and page as two queries, each evaluating every condition with correlated
  subqueries and the page selecting wide rows with every annotation): median 1664 ms,
  p95 2888 ms, worst 3984 ms;
* after (one query for the matching ids nearest first, approval and capability as joins on
  covering indexes, free places counted last; display data for the page's 25 only):
  median 647 ms, p95 1397 ms, worst 1796 ms.

On PostgreSQL 15 (same data and arguments, before and after run side by side, load 4-5):
median 332 -> 129 ms, p95 636 -> 209 ms, worst 975 -> 1032 ms (one outlier).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

AREAS = ["ME", "CT", "TN", "DA", "BR"]
TYPES = ["emergency", "short_term", "long_term", "short_breaks"]
DOMAINS = ["emotional", "behaviour", "health", "learning", "communication", "identity", "family", "independence",
           "risk_self", "risk_others"]  # fmt: skip


class Rollback(Exception):
    pass


def build(n: int, rng) -> int:
    """Add synthetic households until there are ``n``; returns how many were added."""
    from fostering.accounts.demo import make_user
    from fostering.accounts.models import Role
    from fostering.geography.models import Postcode
    from fostering.organisations.models import FosteringService, Organisation
    from fostering.register.models import Approval, Capability, Carer, Household
    from fostering.vacancies.models import Availability, Hold

    have = Household.objects.count()
    missing = max(0, n - have)
    if not missing:
        return 0
    postcodes = list(
        Postcode.objects.exclude(local_authority=None).values_list(
            "postcode", "district", "easting", "northing", "local_authority_id"
        )  # fmt: skip
    )
    org = Organisation.objects.create(name="Bench Fostering Agency", kind=Organisation.Kind.IFA)
    service = FosteringService.objects.create(organisation=org, name="Bench Fostering Agency", kind="ifa",
                                              sector="private", ofsted_urn="SCBENCH01")  # fmt: skip
    officer = make_user("bench.officer", "Bench", "Officer", org, [Role.PLACEMENT_OFFICER])
    picks = rng.integers(0, len(postcodes), size=missing)
    rows = []
    for i, k in enumerate(picks):
        pc, district, e, nn, la = postcodes[int(k)]
        beds = int(rng.integers(1, 4))
        rows.append(Household(fostering_service=service, reference=f"B{i:06d}", address_line_1=f"{i} Bench Road",
                              postcode=pc, postcode_district=district, easting=e, northing=nn, local_authority_id=la,
                              bedrooms=beds + 1, beds_for_fostering=beds))  # fmt: skip
    households = Household.objects.bulk_create(rows, batch_size=5000)
    today = dt.date.today()
    now = timezone.now()
    carers, approvals, caps, avail, holds = [], [], [], [], []
    for h in households:
        carers.append(Carer(household=h, first_name="Bench", last_name="Carer", date_of_birth=dt.date(1970, 1, 1),
                            gender="female", ethnicity="WBRI", religion="christian",
                            languages=["en"] if rng.random() < 0.9 else ["en", "pl"],
                            fostering_since=dt.date(2015, 1, 1)))  # fmt: skip
        lo = int(rng.choice([0, 0, 5, 11]))
        types = sorted({str(t) for t in rng.choice(TYPES, size=2)})
        approvals.append(Approval(household=h, fostering_service=service, approved_on=dt.date(2020, 1, 1),
                                  panel_date=dt.date(2019, 12, 1), max_children=h.beds_for_fostering, age_min=lo,
                                  age_max=18, placement_types=types, review_due=today + dt.timedelta(days=100)))  # fmt: skip
        caps.append(Capability(household=h, source="service", **{d: int(rng.integers(0, 4)) for d in DOMAINS}))
        avail.append(Availability(household=h, last_confirmed_at=now - dt.timedelta(days=float(rng.uniform(0, 30)))))
        if rng.random() < 0.1:
            holds.append(Hold(household=h, held_by=officer, officer_reference="bench", places=1,
                              reserved_until=now + dt.timedelta(hours=24)))  # fmt: skip
    for model, objs in (
        (Carer, carers),
        (Approval, approvals),
        (Capability, caps),
        (Availability, avail),
        (Hold, holds),
    ):
        model.objects.bulk_create(objs, batch_size=5000)
    return missing


def run(queries: int, rng) -> list[float]:
    from fostering.accounts.models import Role, User
    from fostering.register.models import Household
    from fostering.register.search import SearchCriteria, distance_km, search_page
    from fostering.register.serialisers import public_household

    officer = User.objects.filter(groups__name=Role.PLACEMENT_OFFICER.label).first()
    origins = list(Household.objects.order_by("?").values_list("postcode", flat=True)[:queries])
    times, found = [], []
    for k, postcode in enumerate(origins):
        criteria = SearchCriteria(
            postcode=postcode, within_km=25, age=int(rng.integers(0, 18)), placement_type=str(rng.choice(TYPES)),
            group_size=int(rng.choice([1, 1, 2])),
            min_capability={str(rng.choice(DOMAINS)): 2} if k % 3 == 0 else {},
        )  # fmt: skip
        t0 = time.perf_counter()
        result = search_page(officer, criteria, page=1, page_size=25)
        rows = [public_household(h, distance_km=distance_km(h)) for h in result.households]
        times.append((time.perf_counter() - t0) * 1000)
        found.append(result.count)
        assert len(rows) <= 25
    print(f"results per search: median {statistics.median(found):.0f}, max {max(found)}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=45_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from fostering.geography.models import Postcode
    from fostering.register.models import Household

    if not Postcode.objects.exists():
        from fostering.geography.importer import import_postcodes

        print(f"Importing the postcodes of {', '.join(AREAS)} (once per database)…")
        import_postcodes(areas=AREAS, progress=False)
    rng = np.random.default_rng(args.seed)
    print(f"Database: {connection.vendor}; load average {os.getloadavg()[0]:.2f}")
    try:
        with transaction.atomic():
            t0 = time.perf_counter()
            added = build(args.households, rng)
            print(
                f"{Household.objects.count():,} households ({added:,} synthetic, built in {time.perf_counter() - t0:.1f} s)"
            )
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            run(5, rng)  # warm up
            times = sorted(run(args.queries, rng))
            p95 = times[int(0.95 * (len(times) - 1))]
            print(
                f"register search (count + first page of 25, within 25 km): {len(times)} queries, "
                f"median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, worst {times[-1]:.1f} ms"
            )
            raise Rollback
    except Rollback:
        print("Synthetic households rolled back.")


if __name__ == "__main__":
    main()
