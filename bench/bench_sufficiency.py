"""How fast the national sufficiency and cost pages and API answer.

Usage (on the national demo data set)::

    DATABASE_URL=sqlite:////tmp/national.sqlite3 .venv/bin/python bench/bench_sufficiency.py [--refresh] [--repeat 5]

Signs in as the national analyst (``analyst``, every authority, aggregates only) through
Django's test client, so the timings are the server's time to answer (no network). For each
URL it prints the first answer in this process (cold: loads the snapshot, imports
matplotlib, draws the charts) and the median of the following ones (warm: what users see
once the server has answered once since the last refresh). ``--refresh`` first recomputes
the precomputed figures (``manage.py refresh_sufficiency``) and prints how long that took.
Target: every answer ≤ 2 s.
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

from django.test import Client  # noqa: E402

from fostering.accounts.models import User  # noqa: E402

URLS = [
    "/sufficiency/",
    "/sufficiency/?format=csv",
    "/sufficiency/?format=xlsx",
    "/api/sufficiency/supply",
    "/api/sufficiency/demand",
    "/api/sufficiency/gaps",
    "/api/sufficiency/forecast",
    "/api/sufficiency/unmatched-referrals",
    "/costs/",
    "/api/costs/benchmarks",
]
TARGET_SECONDS = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refresh", action="store_true", help="recompute the precomputed figures first")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--user", default="analyst")
    args = parser.parse_args()

    from fostering.children.models import Child
    from fostering.register.models import Household

    print(f"Data set: {Household.objects.count():,} households, {Child.objects.count():,} children")
    if args.refresh:
        from fostering.costs import benchmarks
        from fostering.sufficiency import snapshot

        started = time.perf_counter()
        snapshot.refresh()
        middle = time.perf_counter()
        benchmarks.refresh()
        print(f"refresh: sufficiency {middle - started:.1f} s, costs {time.perf_counter() - middle:.1f} s")

    client = Client()
    client.force_login(User.objects.get(username=args.user))
    worst = 0.0
    print(f"{'URL':40} {'status':>6} {'cold s':>8} {'warm s (median)':>16}")
    for url in URLS:
        started = time.perf_counter()
        response = client.get(url)
        cold = time.perf_counter() - started
        warm = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            client.get(url)
            warm.append(time.perf_counter() - started)
        median = statistics.median(warm) if warm else cold
        worst = max(worst, median)
        print(f"{url:40} {response.status_code:>6} {cold:>8.2f} {median:>16.2f}")
    verdict = "meets" if worst <= TARGET_SECONDS else "MISSES"
    print(f"Slowest warm answer {worst:.2f} s: {verdict} the {TARGET_SECONDS:.0f} s target.")
    return 0 if worst <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
