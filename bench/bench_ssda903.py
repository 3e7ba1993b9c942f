"""How fast the SSDA903 layer reads, checks and types a return (no database).

    .venv/bin/python bench/bench_ssda903.py [--children N] [--seed S] [--repeat R]

Generates a deterministic synthetic return (about 4.6 episodes a child, so the default
22,000 children give about 100,000 episode rows), writes it as CSV into a temporary
directory, then times ``read_return`` on it end to end (reading the files, decoding,
parsing, every rule, building the records) ``--repeat`` times and reports the best run,
as wall-clock and CPU time. It also times writing the records back out. It prints
figures only and asserts nothing about speed: the target (150,000 episode rows a second
for this layer, leaving room for the database import) is for people to compare against.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fostering.interop.ssda903 import (  # noqa: E402
    read_return,
    write_episodes,
    write_return,
)
from fostering.interop.ssda903.sample import generate_return  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=22_000, help="children in the return")
    parser.add_argument("--seed", type=int, default=903)
    parser.add_argument("--repeat", type=int, default=3, help="timed reads; the best is shown")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    ret = generate_return(args.children, seed=args.seed)
    generated = time.perf_counter() - started
    n_eps = len(ret.episodes)
    print(
        f"sample: {len(ret.headers):,} children, {n_eps:,} episodes, {len(ret.oc2):,} OC2 rows "
        f"(generated in {generated:.2f}s, seed {args.seed})"
    )

    with tempfile.TemporaryDirectory(prefix="bench-ssda903-") as tmp:
        paths = write_return(ret, tmp)
        size = sum(p.stat().st_size for p in paths)
        print(f"files:  {', '.join(p.name for p in paths)} ({size / 1e6:.1f} MB)")

        best_wall = best_cpu = float("inf")
        result = None
        for _ in range(max(1, args.repeat)):
            wall, cpu = time.perf_counter(), time.process_time()
            result = read_return(*paths)
            best_wall = min(best_wall, time.perf_counter() - wall)
            best_cpu = min(best_cpu, time.process_time() - cpu)
        assert result is not None
        status = "valid" if result.ok else f"{len(result.errors):,} ERRORS (unexpected)"
        print(f"read:   {status}, {result.rows:,} rows in all files")
        print(f"read+validate (best of {args.repeat}): {best_wall:.3f}s wall, {best_cpu:.3f}s CPU")
        print(f"  {n_eps / best_wall:>10,.0f} episode rows/s (wall; header and OC2 included)")
        print(f"  {n_eps / best_cpu:>10,.0f} episode rows/s (CPU)")
        print(f"  {result.rows / best_wall:>10,.0f} rows/s, all files (wall)")

        out = io.StringIO(newline="")
        wall = time.perf_counter()
        write_episodes(ret.episodes, out)
        written = time.perf_counter() - wall
        print(f"write episodes: {written:.3f}s, {n_eps / written:,.0f} rows/s")


if __name__ == "__main__":
    main()
