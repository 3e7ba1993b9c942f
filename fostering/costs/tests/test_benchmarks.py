"""Cost benchmarks on hand-made placements, against figures worked out by hand.

Kent: LA carers at £400, £450, £500, £550 (standard, standard, enhanced, complex) and IFA
placements at £760 (framework, standard) and £800 and £840 (spot, standard and complex).
Medway: one LA placement at £480. Hand-worked: Kent LA mean £475, median £475, quartiles
(linear interpolation) £437.50 and £512.50; IFA mean £800; England (Kent + Medway) n = 8.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fostering.accounts.tests.factories import analyst, commissioner
from fostering.children.tests.factories import ChildFactory
from fostering.costs import benchmarks
from fostering.costs.models import PlacementCost
from fostering.costs.need_levels import need_level
from fostering.costs.tests.factories import FrameworkFactory, PlacementCostFactory, PriceScheduleFactory
from fostering.geography.models import LocalAuthority
from fostering.organisations.tests.factories import FosteringServiceFactory, LaFosteringServiceFactory
from fostering.placements.models import Placement
from fostering.sufficiency.tests import outputs

pytestmark = pytest.mark.django_db


def _placement(service, cost: str, level: int, route="in_house", framework=None, la="E10000016"):
    child = ChildFactory(local_authority=LocalAuthority.objects.get(code=la))
    p = Placement.objects.create(child=child, fostering_service=service, started_on=dt.date(2026, 1, 5), place="U6",
                                 weekly_cost=Decimal(cost))  # fmt: skip
    extra = {"agency_price": Decimal(cost)} if route != "in_house" else {"allowance": Decimal(cost) - 100, "fee": 100}
    return PlacementCostFactory(placement=p, weekly_total=Decimal(cost), need_level=level, route=route,
                                framework=framework, **extra)  # fmt: skip


@pytest.fixture
def world():
    la = LaFosteringServiceFactory()
    ifa = FosteringServiceFactory()
    medway = LaFosteringServiceFactory(organisation__local_authority=LocalAuthority.objects.get(code="E06000035"))
    fw = FrameworkFactory()
    fw.member_services.set([ifa])
    for cost, level in (("400", 1), ("450", 1), ("500", 2), ("550", 3)):
        _placement(la, cost, level)
    _placement(ifa, "760", 1, "framework", fw)
    _placement(ifa, "800", 1, "spot")
    _placement(ifa, "840", 3, "spot")
    _placement(medway, "480", 2, la="E06000035")
    PriceScheduleFactory(fostering_service=ifa, need_level=1, weekly_price=Decimal("800"))
    PriceScheduleFactory(fostering_service=ifa, framework=fw, need_level=1, weekly_price=Decimal("752"))
    return {"ifa": ifa, "framework": fw}


def _find(rows, **keys):
    (row,) = [r for r in rows if all(r.get(k) == v for k, v in keys.items())]
    return row


def test_benchmarks_give_mean_median_and_quartiles_by_area_and_provider(world):
    data = benchmarks.compute()
    kent_la = _find(data["provider"], area="la:E10000016", provider="la")
    assert (kent_la["n"], kent_la["mean"], kent_la["median"]) == (4, 475.0, 475.0)
    assert (kent_la["q1"], kent_la["q3"]) == (437.5, 512.5)
    kent_ifa = _find(data["provider"], area="la:E10000016", provider="ifa")
    assert (kent_ifa["n"], kent_ifa["mean"]) == (3, 800.0)
    england = _find(data["overall"], area="england")
    assert england["n"] == 8
    assert england["mean"] == pytest.approx((400 + 450 + 500 + 550 + 760 + 800 + 840 + 480) / 8)
    south_east = _find(data["overall"], area="region:E12000008")
    assert south_east["n"] == 8


def test_framework_is_compared_with_spot_within_a_need_level(world):
    data = benchmarks.compute()
    fw = _find(data["route_need"], area="la:E10000016", route="framework", need_level=1)
    spot = _find(data["route_need"], area="la:E10000016", route="spot", need_level=1)
    assert (fw["mean"], spot["mean"]) == (760.0, 800.0)
    assert not [r for r in data["route_need"] if r["route"] == "in_house"]  # IFA placements only


def test_cost_against_need_shows_what_each_level_costs_in_each_authority(world):
    data = benchmarks.compute()
    standard = _find(data["need"], area="la:E10000016", need_level=1)
    assert (standard["n"], standard["mean"]) == (4, 602.5)  # 400, 450, 760, 800
    complex_ = _find(data["provider_need"], area="la:E10000016", provider="ifa", need_level=3)
    assert complex_["mean"] == 840.0


def test_price_schedules_compare_spot_and_framework_prices(world):
    (row,) = [r for r in benchmarks.price_schedules() if r["service_id"] == world["ifa"].id]
    assert (row["spot_1"], row["framework_1"], row["frameworks"], row["placements"]) == (800.0, 752.0, 1, 3)


def test_need_level_rises_with_breadth_and_depth_of_need():
    assert need_level({"emotional": 1, "behaviour": 1}) == 1
    assert need_level({d: 1 for d in ("emotional", "behaviour", "health", "learning", "communication", "identity",
                                      "family", "independence", "risk_self")}) == 2  # fmt: skip
    assert need_level({"risk_others": 3}) == 3


def test_a_framework_purchase_must_name_its_framework(world):
    from django.db import IntegrityError, transaction

    p = Placement.objects.filter(cost__isnull=True).first() or Placement.objects.create(
        child=ChildFactory(), started_on=dt.date(2026, 1, 1), place="U4"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PlacementCost.objects.create(placement=p, route="framework", need_level=1, weekly_total=700)


def test_an_la_commissioner_sees_their_costs_beside_region_and_england(client, world):
    client.force_login(commissioner())
    tables = outputs.csv_tables(client.get("/costs/?format=csv").content.decode())
    by_area = next(t for t in tables if t["title"].startswith("Weekly cost of current"))
    kent = dict(zip(by_area["headers"], next(r for r in by_area["rows"] if r[0] == "Kent"), strict=True))
    assert kent["Placements"] == "7" and kent["Median"] == "550.0"
    assert {r[0] for r in by_area["rows"]} == {"Kent", "South East", "England"}


@pytest.mark.parametrize("fmt", ["html", "csv", "xlsx", "api"])
def test_no_count_below_five_or_cost_from_it_reaches_an_analyst(client, world, fmt):
    client.force_login(analyst())
    if fmt == "api":
        payload = client.get("/api/costs/benchmarks?area=la:E10000016").json()
        assert outputs.small_numbers_in_api(payload) == []
        fvs = next(t for t in payload["tables"] if t["key"] == "framework_vs_spot")
        assert all(r["framework_mean"] is None for r in fvs["rows"])  # 1 framework placement: hidden
        return
    url = "/costs/?area=la:E10000016" + (f"&format={fmt}" if fmt != "html" else "")
    response = client.get(url)
    assert response.status_code == 200
    if fmt == "html":
        tables = outputs.html_tables(response.content.decode())
    elif fmt == "csv":
        tables = outputs.csv_tables(response.content.decode())
    else:
        tables = outputs.xlsx_tables(response.content)
    assert outputs.small_numbers_in_tables(tables) == []
    provider = next(t for t in tables if "provider type" in t["title"] or "Provider" in t["headers"][:1])
    ifa = dict(
        zip(provider["headers"], next(r for r in provider["rows"] if r[0].startswith("Independent")), strict=True)
    )
    assert ifa["Mean weekly cost"] == "fewer than 5"  # 3 placements: their mean is hidden too


def test_cost_factories_build_valid_objects():
    for obj in (FrameworkFactory(), PriceScheduleFactory(), PlacementCostFactory()):
        obj.full_clean()
