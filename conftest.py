"""Test set-up shared by every app.

* The test database gets the reference data every real database has (regions and
  authorities from migrations) plus the postcodes of a few Kent areas (ME, CT, TN), which
  is where hand-made test households and children live.
* Transactional tests (live server, browser, concurrency) flush every table afterwards;
  reference data is snapshotted into side tables once and copied back when missing, so
  such tests cost milliseconds, not a re-import.
* Browser tests use Debian's Chromium through Playwright (``browser``/``page`` fixtures).
* Time: tests never write a date relative to "now" as a literal. The ``clock`` fixture
  freezes the test's clock at its start (``clock.today``, ``clock.now``, ``clock.at(...)``)
  and moves it (``clock.move_to``, ``clock.shift``). ``NFR_TEST_TODAY=YYYY-MM-DD`` moves
  the whole run to that day (time passing as usual); ``scripts/test.sh`` runs the fast
  tests again a year ahead and on a leap day, so a date that will pass fails CI today.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
import time_machine

TEST_POSTCODE_AREAS = ["ME", "CT", "TN"]
REFERENCE_TABLES = ["geography_region", "geography_localauthority", "geography_postcode", "auth_group"]
DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _snapshot_reference_data() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table in REFERENCE_TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS ref_{table}")
            cursor.execute(f"CREATE TABLE ref_{table} AS SELECT * FROM {table}")  # noqa: S608


def restore_reference_data() -> None:
    """Copy reference rows back after a flush (no-op when they are there)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM geography_localauthority LIMIT 1")
        if cursor.fetchone() is not None:
            return
        for table in REFERENCE_TABLES:
            cursor.execute(f"INSERT INTO {table} SELECT * FROM ref_{table}")  # noqa: S608


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from fostering.geography.importer import import_postcodes

    with django_db_blocker.unblock():
        import_postcodes(areas=TEST_POSTCODE_AREAS, progress=False)
        _snapshot_reference_data()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Every database test starts with regions, authorities, test postcodes and role groups."""
    if DB_FIXTURES.intersection(request.fixturenames) or request.node.get_closest_marker("django_db"):
        blocker = request.getfixturevalue("django_db_blocker")
        request.getfixturevalue("django_db_setup")
        with blocker.unblock():
            restore_reference_data()
    yield


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Debian's package, not Playwright's download)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.set_default_timeout(15_000)
    yield p
    context.close()


@pytest.fixture
def sign_in(page, live_server):
    """Sign a user in through the real sign-in page; returns the page on the home page."""

    def _sign_in(username: str, password: str):
        page.goto(f"{live_server.url}/accounts/sign-in/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        return page

    return _sign_in


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free port (fostering/notifications/tests/smtp.py) and Django's
    SMTP backend pointed at it: ``smtp_server.messages`` holds what it received."""
    from fostering.notifications.tests.smtp import SmtpServer

    server = SmtpServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        yield server
    finally:
        server.stop()


# ---- Figures measured by tests (tests/trust): printed in the session summary, even under xdist ----
FIGURES_ENV = "NFR_TEST_FIGURES_FILE"


TODAY_ENV = "NFR_TEST_TODAY"
_shifted_run = None


def _start_shifted_run() -> None:
    """Move the whole run to ``NFR_TEST_TODAY`` at the current time of day, time passing."""
    global _shifted_run
    day = os.environ.get(TODAY_ENV, "").strip()
    if not day or _shifted_run is not None:
        return
    try:
        target = dt.date.fromisoformat(day)
    except ValueError as exc:
        raise pytest.UsageError(f"{TODAY_ENV} must be a date written YYYY-MM-DD, not {day!r}.") from exc
    now = dt.datetime.now(dt.UTC)
    _shifted_run = time_machine.travel(dt.datetime.combine(target, now.timetz()), tick=True)
    _shifted_run.start()


class Clock:
    """A test's clock, frozen where the test started (the real day or ``NFR_TEST_TODAY``).

    Tests take every date relative to "now" from here, so they mean the same whatever
    day they run: ``clock.today - dt.timedelta(days=3)``, ``clock.at(days=-1, hour=9)``.
    """

    def __init__(self, traveller) -> None:
        self._traveller = traveller

    @property
    def now(self) -> dt.datetime:
        from django.utils import timezone

        return timezone.now()

    @property
    def today(self) -> dt.date:
        from django.utils import timezone

        return timezone.localdate()

    def at(self, *, days: int = 0, hour: int = 12, minute: int = 0) -> dt.datetime:
        """An aware datetime ``days`` from today at a local time of day."""
        from django.utils import timezone

        day = self.today + dt.timedelta(days=days)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    def move_to(self, when: dt.datetime | dt.date) -> None:
        if not isinstance(when, dt.datetime):
            when = self.at(days=(when - self.today).days)
        self._traveller.move_to(when)

    def shift(self, **delta) -> None:
        """Move the clock on (or back) by ``timedelta`` arguments: ``clock.shift(days=15)``."""
        self._traveller.shift(dt.timedelta(**delta))


@pytest.fixture
def clock():
    """Freeze time for this test at its start; see :class:`Clock`."""
    with time_machine.travel(dt.datetime.now(dt.UTC), tick=False) as traveller:
        yield Clock(traveller)


def pytest_configure(config):
    _start_shifted_run()
    if not hasattr(config, "workerinput") and FIGURES_ENV not in os.environ:
        import tempfile

        fd, path = tempfile.mkstemp(prefix="nfr-figures-", suffix=".txt")
        os.close(fd)
        os.environ[FIGURES_ENV] = path  # inherited by xdist workers, which append to it
        config._nfr_figures_file = path


def pytest_unconfigure(config):
    global _shifted_run
    if _shifted_run is not None:
        _shifted_run.stop()
        _shifted_run = None


def pytest_report_header(config):
    if os.environ.get(TODAY_ENV):
        return f"clock moved: today is {os.environ[TODAY_ENV]} ({TODAY_ENV})"
    return None


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    path = getattr(config, "_nfr_figures_file", None)
    if not path or not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f if line.strip()]
    os.unlink(path)
    os.environ.pop(FIGURES_ENV, None)
    if lines:
        terminalreporter.section("figures measured by the tests")
        for line in lines:
            terminalreporter.write_line(line)
