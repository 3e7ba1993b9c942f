#!/usr/bin/env bash
# The README's first command: set up, load the demo data set, start the service on
# http://127.0.0.1:8000 (SQLite under var/). DEMO_SCALE=national for all of England.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh

export DJANGO_SETTINGS_MODULE=config.settings.local
SCALE="${DEMO_SCALE:-regional}"
SEED="${DEMO_SEED:-1}"
REGION="${DEMO_REGION:-E12000008}"
PORT="${PORT:-8000}"
PY=.venv/bin/python

marker="var/demo-data.txt"
wanted="scale=$SCALE seed=$SEED region=$REGION"
if [ -z "${DATABASE_URL:-}" ] && { [ ! -f "$marker" ] || [ "$(cat "$marker")" != "$wanted" ]; }; then
  echo "==> Building a fresh demo database ($wanted)" >&2
  rm -f var/db.sqlite3 var/db.sqlite3-wal var/db.sqlite3-shm "$marker"
  $PY manage.py migrate --noinput -v0
  $PY manage.py generate_demo --scale "$SCALE" --seed "$SEED" --region "$REGION"
  echo "$wanted" > "$marker"
else
  $PY manage.py migrate --noinput -v0
  $PY manage.py demo_logins
fi

# The queue worker and scheduler (django-q2): runs the daily jobs and sends notifications by
# itself, beside the web server, and stops with it. Its log is var/worker.log; e-mails are
# written to var/sent-email/ (one file each) unless EMAIL_URL says otherwise.
export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"
echo "==> Starting the queue worker and scheduler (log: var/worker.log)" >&2
# In its own session, so Ctrl+C reaches only this script, which then stops both, the worker once
# and cleanly. The web server runs in the background so a signal to this script is handled at once.
setsid $PY manage.py qcluster >> var/worker.log 2>&1 &
WORKER_PID=$!
SERVER_PID=""
stop_all() {
  trap - EXIT INT TERM
  [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null
  kill -TERM "$WORKER_PID" 2>/dev/null || return 0
  for _ in $(seq 30); do kill -0 "$WORKER_PID" 2>/dev/null || return 0; sleep 1; done
  kill -KILL -- "-$WORKER_PID" 2>/dev/null || true
}
trap stop_all EXIT INT TERM

echo "==> Starting the service at http://127.0.0.1:$PORT (Ctrl+C to stop)" >&2
$PY manage.py runserver "127.0.0.1:$PORT" &
SERVER_PID=$!
wait "$SERVER_PID"
