"""Referrals: made from the latest needs profile, for one child or a sibling group, moved
through draft → open → matched → placed or withdrawn with timestamps, the document
strengths first, and scoped to the referring authority."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fostering.accounts.models import AuditEvent
from fostering.accounts.tests.factories import analyst, placement_officer
from fostering.children.models import SiblingGroup
from fostering.children.tests.factories import ChildFactory, NeedsProfileFactory
from fostering.geography.models import LocalAuthority
from fostering.organisations.tests.factories import LocalAuthorityOrganisationFactory
from fostering.referrals import selectors, services
from fostering.referrals.models import Referral

pytestmark = pytest.mark.django_db
S = Referral.Status
SOON = dt.date.today() + dt.timedelta(days=7)


def officer_of(code="E10000016"):
    return placement_officer(
        organisation=LocalAuthorityOrganisationFactory(local_authority=LocalAuthority.objects.get(code=code))
    )


def siblings(n=2):
    group = SiblingGroup.objects.create(name="Family")
    return [ChildFactory(sibling_group=group, first_name=f"Kid{i}") for i in range(n)]


def test_a_referral_for_one_child_snapshots_the_latest_needs_profile():
    child = ChildFactory(needs={"emotional": 2})
    newest = NeedsProfileFactory(child=child, assessed_on=dt.date.today(), levels={"emotional": 3})
    referral = services.create_referral(officer_of(), [child], placement_type="long_term", wanted_start=SOON)
    entry = referral.referral_children.get()
    assert entry.needs_profile == newest
    assert referral.status == S.DRAFT and referral.opened_at is None
    NeedsProfileFactory(child=child, assessed_on=dt.date.today(), levels={"emotional": 0})
    entry.refresh_from_db()
    assert entry.needs_profile == newest  # the snapshot does not move with later assessments


def test_siblings_referred_apart_each_need_a_reason():
    a, b = siblings()
    officer = officer_of()
    with pytest.raises(ValidationError, match="reason"):
        services.create_referral(
            officer, [a, b], placement_type="long_term", wanted_start=SOON, siblings_together=False,
            apart_reasons={a.pk: "Needs one-to-one care"},
        )  # fmt: skip
    referral = services.create_referral(
        officer, [a, b], placement_type="long_term", wanted_start=SOON, siblings_together=False,
        apart_reasons={a.pk: "Needs one-to-one care", b.pk: "Wants to stay near school"},
    )  # fmt: skip
    assert sorted(referral.referral_children.values_list("apart_reason", flat=True)) == [
        "Needs one-to-one care", "Wants to stay near school",
    ]  # fmt: skip


def test_only_brothers_and_sisters_can_share_a_referral():
    with pytest.raises(ValidationError, match="sibling group"):
        services.create_referral(
            officer_of(), [ChildFactory(), ChildFactory()], placement_type="long_term", wanted_start=SOON
        )


def test_a_child_without_a_needs_profile_cannot_be_referred():
    with pytest.raises(ValidationError, match="needs profile"):
        services.create_referral(
            officer_of(), [ChildFactory(needs=False)], placement_type="long_term", wanted_start=SOON
        )


def test_another_authority_cannot_refer_the_child():
    from fostering.children.models import Child

    with pytest.raises(Child.DoesNotExist):
        services.create_referral(
            officer_of("E06000035"), [ChildFactory()], placement_type="long_term", wanted_start=SOON
        )


def test_the_lifecycle_stamps_each_step_and_measures_time_open():
    officer = officer_of()
    referral = services.create_referral(officer, [ChildFactory()], placement_type="short_term", wanted_start=SOON)
    t0 = timezone.now()
    services.transition(officer, referral, S.OPEN, now=t0)
    referral = services.transition(officer, referral, S.MATCHED, now=t0 + dt.timedelta(days=3))
    referral = services.transition(officer, referral, S.PLACED, now=t0 + dt.timedelta(days=5))
    assert referral.status == S.PLACED
    assert referral.opened_at == t0 and referral.placed_at == t0 + dt.timedelta(days=5)
    assert services.time_open(referral) == dt.timedelta(days=3)
    with pytest.raises(ValidationError):
        services.transition(officer, referral, S.OPEN)


def test_withdrawing_needs_a_reason_and_stops_the_clock():
    officer = officer_of()
    referral = services.create_referral(
        officer,
        [ChildFactory()],
        placement_type="emergency",
        urgency="today",
        wanted_start=dt.date.today(),
        open_now=True,
    )
    with pytest.raises(ValidationError):
        services.withdraw(officer, referral, "")
    referral = services.withdraw(officer, referral, "Returned home to family")
    assert referral.status == S.WITHDRAWN and referral.withdrawn_at is not None
    assert services.time_open(referral) == referral.withdrawn_at - referral.opened_at
    with pytest.raises(ValidationError):
        services.mark_matched(officer, referral)


def test_a_draft_cannot_be_placed_and_other_authorities_cannot_move_it():
    officer = officer_of()
    referral = services.create_referral(officer, [ChildFactory()], placement_type="short_term", wanted_start=SOON)
    with pytest.raises(ValidationError):
        services.mark_placed(officer, referral)
    with pytest.raises(PermissionDenied):
        services.open_referral(officer_of("E06000035"), referral)


def test_reading_a_referral_is_scoped_and_audits_each_childs_record():
    a, b = siblings()
    officer = officer_of()
    referral = services.create_referral(officer, [a, b], placement_type="long_term", wanted_start=SOON)
    assert selectors.get_referral(officer, referral.pk) == referral
    read = set(
        AuditEvent.objects.filter(action="read", object_type="children.child").values_list("object_id", flat=True)
    )
    assert read == {str(a.pk), str(b.pk)}
    with pytest.raises(Referral.DoesNotExist):
        selectors.get_referral(officer_of("E06000035"), referral.pk)
    assert not selectors.referrals_for(analyst()).exists()
    assert list(selectors.referrals_for(officer)) == [referral]


def test_the_document_puts_strengths_and_voice_before_needs_written_for_carers():
    child = ChildFactory(needs={"behaviour": 3})
    referral = services.create_referral(officer_of(), [child], placement_type="long_term", wanted_start=SOON)
    doc = selectors.referral_document(referral)
    entry = doc["children"][0]
    assert entry["strengths"] and entry["needs"][0]["domain"] == "behaviour"
    assert entry["needs"][0]["from_carers"] == "patient, consistent boundaries"
    assert list(entry).index("strengths") < list(entry).index("voice") < list(entry).index("needs")


def test_time_open_is_summarised_for_the_authority():
    officer = officer_of()
    t0 = timezone.now() - dt.timedelta(days=20)
    for days in (2, 4, 9):
        r = services.create_referral(officer, [ChildFactory()], placement_type="short_term", wanted_start=SOON)
        services.transition(officer, r, S.OPEN, now=t0)
        services.transition(officer, r, S.MATCHED, now=t0 + dt.timedelta(days=days))
    services.create_referral(officer, [ChildFactory()], placement_type="short_term", wanted_start=SOON, open_now=True)
    summary = selectors.time_open_summary(officer)
    assert summary == {"open_now": 1, "closed": 3, "median_days": 4.0, "longest_days": 9.0}
    assert selectors.time_open_summary(officer_of("E06000035"))["closed"] == 0
