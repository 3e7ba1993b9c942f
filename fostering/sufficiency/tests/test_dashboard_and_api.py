"""Who sees what on the sufficiency dashboard, its downloads and API — and that no count
below 5 escapes to an analyst through any of them."""

from __future__ import annotations

import io

import pytest

from fostering.accounts.tests.factories import analyst, commissioner, placement_officer
from fostering.organisations.models import Organisation
from fostering.organisations.tests.factories import ConsortiumFactory, authority
from fostering.sufficiency.tests import outputs
from fostering.sufficiency.tests.helpers import build_world

pytestmark = pytest.mark.django_db
URL = "/sufficiency/"


def _row(tables, title_part, area):
    table = next(t for t in tables if title_part in t.get("title", "") or title_part in t["headers"])
    return dict(zip(table["headers"], next(r for r in table["rows"] if r[0] == area), strict=False))


def test_an_la_commissioner_sees_their_own_authority_unsuppressed(client):
    build_world()
    client.force_login(commissioner())
    page = client.get(URL)
    assert page.status_code == 200
    assert "Figures as of" in page.content.decode()
    tables = outputs.csv_tables(client.get(URL + "?format=csv").content.decode())
    kent = _row(tables, "Supply and demand by area", "Kent")
    assert kent["Approved places"] == "6"
    assert kent["Vacancies (fresh)"] == "2"
    assert kent["Children in care"] == "3"
    # Their region and England are there for comparison, suppressed.
    england = _row(tables, "Supply and demand by area", "England")
    assert england["Approved places"] == "fewer than 5" or int(england["Approved places"]) >= 5


def test_a_consortium_commissioner_sees_each_member_authority(client):
    build_world()
    consortium = ConsortiumFactory(members=[authority("E10000016"), authority("E06000035")])
    client.force_login(commissioner(organisation=consortium))
    tables = outputs.csv_tables(client.get(URL + "?format=csv").content.decode())
    assert _row(tables, "Supply and demand by area", "Medway")["Vacancies (stale)"] == "2"
    assert _row(tables, "Supply and demand by area", consortium.name)["Approved places"] == "8"


@pytest.mark.parametrize("fmt", ["html", "csv", "xlsx", "api"])
def test_no_count_below_five_reaches_an_analyst(client, fmt):
    build_world()
    client.force_login(analyst())
    if fmt == "api":
        for endpoint in ("supply", "demand", "gaps", "forecast"):
            payload = client.get(f"/api/sufficiency/{endpoint}?area=la:E10000016").json()
            assert outputs.small_numbers_in_api(payload) == []
            suppressed = [k for t in payload["tables"] for r in t["rows"] for k in r["suppressed"]]
            if endpoint != "forecast":
                assert suppressed, "small counts are listed as suppressed"
        return
    response = client.get(
        URL + ("" if fmt == "html" else f"?format={fmt}") + ("&" if fmt != "html" else "?") + "area=la:E10000016"
    )
    assert response.status_code == 200
    if fmt == "html":
        tables = outputs.html_tables(response.content.decode())
        assert "fewer than 5" in response.content.decode()
    elif fmt == "csv":
        tables = outputs.csv_tables(response.content.decode())
    else:
        tables = outputs.xlsx_tables(response.content)
    assert len(tables) >= 8
    assert outputs.small_numbers_in_tables(tables) == []
    kent = _row(tables, "Supply and demand by area", "Kent")
    assert kent["Children in care"] == "fewer than 5"  # 3 children
    assert kent["Approved places"] == "6"  # 5 or more is shown


def test_a_regional_analyst_sees_only_their_region(client):
    build_world()
    region = Organisation.objects.create(name="South East analysts", kind="regional", region_id="E12000008")
    client.force_login(analyst(organisation=region))
    payload = client.get("/api/sufficiency/supply").json()
    names = {r["area"] for r in payload["tables"][0]["rows"]}
    assert "Kent" in names and "South East" in names
    assert "Camden" not in names
    assert client.get("/api/sufficiency/supply?area=E09000007").status_code == 403  # Camden


def test_people_without_the_role_are_refused(client):
    client.force_login(placement_officer())
    assert client.get(URL).status_code == 403
    assert client.get("/api/sufficiency/supply").status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def test_pages_show_the_precomputed_figures_until_the_next_refresh(client):
    from django.core.management import call_command

    from fostering.register.tests.factories import HouseholdFactory
    from fostering.sufficiency.models import SufficiencySnapshot

    build_world()
    call_command("refresh_sufficiency", stdout=io.StringIO())
    assert set(SufficiencySnapshot.objects.values_list("kind", flat=True)) == {"sufficiency", "costs"}
    client.force_login(commissioner())

    def kent_households():
        tables = outputs.csv_tables(client.get(URL + "?format=csv").content.decode())
        return _row(tables, "Supply and demand by area", "Kent")["Approved households"]

    assert kent_households() == "3"
    HouseholdFactory()  # a new household in Kent
    assert kent_households() == "3"  # still the figures as of the last refresh
    call_command("refresh_sufficiency", stdout=io.StringIO())
    assert kent_households() == "4"
