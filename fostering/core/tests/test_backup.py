"""An operator backs up the register and restores it into an empty database: every record is there."""

import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from fostering.children.tests.factories import ChildFactory
from fostering.register.tests.factories import HouseholdFactory


def table_counts(dsn: str, tables: list[str]) -> dict[str, int]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_an_empty_database_has_every_record(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump backups need PostgreSQL")
    HouseholdFactory.create_batch(3)
    ChildFactory.create_batch(2)
    path = tmp_path / "register.dump"
    call_command("backup", out=str(path))
    assert path.stat().st_size > 0

    target = f"restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{target}"')
    s = connection.settings_dict
    base = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}"
    try:
        call_command("restore", str(path), database_url=f"{base}/{target}")
        tables = connection.introspection.table_names()
        source = table_counts(f"{base}/{s['NAME']}", tables)
        restored = table_counts(f"{base}/{target}", tables)
        assert restored == source
        assert restored["register_household"] == 3 and restored["children_child"] == 2
        assert restored["geography_postcode"] > 10_000
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


def test_restoring_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="There is no backup file"):
        call_command("restore", str(tmp_path / "nope.dump"))


@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_copies_the_database(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite path")
    HouseholdFactory()
    path = tmp_path / "demo.sqlite3"
    call_command("backup", out=str(path))
    import sqlite3

    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM register_household").fetchone()[0] == 1
