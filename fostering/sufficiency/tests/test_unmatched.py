"""Referrals that found no suitable household, and the hard rule that ruled out most homes,
on a hand-made register with the answers worked out by hand.

Kent's register (all at ME14 1AA, nobody placed, every domain "with support" except
behaviour, which none of them can meet):
* K1, K2, K3 — 2 places each, ages 0–18;
* K4 — 4 places, ages 0–10.

Open referrals:
* A (Kent) — four brothers and sisters together, aged 12, 10, 8 and 6. Terms of approval rule
  out all four homes (K1–K3 take two children, K4 not a 12-year-old); free places rule out
  three (K4 has four). No home: the main reason is the terms of approval.
* B (Kent) — an 8-year-old with intensive behaviour needs: every home passes the terms and
  has room, but none can meet the need. No home: the main reason is capability.
* C (Kent) — an 8-year-old without intensive needs: four homes fit.
* D (Medway) — an 8-year-old who must stay within 5 km of home in Canterbury: every Kent
  home is about 35 km away. No home: the main reason is distance; counted for Medway.
* A draft referral like A is not counted.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from fostering.accounts.tests.factories import analyst, commissioner
from fostering.children.tests.factories import ChildFactory
from fostering.matching import engine
from fostering.organisations.tests.factories import LaFosteringServiceFactory
from fostering.referrals.models import Referral, ReferralChild
from fostering.register.tests.factories import HouseholdFactory
from fostering.sufficiency import unmatched
from fostering.sufficiency.periods import years_before
from fostering.sufficiency.tests import outputs

pytestmark = pytest.mark.django_db
KENT, MEDWAY = "E10000016", "E06000035"


def _household(service, places: int, age_max: int = 18):
    household = HouseholdFactory(fostering_service=service, beds_for_fostering=places, capability={"behaviour": 0})
    household.approvals.filter(ended_on__isnull=True).update(max_children=places, age_max=age_max)
    return household


def _referral(reference, children, la=KENT, status=Referral.Status.OPEN, **fields):
    fields = {"distance_from": Referral.DistanceFrom.ANY, "siblings_together": True, **fields}
    referral = Referral.objects.create(
        local_authority_id=la, reference=reference, status=status, placement_type="long_term",
        wanted_start=timezone.localdate(), **fields,
    )  # fmt: skip
    for child in children:
        ReferralChild.objects.create(referral=referral, child=child, needs_profile=child.needs_profiles.first())
    return referral


def _child(age: int, **kwargs):
    born = years_before(timezone.localdate(), age) - dt.timedelta(days=40)
    return ChildFactory(date_of_birth=born, **kwargs)


def build_register() -> None:
    service = LaFosteringServiceFactory()
    for _ in range(3):
        _household(service, 2)
    _household(service, 4, age_max=10)
    _referral("R-A", [_child(12), _child(10), _child(8), _child(6)])
    _referral("R-B", [_child(8, needs={"behaviour": 3})])
    _referral("R-C", [_child(8)])
    _referral(
        "R-D", [_child(8, home_postcode="CT1 2EH")], la=MEDWAY, distance_from=Referral.DistanceFrom.HOME,
        max_distance_km=5,
    )  # fmt: skip
    _referral("R-E", [_child(12), _child(10), _child(8), _child(6)], status=Referral.Status.DRAFT)


def _by_la(rows):
    return {r["la"]: r for r in rows}


def test_referrals_with_no_suitable_household_are_counted_with_the_rule_that_ruled_out_most_homes():
    build_register()
    rows = _by_la(unmatched.unmatched_by_authority(timezone.now()))
    kent, medway = rows[KENT], rows[MEDWAY]
    assert (kent["referrals_assessed"], kent["no_suitable_household"]) == (3, 2)  # A and B; C has four homes
    assert kent["rule_terms_cover"] == 1  # A: four siblings, terms rule out all 4 homes, free places only 3
    assert kent["rule_capability_for_intensive_needs"] == 1  # B
    assert kent["rule_free_places"] == 0 and kent["rule_distance"] == 0
    assert (medway["referrals_assessed"], medway["no_suitable_household"], medway["rule_distance"]) == (1, 1, 1)
    for row in rows.values():  # each referral with no home has exactly one main reason
        assert sum(row[f"rule_{c}"] for c in unmatched.RULE_REASONS) == row["no_suitable_household"]


def test_the_main_reason_is_counted_over_active_approved_households_only():
    build_register()
    # Five homes on hold that could meet B's behaviour needs: counted over the whole register
    # they would make "not active or approved" (5) outnumber capability (4) for B.
    service = LaFosteringServiceFactory()
    for _ in range(5):
        h = HouseholdFactory(fostering_service=service, capability={"behaviour": 2})
        h.status = "on_hold"
        h.save()
    rows = _by_la(unmatched.unmatched_by_authority(timezone.now()))
    assert rows[KENT]["rule_capability_for_intensive_needs"] == 1
    assert rows[KENT]["rule_active_approved"] == 0
    assert rows[KENT]["no_suitable_household"] == 2


def test_brothers_and_sisters_placed_apart_need_a_home_each():
    build_register()
    # F: three to live apart, aged 12, 8 and 8 — each has homes (together, no home takes
    # three children including a 12-year-old). G: two apart, one with intensive behaviour
    # needs that no home can meet, so G found no suitable household.
    _referral("R-F", [_child(12), _child(8), _child(8)], siblings_together=False)
    _referral("R-G", [_child(8), _child(8, needs={"behaviour": 3})], siblings_together=False)
    kent = _by_la(unmatched.unmatched_by_authority(timezone.now()))[KENT]
    assert (kent["referrals_assessed"], kent["no_suitable_household"]) == (5, 3)  # A, B and G
    assert kent["rule_capability_for_intensive_needs"] == 2  # B and G
    assert kent["rule_terms_cover"] == 1  # A only, not F


def test_when_no_household_is_approved_at_all_that_is_the_reason():
    counts = engine.RuleCounts(total=0, excluded_by=dict.fromkeys(engine.RULE_CODES, 0), excluded=0, eligible=0)
    assert unmatched.dominant_rule(counts) == "active_approved"
    tie = engine.RuleCounts(total=3, excluded_by={**dict.fromkeys(engine.RULE_CODES, 0), "terms_cover": 3,
                                                   "free_places": 3}, excluded=3, eligible=0)  # fmt: skip
    assert unmatched.dominant_rule(tie) == "terms_cover"  # ties go to the engine's rule order


def test_every_hard_rule_of_the_engine_has_a_plain_english_reason():
    assert set(unmatched.RULE_REASONS) == set(engine.RULE_CODES)
    assert set(unmatched.RULE_SHORT) == set(engine.RULE_CODES)


def _csv(client, url):
    return outputs.csv_tables(client.get(url).content.decode())


def _row(tables, title_part, first_cell):
    table = next(t for t in tables if title_part in t["title"])
    return dict(zip(table["headers"], next(r for r in table["rows"] if r[0] == first_cell), strict=False))


def test_kents_commissioner_sees_its_unmatched_referrals_and_reasons_in_full_on_page_download_and_api(client):
    build_register()
    call_command("refresh_sufficiency", stdout=io.StringIO())
    client.force_login(commissioner())
    page = client.get("/sufficiency/").content.decode()
    assert "Referrals that found no suitable household" in page
    tables = outputs.html_tables(page)
    reasons = _row(tables, "Why open referrals found no suitable household", unmatched.RULE_REASONS["terms_cover"])
    assert reasons["Referrals with no suitable household"] == "1"
    kent = _row(_csv(client, "/sufficiency/?format=csv"), "Referrals that found no suitable household", "Kent")
    assert kent["Open referrals checked"] == "3"
    assert kent["Found no suitable household"] == "2"
    assert kent[f"Main reason: {unmatched.RULE_REASONS['capability_for_intensive_needs']}"] == "1"
    xlsx = outputs.xlsx_tables(client.get("/sufficiency/?format=xlsx").content)
    (sheet,) = [t for t in xlsx if "Found no suitable household" in t["headers"]]
    assert (
        dict(zip(sheet["headers"], next(r for r in sheet["rows"] if r[0] == "Kent"), strict=False))[
            "Found no suitable household"
        ]
        == "2"
    )
    payload = client.get("/api/sufficiency/unmatched-referrals?area=la:E10000016").json()
    (area_row,) = payload["tables"][0]["rows"]
    assert (area_row["no_suitable_household"], area_row["rule_terms_cover"], area_row["suppressed"]) == (2, 1, [])
    by_rule = {r["rule"]: r["referrals"] for r in payload["tables"][1]["rows"]}
    assert by_rule["capability_for_intensive_needs"] == 1 and by_rule["distance"] == 0  # Medway's is not Kent's


@pytest.mark.parametrize("fmt", ["html", "csv", "xlsx", "api"])
def test_an_analyst_sees_unmatched_referrals_only_as_fewer_than_five(client, fmt):
    build_register()
    call_command("refresh_sufficiency", stdout=io.StringIO())
    client.force_login(analyst())
    if fmt == "api":
        payload = client.get("/api/sufficiency/unmatched-referrals?area=la:E10000016").json()
        assert outputs.small_numbers_in_api(payload) == []
        (row,) = payload["tables"][0]["rows"]
        assert row["no_suitable_household"] is None and "no_suitable_household" in row["suppressed"]
        return
    response = client.get("/sufficiency/?area=la:E10000016" + ("" if fmt == "html" else f"&format={fmt}"))
    if fmt == "html":
        tables = outputs.html_tables(response.content.decode())
    elif fmt == "csv":
        tables = outputs.csv_tables(response.content.decode())
    else:
        tables = outputs.xlsx_tables(response.content)
    mine = [
        t for t in tables if {"Found no suitable household", "Referrals with no suitable household"} & set(t["headers"])
    ]
    assert len(mine) == 2, "both unmatched-referrals tables are in the output"
    assert outputs.small_numbers_in_tables(tables) == []
    (by_area,) = [t for t in mine if "Found no suitable household" in t["headers"]]
    kent = dict(zip(by_area["headers"], next(r for r in by_area["rows"] if r[0] == "Kent"), strict=False))
    assert kent["Found no suitable household"] == "fewer than 5"
