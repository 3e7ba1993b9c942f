"""Load and concurrency: N clients send mixed traffic to a running service for a bounded time,
then the places invariant is checked and every accepted hold is looked up in the database.

Traffic (per client, chosen at random with fixed weights):
  * register search      GET  /api/vacancies?postcode=...               (placement officer)
  * shortlist            GET  /api/referrals/{id}/shortlist             (placement officer)
  * hold                 POST /api/vacancies/{household}/holds          (placement officer; 201 or 409)
  * release              DELETE /api/holds/{id} of a hold this client made
  * confirm vacancy      POST /vacancies/households/{id}/confirm/       (fostering team, signed-in session)

Loopback only. Used by tests/trust/test_load.py (bounded, CI) and on demand:

    .venv/bin/python bench/load_test.py --url http://127.0.0.1:8000 --seconds 120 --clients 16

(against ``manage.py runserver`` or gunicorn on the demo data, ``generate_demo --scale small``).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import random
import re
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

WEIGHTS = {"search": 4, "shortlist": 2, "hold": 3, "release": 1, "confirm": 1}


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[str, dict[int, int]] = field(default_factory=dict)
    accepted_holds: list[int] = field(default_factory=list)
    released_holds: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    seconds: float = 0.0

    def add(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            by_status = self.statuses.setdefault(kind, {})
            by_status[status] = by_status.get(status, 0) + 1
            if status >= 500:
                self.errors.append(f"{kind}: {status}")

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    def percentiles(self, kind: str | None = None) -> dict[str, float]:
        values = sorted(v for k, vs in self.latencies.items() if kind in (None, k) for v in vs)
        if not values:
            return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
        q = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
        return {"p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000, "max": values[-1] * 1000}

    def summary(self) -> str:
        p = self.percentiles()
        lines = [
            f"{self.requests} requests in {self.seconds:.1f} s = {self.requests / max(self.seconds, 1e-9):.1f} req/s; "
            f"latency p50 {p['p50']:.0f} ms, p95 {p['p95']:.0f} ms, p99 {p['p99']:.0f} ms, max {p['max']:.0f} ms"
        ]
        for kind in WEIGHTS:
            if kind in self.latencies:
                k = self.percentiles(kind)
                lines.append(
                    f"  {kind:<9} n={len(self.latencies[kind]):<5} p50 {k['p50']:.0f} ms p95 {k['p95']:.0f} ms "
                    f"statuses {dict(sorted(self.statuses[kind].items()))}"
                )
        lines.append(f"  holds accepted (201): {len(self.accepted_holds)}, released: {len(self.released_holds)}")
        return "\n".join(lines)


def _request(opener, method: str, url: str, body: dict | bytes | None = None, headers: dict | None = None):
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    if not url.startswith(("http://127.0.0.1", "http://localhost")):
        raise ValueError("The load test runs against loopback only.")
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})  # noqa: S310 - loopback only
    if isinstance(body, dict):
        req.add_header("Content-Type", "application/json")
    try:
        with opener.open(req, timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def sign_in(base: str, username: str, password: str):
    """A cookie-carrying opener signed in through the real sign-in page (CSRF included)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    _status, page = _request(opener, "GET", f"{base}/accounts/sign-in/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password}).encode()
    status, _ = _request(
        opener,
        "POST",
        f"{base}/accounts/sign-in/",
        form,
        {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"{base}/accounts/sign-in/"},
    )
    return opener, jar


def _csrf(jar) -> str:
    return next((c.value for c in jar if c.name == "csrftoken"), "")


def run_load(
    base: str,
    *,
    officer_token: str,
    team_login: tuple[str, str],
    households: list[int],
    team_households: list[int],
    referrals: list[int],
    seconds: float,
    clients: int,
    seed: int = 1,
) -> Stats:
    """Run ``clients`` threads of mixed traffic for ``seconds``; returns what happened."""
    stats = Stats()
    stop = time.monotonic() + seconds
    bearer = {"Authorization": f"Bearer {officer_token}"}
    kinds = [k for k, w in WEIGHTS.items() for _ in range(w)]

    def client(n: int) -> None:
        rng = random.Random(seed * 1000 + n)
        api = urllib.request.build_opener()
        team, jar = sign_in(base, *team_login)
        mine: list[int] = []
        while time.monotonic() < stop:
            kind = rng.choice(kinds)
            started = time.perf_counter()
            if kind == "search":
                status, _ = _request(
                    api, "GET", f"{base}/api/vacancies?postcode=ME14%201AA&within_km=50", headers=bearer
                )
            elif kind == "shortlist" and referrals:
                status, _ = _request(
                    api, "GET", f"{base}/api/referrals/{rng.choice(referrals)}/shortlist", headers=bearer
                )
            elif kind == "hold":
                body = {"officer_reference": f"load-{n}", "places": 1, "hours": 2}
                status, raw = _request(
                    api, "POST", f"{base}/api/vacancies/{rng.choice(households)}/holds", body, bearer
                )
                if status == 201:
                    hold_id = json.loads(raw)["id"]
                    mine.append(hold_id)
                    with stats.lock:
                        stats.accepted_holds.append(hold_id)
            elif kind == "release" and mine:
                hold_id = mine.pop(rng.randrange(len(mine)))
                status, _ = _request(api, "DELETE", f"{base}/api/holds/{hold_id}", headers=bearer)
                if status in (200, 204):
                    with stats.lock:
                        stats.released_holds.append(hold_id)
            elif kind == "confirm" and team_households:
                pk = rng.choice(team_households)
                status, _ = _request(
                    team,
                    "POST",
                    f"{base}/vacancies/households/{pk}/confirm/",
                    urllib.parse.urlencode({"csrfmiddlewaretoken": _csrf(jar)}).encode(),
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Referer": f"{base}/vacancies/service/",
                        "X-CSRFToken": _csrf(jar),
                    },
                )
            else:
                continue
            stats.add(kind, status, time.perf_counter() - started)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    stats.seconds = time.perf_counter() - began
    return stats


