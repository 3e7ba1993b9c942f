"""Secondary suppression (core.suppression): a hidden small count cannot be worked out from
a total and the other cells shown beside it."""

from __future__ import annotations

import pytest

from fostering.accounts.tests.factories import analyst
from fostering.core.suppression import Column, Table, suppress_table
from fostering.register.tests.factories import HouseholdFactory
from fostering.sufficiency.tests.helpers import build_world

COLUMNS = [Column("name", "Name", "text"), Column("total", "Total"), Column("a", "A"), Column("b", "B"),
           Column("c", "C"), Column("mean", "Mean", "money", base="c")]  # fmt: skip


def _table(*rows):
    return Table("t", "T", COLUMNS, [dict(r) for r in rows])


def test_a_lone_hidden_part_of_a_row_takes_the_next_smallest_cell_with_it():
    table = _table({"name": "x", "total": 20, "a": 3, "b": 9, "c": 8, "mean": 400.0})
    row = suppress_table(table, lambda r: True, row_groups=[["total", "a", "b", "c"]]).rows[0]
    assert row["a"] is None  # primary: below 5
    assert row["c"] is None  # secondary: the next smallest, so 20 − 9 − c no longer gives a
    assert row["mean"] is None  # and the figure based on it
    assert (row["total"], row["b"]) == (20, 9)
    assert sorted(row["suppressed"]) == ["a", "c", "mean"]


def test_without_groups_only_small_counts_are_hidden():
    row = suppress_table(_table({"name": "x", "total": 20, "a": 3, "b": 9, "c": 8}), lambda r: True).rows[0]
    assert row["suppressed"] == ["a"]


def test_two_hidden_cells_already_protect_each_other():
    table = _table({"name": "x", "total": 20, "a": 3, "b": 9, "c": 2, "mean": 1.0})
    row = suppress_table(table, lambda r: True, row_groups=[["total", "a", "b", "c"]]).rows[0]
    assert row["b"] == 9 and row["total"] == 20


def test_a_lone_hidden_area_in_a_column_is_protected_by_another_area_the_viewer_sees_suppressed():
    # Three authorities and their region; the viewer's own authority (row 0) is shown in full.
    rows = [{"name": "own", "a": 2}, {"name": "x", "a": 3}, {"name": "y", "a": 6}, {"name": "z", "a": 7},
            {"name": "region", "a": 18}]  # fmt: skip
    table = Table("t", "T", [Column("name", "Name", "text"), Column("a", "A")], rows)
    out = suppress_table(table, lambda r: r["name"] != "own", column_groups=[([0, 1, 2, 3, 4], ["a"])]).rows
    assert out[0]["a"] == 2  # the viewer's own figure stays
    assert out[1]["a"] is None  # primary
    assert out[2]["a"] is None  # secondary: the smallest other cell the viewer sees suppressed
    assert (out[3]["a"], out[4]["a"]) == (7, 18)


@pytest.mark.django_db
def test_an_analyst_cannot_work_out_kents_la_households_from_the_provider_split(client):
    world = build_world()
    for _ in range(5):
        HouseholdFactory(fostering_service=world["ifa"])
    # Kent: 1 household with its own service (hidden), 7 with the IFA, 8 in all (both shown
    # without secondary suppression, giving 8 − 7 = 1).
    client.force_login(analyst())
    payload = client.get("/api/sufficiency/supply?area=la:E10000016").json()
    tables = {t["key"]: t for t in payload["tables"]}
    (kent,) = tables["supply_demand"]["rows"]
    assert kent["households"] == 8
    la, ifa = tables["by_provider"]["rows"]
    assert la["households"] is None and "households" in la["suppressed"]
    assert ifa["households"] is None and "households" in ifa["suppressed"]


@pytest.mark.django_db
def test_a_regional_analyst_cannot_subtract_a_hidden_authority_from_its_region_on_page_or_api(client):
    """Every South East authority has 10 approved households except Kent (3): the region's
    total (183) less the others would give Kent's 3, so one more authority is hidden — and
    asking the API for that authority alone hides it too."""
    from django.utils import timezone

    from fostering.geography.models import LocalAuthority
    from fostering.organisations.models import Organisation
    from fostering.sufficiency import figures as fig
    from fostering.sufficiency import snapshot
    from fostering.sufficiency.areas import regional_scope

    codes = sorted(LocalAuthority.objects.filter(region_id="E12000008").values_list("code", flat=True))
    supply = [{"la": c, "provider": "la", "households": 3 if c == "E10000016" else 10} for c in codes]
    now = timezone.now()
    snapshot.store("sufficiency", {"supply": supply, "charts": {}}, now, timezone.localdate(), 0)
    region = LocalAuthority.objects.get(code="E10000016").region
    table = fig.supply_and_demand(snapshot.latest(), regional_scope(region))
    hidden = [r["area_key"] for r in table.rows if "households" in r["suppressed"]]
    assert len(hidden) == 2 and "la:E10000016" in hidden
    (other,) = [k for k in hidden if k != "la:E10000016"]
    region_row = next(r for r in table.rows if r["area_key"] == "region:E12000008")
    assert region_row["households"] == 3 + 10 * (len(codes) - 1)

    analysts = Organisation.objects.create(name="South East analysts", kind="regional", region_id="E12000008")
    client.force_login(analyst(organisation=analysts))
    payload = client.get(f"/api/sufficiency/supply?area={other}").json()
    (row,) = payload["tables"][0]["rows"]
    assert row["households"] is None and "households" in row["suppressed"]
