"""simulate_matching and optimise_referrals on a small data set: the comparison table with
the three policies, a chart file, and proposals that never place anyone."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from fostering.children.tests.factories import ChildFactory
from fostering.placements.models import Placement
from fostering.referrals.tests.factories import ReferralFactory
from fostering.register.tests.factories import HouseholdFactory
from fostering.vacancies.models import Hold

pytestmark = pytest.mark.django_db


def small_world():
    for postcode in ("ME14 1AA", "ME4 4TR", "CT1 2EH", "TN1 1AA"):
        HouseholdFactory(postcode=postcode)
    ReferralFactory(max_distance_km=100)
    ReferralFactory(children=[ChildFactory(), ChildFactory()], max_distance_km=100)


def test_simulate_matching_prints_the_three_policies_and_writes_a_chart(tmp_path):
    small_world()
    out = StringIO()
    chart = tmp_path / "chart.png"
    call_command("simulate_matching", scale="small", database_reuse=True, chart=str(chart), stdout=out)
    text = out.getvalue()
    for label in ("In-house first", "Best candidate, one referral at a time", "Batch optimiser"):
        assert label in text
    for column in ("placed", "mean km", "p90 km", "in LA", "needs met", "siblings together", "IFA"):
        assert column in text
    assert "2 open referrals" in text and "3 children" in text
    assert chart.exists() and chart.stat().st_size > 1000
    assert not Placement.objects.exists() and not Hold.objects.exists()


def test_optimise_referrals_proposes_households_for_an_area_without_placing_anyone():
    small_world()
    out = StringIO()
    call_command("optimise_referrals", la="E10000016", stdout=out)
    assert "Proposed homes for 2 of 2 referrals" in out.getvalue()
    assert not Placement.objects.exists() and not Hold.objects.exists()
