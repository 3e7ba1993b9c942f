"""Tests: the database comes from DATABASE_URL (the test command points it at a
throwaway PostgreSQL server); fast password hashing; lockout kept on so it is tested."""

from .base import *  # noqa: F403
from .base import DATABASES, Q_CLUSTER, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEBUG = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Queued tasks run at once in the test process unless a test starts a real worker
# (fostering/jobs/tests start ``manage.py qcluster`` with QUEUE_SYNC=false).
Q_CLUSTER = {**Q_CLUSTER, "sync": env.bool("QUEUE_SYNC", default=True)}
SITE_URL = "http://testserver"

# On SQLite the test database is a file beside DATABASE_URL's (not in memory), so a worker
# process started by a test (fostering/jobs/tests) opens the same database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and DATABASES["default"]["NAME"] != ":memory:":
    from pathlib import Path as _Path

    _db = _Path(DATABASES["default"]["NAME"])
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(_db.with_name(f"test_{_db.name}"))
