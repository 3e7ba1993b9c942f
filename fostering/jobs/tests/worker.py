"""Start the real queue worker (``manage.py qcluster``) against the test database, for tests.

The worker is a separate process, as in production: it reads the schedules and the queue
from the database the test committed to (PostgreSQL's test database, or SQLite's test file),
runs the jobs, and writes their results there. Short retry and timeout settings make a
failing task come round again within seconds; a long guard cycle makes the scheduler look
at the schedules as soon as the cluster starts (django-q2 checks them once per 30 s of
guard cycles).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def database_url() -> str:
    """A DATABASE_URL for the database this test process is using right now."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@contextlib.contextmanager
def running_worker(**env_overrides: str):
    """``manage.py qcluster`` in a subprocess for the duration of the block; its log on failure."""
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        raise RuntimeError("The worker needs a file database; config.settings.test makes SQLite's a file.")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(),
        "QUEUE_SYNC": "false",
        "QUEUE_TIMEOUT_SECONDS": "20",
        "QUEUE_RETRY_SECONDS": "22",
        "QUEUE_POLL_SECONDS": "0.2",
        "QUEUE_GUARD_CYCLE_SECONDS": "30",
        **env_overrides,
    }
    log = tempfile.NamedTemporaryFile("w+", prefix="nfr-qcluster-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:
        yield process
    except BaseException:
        log.flush()
        sys.stderr.write(f"--- qcluster log ({log.name}) ---\n{Path(log.name).read_text()[-6000:]}\n")
        raise
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)  # the cluster stops its workers and exits
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        log.close()
        os.unlink(log.name)


def wait_until(condition, seconds: float = 60, what: str = "the condition"):
    """Poll ``condition()`` until it returns something truthy (returned), or fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError(f"The worker did not bring about {what} within {seconds:.0f} s.")
