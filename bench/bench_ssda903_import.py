"""Benchmark: SSDA903 import end to end (read + check + write) into the configured database.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/bench_ssda903_import.py
    DATABASE_URL=postgres://app@127.0.0.1:5432/nfr .venv/bin/python bench/bench_ssda903_import.py

Generates a synthetic return (~25,000 children, ~100,000 episodes) with the pure layer's
sample generator, writes the three CSV files, then times ``import_return`` into an
authority with no children (first import), and a second time with the same files
(idempotent re-import: compares and writes nothing). Prints episode rows per second; the
target is at least 20,000. Migrates the database first if needed; the imported rows are
rolled back at the end unless ``--keep`` is given, so a demo database is left as it was.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from fostering.interop.importer import import_return  # noqa: E402
from fostering.interop.ssda903 import sample, write_return  # noqa: E402

TARGET = 20_000


class Rollback(Exception):
    pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=25_000)
    parser.add_argument("--la", default="E09000033", help="authority to import into (default Westminster)")
    parser.add_argument("--keep", action="store_true", help="keep the imported rows")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    ret = sample.generate_return(args.children, seed=2026)
    with tempfile.TemporaryDirectory() as tmp:
        header, episodes, oc2 = write_return(ret, tmp)
        n = len(ret.episodes)
        print(f"{connection.vendor}: {args.children:,} children, {n:,} episodes, {len(ret.oc2):,} OC2 rows")
        try:
            with transaction.atomic():
                from fostering.children.models import Child

                if Child.objects.filter(local_authority_id=args.la).exists():
                    print(f"{args.la} already has children; choose another --la for a first-import figure")
                    return 2
                t0 = time.perf_counter()
                first = import_return(args.la, header=header, episodes=episodes, oc2=oc2)
                t1 = time.perf_counter()
                assert first.ok, first.errors[:5]
                again = import_return(args.la, header=header, episodes=episodes, oc2=oc2)
                t2 = time.perf_counter()
                assert again.ok and not again.summary.changed, str(again.summary)
                rate1, rate2 = n / (t1 - t0), n / (t2 - t1)
                print(f"first import:    {t1 - t0:6.2f} s  {rate1:10,.0f} episode rows/s  ({first.summary})")
                print(f"re-import (same): {t2 - t1:5.2f} s  {rate2:10,.0f} episode rows/s  (nothing changed)")
                print(f"target {TARGET:,} rows/s: {'met' if min(rate1, rate2) >= TARGET else 'NOT met'}")
                if not args.keep:
                    raise Rollback
        except Rollback:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
