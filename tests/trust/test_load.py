"""Load and concurrency on PostgreSQL: concurrent clients search the register, ask for
shortlists, hold and release places and confirm vacancies against a live server for a bounded
time (LOAD_SECONDS, default 20; LOAD_CLIENTS, default 8). Afterwards no place is held or filled
twice (approved = filled + held + free, none negative) and every accepted hold is in the
database. Throughput and latency percentiles go to the session summary.

On demand, longer: ``LOAD_SECONDS=300 LOAD_CLIENTS=32 ./scripts/test.sh tests/trust/test_load.py``
or ``bench/load_test.py`` against a running server.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from fostering.accounts.demo import demo_password
from fostering.core import access

from .conftest import report
from .world import make_world

pytestmark = [pytest.mark.slow, pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

SECONDS = float(os.environ.get("LOAD_SECONDS", "20"))
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "8"))


def test_concurrent_searches_holds_and_confirmations_never_hold_or_fill_a_place_twice(live_server):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from bench.load_test import check_invariants, run_load
    from fostering.referrals.models import Referral
    from fostering.register.selectors import visible_households

    world = make_world(plant=False)
    officer = world.users[access.PLACEMENT_OFFICER]
    team = world.users[access.FOSTERING_TEAM_LA]
    # Few households, so clients compete for the same places.
    households = list(visible_households(officer).order_by("pk").values_list("pk", flat=True)[:12])
    team_households = list(
        visible_households(team)
        .filter(fostering_service__organisation=team.organisation)
        .order_by("pk")
        .values_list("pk", flat=True)[:10]
    )
    referrals = list(
        Referral.objects.filter(local_authority=world.la_a, status="open")
        .order_by("pk")
        .values_list("pk", flat=True)[:5]
    )
    stats = run_load(
        live_server.url,
        officer_token=world.tokens[access.PLACEMENT_OFFICER],
        team_login=(team.username, demo_password()),
        households=households,
        team_households=team_households,
        referrals=referrals,
        seconds=SECONDS,
        clients=CLIENTS,
    )
    problems = check_invariants(stats, households)
    report(f"load ({CLIENTS} clients, {SECONDS:.0f} s, live server on PostgreSQL)", "\n" + stats.summary())
    report(
        "load invariants",
        "hold (no place held or filled twice; every accepted hold stored)" if not problems else problems,
    )
    assert stats.requests > 50
    assert not stats.errors, stats.errors[:10]
    assert stats.accepted_holds, "no hold was accepted: the traffic did not exercise holds"
    assert sum(stats.statuses.get("hold", {}).get(s, 0) for s in (201, 409)) == len(stats.latencies.get("hold", []))
    assert not problems, problems
