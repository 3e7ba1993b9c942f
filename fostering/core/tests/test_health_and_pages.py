"""The service answers: health check, home page, navigation per role, friendly errors."""

import pytest
from django.db import connection

from fostering.accounts.tests.factories import administrator, analyst, placement_officer

pytestmark = pytest.mark.django_db


def test_healthz_names_the_database_backend_and_says_it_is_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == {"backend": connection.vendor, "reachable": True}


def test_healthz_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db.utils import OperationalError

    from fostering.core import views

    class Unreachable:
        vendor = connection.vendor

        def cursor(self):
            raise OperationalError("could not connect to server")

    monkeypatch.setattr(views, "connection", Unreachable())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"]["reachable"] is False


def test_the_home_page_invites_people_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"National Fostering Register" in response.content
    assert b"Sign in" in response.content
    assert b"govuk-frontend.min.css" in response.content


def test_signed_in_users_see_navigation_for_their_role_only(client):
    client.force_login(administrator())
    admin_page = client.get("/").content.decode()
    assert "Audit log" in admin_page and "Administration" in admin_page
    client.force_login(analyst())
    analyst_page = client.get("/").content.decode()
    assert "Audit log" not in analyst_page
    client.force_login(placement_officer())
    assert "Audit log" not in client.get("/").content.decode()


def test_an_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_the_openapi_schema_and_docs_are_published(client):
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "National Fostering Register API"
    assert "/api/me" in schema.json()["paths"]
    assert client.get("/api/docs").status_code == 200
