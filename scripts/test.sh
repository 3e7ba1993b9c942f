#!/usr/bin/env bash
# The README's second command (and .ci/run): set up, start a throwaway PostgreSQL
# server, run lint and the whole test suite against it, then the suite's SQLite-meaningful
# part against SQLite. The server is stopped on exit, pass or fail.
# Extra arguments go to pytest (e.g. scripts/test.sh fostering/geography -x).
# A full run (no arguments, or SHIFTED_CLOCK=1) then runs the fast tests twice more with
# the clock moved (a year ahead, and to the next leap day), so a test that only passes
# until some date fails the day it is written.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh --browser

PY=.venv/bin/python
PGBIN="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
PGTMP="$(mktemp -d /tmp/nfr-pg.XXXXXX)"
PGPORT="$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
as_pg() { if [ "$(id -u)" = "0" ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }

stop_postgres() {
  echo "==> Stopping PostgreSQL (port $PGPORT)" >&2
  as_pg "'$PGBIN/pg_ctl' -D '$PGTMP/data' -m fast -w stop" >/dev/null 2>&1 || true
  rm -rf "$PGTMP"
}
trap stop_postgres EXIT

[ "$(id -u)" = "0" ] && chown postgres "$PGTMP"
echo "==> Starting PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT ($PGTMP)" >&2
as_pg "'$PGBIN/initdb' -D '$PGTMP/data' -A trust -U app -E UTF8 --locale=C.UTF-8" >/dev/null
as_pg "'$PGBIN/pg_ctl' -D '$PGTMP/data' -w -l '$PGTMP/log' -o \"-p $PGPORT -k '$PGTMP' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start" >/dev/null
echo "==> PostgreSQL started" >&2

echo "==> Lint (ruff)" >&2
if [ "$#" -eq 0 ]; then
  .venv/bin/ruff check .
else
  # A targeted run (paths given) reports lint but does not stop on it; the full run does.
  .venv/bin/ruff check . || echo "(lint problems above; the full run fails on them)" >&2
fi

export DJANGO_SETTINGS_MODULE=config.settings.test
export PGBIN
WORKERS="${TEST_WORKERS:-2}"

echo "==> Test suite on PostgreSQL" >&2
DATABASE_URL="postgres://app@127.0.0.1:$PGPORT/nfr" \
  .venv/bin/pytest -n "$WORKERS" --dist loadfile "$@"

echo "==> Test suite on SQLite (everything that does not need PostgreSQL or a browser)" >&2
SQLITE_DIR="$(mktemp -d /tmp/nfr-sqlite.XXXXXX)"
DATABASE_URL="sqlite:///$SQLITE_DIR/test.sqlite3" \
  .venv/bin/pytest -n "$WORKERS" --dist loadfile -m "not postgres_only and not browser" -q "$@"
rm -rf "$SQLITE_DIR"

if [ "$#" -eq 0 ] || [ "${SHIFTED_CLOCK:-0}" = "1" ]; then
  for TODAY in $($PY -c '
import datetime as dt
t = dt.date.today()
ahead = t + dt.timedelta(days=365)
leap = next(dt.date(y, 2, 29) for y in range(t.year, t.year + 9) if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0
            if dt.date(y, 2, 29) > t)
print(ahead, leap)'); do
    echo "==> Fast tests with the clock moved to $TODAY (SQLite)" >&2
    SQLITE_DIR="$(mktemp -d /tmp/nfr-sqlite.XXXXXX)"
    NFR_TEST_TODAY="$TODAY" DATABASE_URL="sqlite:///$SQLITE_DIR/test.sqlite3" \
      .venv/bin/pytest -n "$WORKERS" --dist loadfile -m "not postgres_only and not browser and not slow" -q "$@"
    rm -rf "$SQLITE_DIR"
  done
fi
