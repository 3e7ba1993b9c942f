"""The small demo has matching at every stage: shares awaiting an answer, an offer and a
decline, an overdue share with a reminder, carers' interest, and timelines for each."""

from __future__ import annotations

import datetime as dt

import pytest

from fostering.core.demo import generate
from fostering.matching.models import Interest, MatchDecision, Offer, ReferralShare, Reminder
from fostering.vacancies.models import Hold
from fostering.vacancies.tests.invariants import assert_place_invariants

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_small_demo_has_shares_offers_declines_reminders_interest_and_timelines():
    ctx = generate("small", 1, log=lambda *_: None, today=dt.date.today())
    assert ReferralShare.objects.count() >= 3
    assert set(Offer.objects.values_list("status", flat=True)) == {"offered", "declined"}
    assert Offer.objects.get(status="declined").reason
    assert Reminder.objects.filter(share__overdue_at__isnull=False).exists()
    assert Interest.objects.count() >= 1
    held = list(Hold.objects.filter(referral__shares__isnull=False).active().select_related("household").distinct())
    assert held
    assert_place_invariants(*{h.household for h in held})
    for share in ReferralShare.objects.all():
        kinds = set(MatchDecision.objects.filter(referral=share.referral).values_list("kind", flat=True))
        assert {"hold", "share"} <= kinds
    team = ctx.state["users"]["fostering.team"]
    from fostering.matching import services

    assert services.inbox_for(team).exists()
