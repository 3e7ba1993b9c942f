"""API fuzzing on demand, longer than CI: schemathesis against a real ``runserver`` process.

    .venv/bin/python bench/fuzz_api.py                     # 200 examples per operation and persona
    FUZZ_EXAMPLES=500 .venv/bin/python bench/fuzz_api.py   # or --examples 500
    .venv/bin/python bench/fuzz_api.py --personas placement_officer,commissioner --examples 50

What it does: makes a throwaway SQLite database in a temporary directory (``migrate``, then
``generate_demo --scale small --seed 1``, about a minute), issues an API token for each demo
persona, starts ``manage.py runserver --noreload`` on a free loopback port against that database,
and fuzzes every operation of the OpenAPI schema the server publishes at /api/openapi.json as each
persona, over real HTTP. Checks: no server error (5xx), every answer matches its documented schema,
every status code is documented. Prints the cases run, the failures (one line each) and the time,
and exits 1 when anything failed. ``--keep`` leaves the database and prints its path.

The same engine (``fuzz_live_server``) runs in CI, with FUZZ_EXAMPLES=10, in
tests/trust/test_schemathesis.py against pytest-django's live server.

Which personas: FUZZ_PERSONAS (default placement officer, IFA fostering team, administrator) for
every operation, plus, for an operation none of them may use, the first persona that may (from
fostering/core/access.py), so every operation's allowed path is fuzzed too. Each persona's cases
mix freely generated parameters with the persona's own records in the path (a household,
referral, hold... of their organisation, as the access-matrix test picks them), so detail answers
are checked against the schema, not only 404s. Generation is seeded (derandomized): a run repeats.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PERSONAS = "placement_officer,fostering_team_ifa,administrator"
REQUEST_TIMEOUT = 60  # seconds; a request that takes longer is reported as a failure


@dataclass
class FuzzRun:
    """What one fuzzing run did: cases sent, operations covered, failures (one line each)."""

    examples: int
    personas: tuple[str, ...]
    cases: int = 0
    operations: int = 0
    pairs: int = 0  # operation x persona runs
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    request_seconds: float = 0.0
    statuses: dict[int, int] = field(default_factory=dict)

    def unique_failures(self) -> list[str]:
        return sorted(set(self.failures))

    def summary(self) -> str:
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(self.statuses.items()))
        return (
            f"{self.cases} cases over {self.operations} operations, {self.pairs} operation x persona runs "
            f"(personas {', '.join(self.personas)} + an allowed one where none of them is; "
            f"FUZZ_EXAMPLES={self.examples}; live server over HTTP) in {self.seconds:.0f} s "
            f"({self.request_seconds:.0f} s waiting for answers); answers {statuses}; "
            f"failures: {len(self.unique_failures())}"
        )


def as_openapi_30(node):
    """django-ninja writes OpenAPI 3.1; schemathesis 3 validates as 3.0, where ``const`` is unknown
    (so a ``oneOf`` told apart by ``shape: const`` would match twice). ``enum: [value]`` says the same in both."""
    if isinstance(node, dict):
        out = {k: as_openapi_30(v) for k, v in node.items() if k != "const"}
        if "const" in node:
            out["enum"] = [node["const"]]
        return out
    if isinstance(node, list):
        return [as_openapi_30(v) for v in node]
    return node


def plan(raw_schema: dict, world, personas: tuple[str, ...]) -> dict[str, list[tuple[str, dict, dict]]]:
    """For each operation ("METHOD /api/path"): the personas to fuzz it as, each with their own
    records for its path parameters and required query parameters (looked up once, before any
    request changes the data)."""
    sys.path.insert(0, str(ROOT))
    from fostering.core import access
    from tests.trust.endpoints import api_endpoints, rule_of, sample_kind

    planned: dict[str, list[tuple[str, dict, dict]]] = {}
    for endpoint in api_endpoints(raw_schema):
        rule = rule_of(endpoint)
        chosen = list(personas)
        allowed = rule.allowed if rule else frozenset()
        if not allowed & set(chosen):
            chosen += [p for p in access.PERSONAS if p in allowed and p != access.ANONYMOUS][:1]
        planned[endpoint.key] = [
            (
                persona,
                {p: world.sample(sample_kind(endpoint, p), persona) for p in endpoint.params},
                {q: world.sample(sample_kind(endpoint, q), persona) for q in endpoint.query},
            )
            for persona in chosen
        ]
    return planned


def _body(case) -> str:
    body = getattr(case, "body", None)
    return "" if body is None or type(body).__name__ == "NotSet" else str(body)[:200]


def _fuzz_one(operation, persona: str, own: tuple[dict, dict], base_url: str, session, headers: dict, run: FuzzRun):
    """A Hypothesis test for one operation as one persona (a factory, so each gets its own closure)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    from requests import RequestException
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

    checks = (not_a_server_error, response_schema_conformance, status_code_conformance)
    path_parameters, query = own
    strategy = operation.as_strategy()
    if path_parameters or query:
        fixed = {"path_parameters": path_parameters} if path_parameters else {}
        if query:
            fixed["query"] = query
        strategy = st.one_of(strategy, operation.as_strategy(**fixed))

    @settings(
        max_examples=run.examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def fuzz(case):
        run.cases += 1
        started = time.perf_counter()
        try:
            response = case.call(base_url=base_url, session=session, headers=headers, timeout=REQUEST_TIMEOUT)
        except RequestException as exc:
            run.failures.append(f"{operation.verbose_name} as {persona}: no answer ({type(exc).__name__}: {exc})")
            return
        finally:
            run.request_seconds += time.perf_counter() - started
        run.statuses[response.status_code] = run.statuses.get(response.status_code, 0) + 1
        try:
            case.validate_response(response, checks=checks)
        except Exception as exc:  # noqa: BLE001 - collect every failure, report them together
            text = str(exc).strip()
            numbered = [line.strip() for line in text.splitlines() if line.strip()[:2].rstrip(".").isdigit()]
            first = "; ".join(numbered) or (text.splitlines()[0] if text else type(exc).__name__)
            run.failures.append(
                f"{operation.verbose_name} as {persona}: {response.status_code} for "
                f"{case.path_parameters} {case.query} {_body(case)} -> {first}"
            )

    return fuzz


def fuzz_live_server(base_url: str, world, examples: int, personas: tuple[str, ...]) -> FuzzRun:
    """Fuzz every operation of the API served at ``base_url`` as the planned personas
    (``world``: a tests.trust.world.World whose tokens the server accepts)."""
    import requests
    import schemathesis

    started = time.perf_counter()
    run = FuzzRun(examples=examples, personas=tuple(personas))
    with requests.Session() as session:
        published = session.get(f"{base_url}/api/openapi.json", timeout=REQUEST_TIMEOUT)
        published.raise_for_status()
        raw = published.json()
        planned = plan(raw, world, run.personas)
        schema = schemathesis.from_dict(as_openapi_30(raw), base_url=base_url, force_schema_version="30")
        for result in schema.get_all_operations():
            operation = result.ok()
            run.operations += 1
            for persona, path_parameters, query in planned[f"{operation.method.upper()} {operation.path}"]:
                run.pairs += 1
                token = world.tokens.get(persona)  # none for anonymous
                headers = {"Authorization": f"Bearer {token}"} if token else {}
                _fuzz_one(operation, persona, (path_parameters, query), base_url, session, headers, run)()
    run.seconds = time.perf_counter() - started
    return run


# ---- the on-demand run: a runserver process on a throwaway SQLite database ----


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"The server stopped before answering (exit code {process.returncode}).")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 - our own loopback server
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise SystemExit(f"The server did not answer {url} within {seconds:.0f} s.")


