#!/usr/bin/env bash
# Sets up everything the project needs from nothing but python3.11, node/npm and apt:
# a pinned uv in .tools/, the locked Python environment in .venv/, npm packages, and
# (with --browser) Debian's chromium for the browser tests. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION="0.13.9"
export UV_PYTHON_DOWNLOADS=never
export UV_LINK_MODE=copy

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if ! command -v python3.11 >/dev/null 2>&1; then
  echo "python3.11 is needed (Python 3.11 with venv); install it and run this again." >&2
  exit 1
fi

if [ ! -x .tools/bin/uv ] || [ "$(.tools/bin/uv --version 2>/dev/null | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  say "Installing uv $UV_VERSION into .tools/"
  python3.11 -m venv .tools
  .tools/bin/pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi

say "Installing the locked Python environment into .venv/"
.tools/bin/uv sync --frozen --python python3.11 --quiet

if [ ! -d node_modules/govuk-frontend ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing npm packages (GOV.UK Frontend, axe-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then
  say "Installing Debian's chromium for the browser tests"
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
