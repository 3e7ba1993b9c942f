"""Faults on PostgreSQL: the database connection is killed mid-transaction (``pg_terminate_backend``
from a second connection) during a hold and during an SSDA903 import. The service answers 503
with a sentence (no traceback page), nothing is half-written, and the next request works.
"""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test import Client

from fostering.core import access

from .world import make_world

pytestmark = [pytest.mark.slow, pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _kill_own_connection() -> None:
    """Terminate this thread's database session from another session, as a crash or restart would."""
    import psycopg

    pid = connection.connection.info.backend_pid
    settings = connection.get_connection_params()
    params = {k: v for k, v in settings.items() if k in {"host", "port", "user", "password", "dbname"}}
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
def world(transactional_db):
    return make_world(plant=False)


def test_a_hold_whose_database_connection_dies_mid_transaction_answers_503_writes_nothing_and_the_next_request_works(
    world, monkeypatch
):
    from fostering.register.selectors import visible_households
    from fostering.vacancies import reservations
    from fostering.vacancies.models import Hold

    officer = world.users[access.PLACEMENT_OFFICER]
    household = visible_households(officer).order_by("pk").first()
    holds_before = Hold.objects.count()
    real_create = Hold.objects.create

    class DyingManager:
        def create(self, **kwargs):
            _kill_own_connection()  # rows are locked, the transaction is open: now the database goes
            return real_create(**kwargs)

        def __getattr__(self, name):
            return getattr(Hold._default_manager, name)

    monkeypatch.setattr(reservations.Hold, "objects", DyingManager(), raising=False)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[access.PLACEMENT_OFFICER]}"}
    client = Client(raise_request_exception=False)
    response = client.post(
        f"/api/vacancies/{household.pk}/holds",
        data={"officer_reference": "fault", "places": 1},
        content_type="application/json",
        **headers,
    )
    monkeypatch.undo()
    assert response.status_code == 503
    assert "cannot reach its database" in response.json()["detail"]
    assert b"Traceback" not in response.content

    # The database is back (a new connection): nothing was half-written and the service works.
    assert Hold.objects.count() == holds_before
    assert client.get("/api/vacancies", **headers).status_code == 200
    again = client.post(
        f"/api/vacancies/{household.pk}/holds",
        data={"officer_reference": "after", "places": 1},
        content_type="application/json",
        **headers,
    )
    assert again.status_code in (201, 409)


def test_an_import_whose_database_connection_dies_mid_write_answers_503_and_leaves_no_child_or_episode(
    world, monkeypatch
):
    from fostering.children.models import Child
    from fostering.interop import importer
    from fostering.interop.ssda903.sample import generate_return
    from fostering.interop.ssda903.writer import write_episodes, write_header
    from fostering.placements.models import Placement

    ret = generate_return(children=5, seed=11)
    files = {}
    for name, writer, records in (("header", write_header, ret.headers), ("episodes", write_episodes, ret.episodes)):
        buffer = io.StringIO()
        writer(records, buffer)
        files[name] = io.BytesIO(buffer.getvalue().encode())
        files[name].name = f"{name}.csv"
    before = (Child.objects.count(), Placement.objects.count())
    real_insert = importer._insert_placements

    def dying_insert(rows, progress):
        _kill_own_connection()  # children are written, episodes are next: the database goes
        return real_insert(rows, progress)

    monkeypatch.setattr(importer, "_insert_placements", dying_insert)
    client = Client(raise_request_exception=False)
    client.force_login(world.users[access.PLACEMENT_OFFICER])
    response = client.post("/interop/ssda903/upload/", {"header": files["header"], "episodes": files["episodes"]})
    monkeypatch.undo()
    assert response.status_code == 503
    assert b"cannot reach its database" in response.content and b"Traceback" not in response.content

    assert (Child.objects.count(), Placement.objects.count()) == before
    client.force_login(world.users[access.PLACEMENT_OFFICER])
    assert client.get("/interop/ssda903/upload/").status_code == 200