def _world():
    """Demo users and a fresh API token per persona, read from the database the server uses."""
    from fostering.accounts.models import ApiToken, User
    from fostering.core import access
    from tests.trust.world import PERSONA_USERNAMES, World

    users = {p: User.objects.get(username=u) for p, u in PERSONA_USERNAMES.items()}
    tokens = {p: ApiToken.issue(u, name="fuzz_api")[1] for p, u in users.items()}
    return World(users=users, tokens=tokens, la_a=users[access.PLACEMENT_OFFICER].organisation.local_authority)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=int(os.environ.get("FUZZ_EXAMPLES", "200")))
    parser.add_argument("--personas", default=os.environ.get("FUZZ_PERSONAS", DEFAULT_PERSONAS))
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database and print its path")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="nfr-fuzz-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{workdir / 'fuzz.sqlite3'}",
    }
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DEBUG", "DATABASE_URL")})
    python = sys.executable
    started = time.perf_counter()
    print(f"==> Demo database in {workdir} (migrate, generate_demo --scale small --seed 1)", flush=True)
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [python, "manage.py", "generate_demo", "--scale", "small", "--seed", "1", "--no-progress"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    prepared = time.perf_counter() - started

    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    world = _world()
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = open(workdir / "server.log", "w", encoding="utf-8")
    server = subprocess.Popen(
        [python, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(f"{base_url}/healthz", server)
        personas = tuple(p.strip() for p in args.personas.split(",") if p.strip())
        print(f"==> Fuzzing {base_url} with {args.examples} examples per operation and persona", flush=True)
        run = fuzz_live_server(base_url, world, args.examples, personas)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

    failures = run.unique_failures()
    for line in failures:
        print(f"FAIL {line}")
    print(f"data prepared in {prepared:.0f} s; {run.summary()}")
    if args.keep:
        print(f"database kept: {workdir / 'fuzz.sqlite3'} (server log: {workdir / 'server.log'})")
    else:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
