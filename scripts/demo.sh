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

echo "==> Starting the service at http://127.0.0.1:$PORT (Ctrl+C to stop)" >&2
exec $PY manage.py runserver "127.0.0.1:$PORT"
