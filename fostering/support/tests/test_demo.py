"""The small demo holds what issue 9 asks to show: survey rounds whose figures show for
one authority and are suppressed for a small one, delegated authority for current
placements, allegations at every stage, networks of 6 to 10 satellites, and Staying Put
intentions."""

import datetime as dt

import pytest

from fostering.accounts.models import User
from fostering.core.demo import generate
from fostering.experience import results
from fostering.experience.models import SurveyResponse, SurveyRound
from fostering.geography.models import LocalAuthority
from fostering.placements.models import Placement
from fostering.register.models import HouseholdStatus
from fostering.support.models import (
    Allegation,
    AllegationOutcome,
    DelegatedAuthority,
    PeerNetwork,
    PeerNetworkHub,
    PeerNetworkMember,
    StayingPutIntention,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 1)


def test_the_small_demo_shows_every_part_of_issue_9():
    generate("small", 1, log=lambda *_: None, today=TODAY)
    rounds = list(SurveyRound.objects.order_by("opens_on"))
    assert len(rounds) == 3 and SurveyResponse.objects.count() > 100
    analyst = User.objects.get(username="analyst")
    kent, medway = LocalAuthority.objects.get(code="E10000016"), LocalAuthority.objects.get(code="E06000035")
    latest = results.benchmarks(analyst, kent, rounds[-1])
    assert all(r["la_share"] is not None for r in latest.rows)
    first_medway = results.benchmarks(analyst, medway, rounds[0])
    assert all("la_share" in r["suppressed"] for r in first_medway.rows)

    current = Placement.objects.current().foster().filter(household__isnull=False).count()
    assert DelegatedAuthority.objects.count() > 0.8 * current
    assert DelegatedAuthority.objects.filter(exceptions__isnull=False).exists()

    assert Allegation.objects.filter(concluded_on__isnull=True).exists()
    assert set(Allegation.objects.exclude(outcome="").values_list("outcome", flat=True)) == set(
        AllegationOutcome.values
    )
    for a in Allegation.objects.filter(concluded_on__isnull=True):
        assert a.household.status == HouseholdStatus.UNDER_INVESTIGATION

    networks = list(PeerNetwork.objects.all())
    assert networks and all(6 <= n.members.count() <= 10 for n in networks)
    assert PeerNetworkHub.objects.filter(until_on__isnull=True).count() == len(networks)
    assert PeerNetworkMember.objects.filter(left_on__isnull=False).exists()  # some satellites have since left
    assert StayingPutIntention.objects.values("intention").distinct().count() == 4
