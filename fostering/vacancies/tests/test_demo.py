"""The demo data set has the register's full detail at every scale: status histories,
transfers that keep their history, and a few active holds that respect the free places."""

from __future__ import annotations

import datetime as dt

import pytest

from fostering.core.demo import generate
from fostering.register.models import Approval, Household, HouseholdStatusChange, Transfer
from fostering.vacancies.models import Hold
from fostering.vacancies.tests.invariants import assert_place_invariants

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_small_demo_has_status_histories_transfers_and_active_holds():
    ctx = generate("small", 1, log=lambda *_: None, today=dt.date.today())
    ids = {h.pk for h in ctx.state["households"]}  # the register's households (other parts add more)
    with_history = set(HouseholdStatusChange.objects.order_by().values_list("household_id", flat=True).distinct())
    assert ids <= with_history
    assert Household.objects.filter(pk__in=ids).count() == len(ids)
    transfers = list(Transfer.objects.select_related("household"))
    assert len(transfers) >= 2
    for t in transfers:
        approvals = list(Approval.objects.filter(household=t.household).order_by("approved_on", "id"))
        assert approvals[-2].fostering_service_id == t.from_service_id and approvals[-2].ended_on == t.transferred_on
        assert approvals[-1].fostering_service_id == t.to_service_id and approvals[-1].ended_on is None
    active = list(Hold.objects.active().select_related("household"))
    assert len(active) >= 4
    assert any(h.referral_id for h in active) and any(h.officer_reference for h in active)
    assert_place_invariants(*{h.household for h in active})