def check_invariants(stats: Stats, households: list[int]) -> list[str]:
    """Places: approved = filled + held + free, none negative, nothing over-committed; every
    accepted hold is in the database (released ones released, the rest active). Needs Django set up."""
    from django.utils import timezone

    from fostering.register.models import Household
    from fostering.vacancies.availability import household_places
    from fostering.vacancies.models import Hold

    problems: list[str] = []
    now = timezone.now()
    for household in Household.objects.filter(pk__in=households):
        p = household_places(household, now=now)
        if min(p.approved, p.filled, p.held, p.free) < 0:
            problems.append(f"household {household.pk}: a negative count {p.as_dict()}")
        if p.overcommitted:
            problems.append(f"household {household.pk}: {p.overcommitted} place(s) held or filled twice {p.as_dict()}")
        elif p.approved != p.filled + p.held + p.free:
            problems.append(f"household {household.pk}: approved != filled + held + free {p.as_dict()}")
    found = set(Hold.objects.filter(pk__in=stats.accepted_holds).values_list("pk", flat=True))
    missing = set(stats.accepted_holds) - found
    if missing:
        problems.append(f"{len(missing)} accepted hold(s) not in the database: {sorted(missing)[:10]}")
    still_active = set(Hold.objects.filter(pk__in=stats.released_holds).active(now).values_list("pk", flat=True))
    if still_active:
        problems.append(f"{len(still_active)} released hold(s) still active: {sorted(still_active)[:10]}")
    return problems


def main() -> None:  # pragma: no cover - on-demand runs
    import os
    import sys

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from fostering.accounts.demo import demo_password
    from fostering.accounts.models import ApiToken, User
    from fostering.referrals.models import Referral
    from fostering.register.selectors import visible_households

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    officer = User.objects.get(username="placement.officer")
    team = User.objects.get(username="fostering.team")
    token = ApiToken.issue(officer, name="load test")[1]
    households = list(visible_households(officer).values_list("pk", flat=True)[:40])
    team_households = list(
        visible_households(team)
        .filter(fostering_service__organisation=team.organisation)
        .values_list("pk", flat=True)[:20]
    )
    referrals = list(
        Referral.objects.filter(local_authority=officer.organisation.local_authority, status="open").values_list(
            "pk", flat=True
        )[:10]
    )
    stats = run_load(
        args.url,
        officer_token=token,
        team_login=("fostering.team", demo_password()),
        households=households,
        team_households=team_households,
        referrals=referrals,
        seconds=args.seconds,
        clients=args.clients,
    )
    print(stats.summary())
    problems = check_invariants(stats, households)
    print("invariants:", "hold" if not problems else "\n".join(problems))
    sys.exit(1 if problems or stats.errors else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
