"""Backups with the database's own tools: pg_dump/pg_restore for PostgreSQL (custom
format, so a restore can recreate every table, sequence and constraint), SQLite's online
backup API for the demo database."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.db import connection


class BackupError(RuntimeError):
    """A backup or restore that did not complete; the message says why."""


def _pg_tool(name: str) -> str:
    """The client tool matching the server's major version (PGBIN, beside pg_ctl, or PATH)."""
    candidates = []
    if os.environ.get("PGBIN"):
        candidates.append(Path(os.environ["PGBIN"]) / name)
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        candidates.append(Path(os.path.realpath(pg_ctl)).parent / name)
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    for c in candidates:
        if c.exists():
            return str(c)
    raise BackupError(f"{name} was not found; install the PostgreSQL client tools.")


def _pg_env_and_args(db: dict) -> tuple[dict, list[str]]:
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["--no-password"]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return env, args


def database_settings_from_url(url: str) -> dict:
    parsed = urlparse(url)
    return {
        "ENGINE": "django.db.backends.postgresql"
        if parsed.scheme.startswith("postgres")
        else "django.db.backends.sqlite3",
        "NAME": parsed.path.lstrip("/") if parsed.scheme.startswith("postgres") else parsed.path,
        "USER": parsed.username or "",
        "PASSWORD": parsed.password or "",
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
    }


def backup(out: Path, db: dict | None = None) -> Path:
    db = db or settings.DATABASES["default"]
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if db["ENGINE"] == "django.db.backends.postgresql":
        env, args = _pg_env_and_args(db)
        cmd = [_pg_tool("pg_dump"), *args, "--format=custom", "--no-owner", "--file", str(out), db["NAME"]]
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return out
    if db["ENGINE"] == "django.db.backends.sqlite3":
        connection.ensure_connection()
        with sqlite3.connect(str(out)) as target:
            connection.connection.backup(target)
        return out
    raise BackupError(f"Backups are not supported for {db['ENGINE']}.")


def restore(source: Path, db: dict | None = None) -> None:
    """Restore a backup into the database, replacing what is there."""
    db = db or settings.DATABASES["default"]
    source = Path(source)
    if not source.exists():
        raise BackupError(f"There is no backup file at {source}.")
    if db["ENGINE"] == "django.db.backends.postgresql":
        env, args = _pg_env_and_args(db)
        cmd = [_pg_tool("pg_restore"), *args, "--clean", "--if-exists", "--no-owner", "--single-transaction",
               "--exit-on-error", "--dbname", db["NAME"], str(source)]  # fmt: skip
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed (nothing was changed): {result.stderr.strip()[:500]}")
        return
    if db["ENGINE"] == "django.db.backends.sqlite3":
        with sqlite3.connect(str(source)) as src, sqlite3.connect(db["NAME"]) as target:
            src.backup(target)
        return
    raise BackupError(f"Restores are not supported for {db['ENGINE']}.")
