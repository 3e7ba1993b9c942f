"""The matching workflow at the service layer: shortlist → hold → share → offer/decline →
accept → placement, with every step on the referral's timeline."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from fostering.accounts.tests.factories import placement_officer
from fostering.children.tests.factories import ChildFactory
from fostering.geography.models import LocalAuthority
from fostering.matching import features, services
from fostering.matching.models import MatchDecision, Offer, ReferralShare
from fostering.organisations.tests.factories import LocalAuthorityOrganisationFactory
from fostering.placements.models import Placement
from fostering.referrals.models import Referral
from fostering.referrals.tests.factories import ReferralFactory
from fostering.vacancies.models import Hold

from .factories import scene

pytestmark = pytest.mark.django_db


def test_household_features_are_built_from_the_register_with_holds_counted():
    s = scene()
    services.hold_households(s.officer, s.referral, [s.far.pk])
    f = features.household_features()
    row = int(f.index_of([s.far.pk])[0])
    assert f.active_and_approved[row]
    assert f.free_places[row] == 1  # 2 approved places, 1 held
    assert f.held_places[row] == 1
    assert f.is_ifa[row]
    assert list(f.capability[row]) == [1] * 10
    ref = features.referral_input(s.referral)
    assert ref.children[0].age == 9 or ref.children[0].age == 8
    assert ref.held_places == {s.far.pk: 1}
    assert ref.max_distance_km == 80


def test_cached_features_are_rebuilt_when_a_hold_is_placed():
    s = scene()
    before = features.cached_features()
    services.hold_households(s.officer, s.referral, [s.near.pk])
    after = features.cached_features()
    assert after is not before
    assert after.free_places[int(after.index_of([s.near.pk])[0])] == 1


def test_officer_sees_nearest_capable_household_first_with_components_and_why_not_counts():
    s = scene()
    result = services.shortlist_for(s.officer, s.referral, limit=10)
    ids = [c["household_id"] for c in result.candidates]
    assert ids == [s.near.pk, s.far.pk]
    top = result.candidates[0]
    assert set(top["components"]) == {
        "needs_met",
        "distance",
        "identity",
        "household_fit",
        "carer_preferences",
        "experience",
    }
    assert abs(sum(top["components"].values()) - top["score"]) < 0.1
    assert top["distance_km"] < result.candidates[1]["distance_km"]
    assert {w["rule"] for w in result.why_not} >= {"active_approved", "distance", "free_places"}


def test_distance_limit_excludes_far_households_and_counts_them():
    s = scene(max_distance_km=5)
    result = services.shortlist_for(s.officer, s.referral)
    assert [c["household_id"] for c in result.candidates] == [s.near.pk]
    assert next(w for w in result.why_not if w["rule"] == "distance")["excluded"] >= 1


def test_filters_narrow_the_shortlist():
    s = scene()
    assert services.shortlist_for(s.officer, s.referral, filters=services.Filters(provider="la")).candidates == []
    near_only = services.shortlist_for(s.officer, s.referral, filters=services.Filters(max_distance_km=5))
    assert [c["household_id"] for c in near_only.candidates] == [s.near.pk]


def test_another_authoritys_officer_cannot_see_the_shortlist():
    s = scene()
    other = placement_officer(organisation=LocalAuthorityOrganisationFactory(
        local_authority=LocalAuthority.objects.get(code="E06000035")))  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.shortlist_for(other, s.referral)


def test_full_path_from_hold_to_placement_releases_other_holds_and_rejects_other_offers():
    s = scene()
    services.hold_households(s.officer, s.referral, [s.near.pk, s.far.pk])
    shares = services.share(s.officer, s.referral)
    assert len(shares) == 2
    share_near = ReferralShare.objects.get(referral=s.referral, fostering_service=s.near.fostering_service)
    share_far = ReferralShare.objects.get(referral=s.referral, fostering_service=s.far.fostering_service)
    offer = services.respond(
        s.team_near, share_near.pk, household_id=s.near.pk, offer=True, reason="We know the school."
    )
    other = services.respond(s.team_far, share_far.pk, household_id=None, offer=True, reason="")
    placements = services.accept(s.officer, s.referral, offer.pk, reason="Close to school; meets every need.")
    assert [p.household_id for p in placements] == [s.near.pk]
    assert Placement.objects.filter(child__referral_entries__referral=s.referral, household=s.near).exists()
    assert not Hold.objects.filter(referral=s.referral).active().exists()
    assert Hold.objects.get(referral=s.referral, household=s.far).released_at is not None
    other.refresh_from_db()
    assert other.status == Offer.Status.REJECTED
    s.referral.refresh_from_db()
    assert s.referral.status == Referral.Status.PLACED
    kinds = list(services.timeline(s.referral).values_list("kind", flat=True))
    assert kinds[:2] == ["hold", "hold"]
    for kind in ("share", "offer", "accept", "placed", "release", "reject"):
        assert kind in kinds
    accepted = MatchDecision.objects.get(referral=s.referral, kind="accept")
    assert accepted.made_by == s.officer and "school" in accepted.reason


def test_declining_needs_a_reason_and_only_the_shared_service_may_answer():
    s = scene()
    services.hold_households(s.officer, s.referral, [s.near.pk])
    services.share(s.officer, s.referral)
    share_near = ReferralShare.objects.get(referral=s.referral)
    with pytest.raises(ValidationError):
        services.respond(s.team_near, share_near.pk, household_id=s.near.pk, offer=False, reason=" ")
    with pytest.raises(ReferralShare.DoesNotExist):
        services.respond(s.team_far, share_near.pk, household_id=s.near.pk, offer=True, reason="")
    declined = services.respond(s.team_near, share_near.pk, household_id=s.near.pk, offer=False, reason="Full soon.")
    assert declined.status == Offer.Status.DECLINED
    with pytest.raises(ValidationError):
        services.accept(s.officer, s.referral, declined.pk, reason="x")


def test_accepting_needs_a_reason_and_sharing_needs_a_hold():
    s = scene()
    with pytest.raises(ValidationError):
        services.share(s.officer, s.referral)
    services.hold_households(s.officer, s.referral, [s.near.pk])
    services.share(s.officer, s.referral)
    offer = services.respond(s.team_near, ReferralShare.objects.get().pk, household_id=None, offer=True, reason="")
    with pytest.raises(ValidationError):
        services.accept(s.officer, s.referral, offer.pk, reason="")


def test_an_officer_may_hold_at_most_the_configured_number_of_households(settings):
    settings.MATCHING_MAX_HOLDS = 1
    s = scene()
    with pytest.raises(ValidationError):
        services.hold_households(s.officer, s.referral, [s.near.pk, s.far.pk])
    assert not Hold.objects.exists()


def test_overdue_shares_get_a_reminder_once_a_day():
    s = scene()
    services.hold_households(s.officer, s.referral, [s.near.pk])
    services.share(s.officer, s.referral, respond_hours=1)
    later = timezone.now() + dt.timedelta(hours=2)
    out = StringIO()
    call_command("send_match_reminders", stdout=out, now=later.isoformat())
    assert s.referral.reference in out.getvalue()
    share = ReferralShare.objects.get()
    assert share.overdue_at is not None and share.reminders.count() == 1
    assert services.send_reminders(later + dt.timedelta(hours=1)) == []
    assert len(services.send_reminders(later + dt.timedelta(hours=25))) == 1
    assert MatchDecision.objects.filter(kind="reminder").count() == 2


def test_carer_sees_eligible_referrals_and_can_express_interest_once():
    s = scene()
    found = services.eligible_referrals_for_carer(s.carer)
    assert [r.pk for r, _ in found] == [s.referral.pk]
    services.express_interest(s.carer, s.referral.pk, "We live near the school.")
    with pytest.raises(ValidationError):
        services.express_interest(s.carer, s.referral.pk)
    assert [i.household_id for i in services.interests_for(s.referral)] == [s.near.pk]


def test_carer_is_not_shown_referrals_their_household_cannot_take():
    s = scene()
    s.near.approvals.update(age_max=4)
    assert services.eligible_referrals_for_carer(s.carer) == []
    with pytest.raises(Referral.DoesNotExist):
        services.express_interest(s.carer, s.referral.pk)


def test_sibling_group_living_apart_is_shortlisted_one_child_at_a_time():
    officer = placement_officer()
    a, b = ChildFactory(), ChildFactory()
    referral = ReferralFactory(children=[a, b], siblings_together=False)
    from fostering.register.tests.factories import HouseholdFactory

    HouseholdFactory(postcode="ME14 1AA", beds_for_fostering=1)
    result = services.shortlist_for(officer, referral)
    assert result.apart and len(result.candidates) == 1
    assert np.isfinite(result.candidates[0]["score"])


def test_writes_made_without_signals_are_seen_at_the_next_full_check(monkeypatch):
    """Another process's bulk write changes a row count: caught by the full fingerprint."""
    from fostering.register.models import Capability

    s = scene()
    first = features.cached_features()
    Capability.objects.filter(household=s.near).update(emotional=3)  # as another process would: no signal
    assert features.cached_features() is first  # within FULL_CHECK_SECONDS the quick check is trusted
    monkeypatch.setattr(features, "FULL_CHECK_SECONDS", 0.0)
    Capability.objects.bulk_create([Capability(household=s.far, source=Capability.Source.CARERS)])  # no signal
    rebuilt = features.cached_features()
    assert rebuilt is not first
    assert rebuilt.capability[int(rebuilt.index_of([s.near.pk])[0])][0] == 3
