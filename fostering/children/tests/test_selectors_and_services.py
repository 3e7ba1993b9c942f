"""Children's records: scoped to the child's authority, every read audited, needs
profiles versioned, cohort counts per month."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fostering.accounts.models import AuditEvent
from fostering.accounts.tests.factories import analyst, commissioner, placement_officer
from fostering.children import selectors, services
from fostering.children.models import Child, NeedsProfile
from fostering.children.tests.factories import ChildFactory, NeedsProfileFactory
from fostering.core.needs import DOMAIN_CODES
from fostering.geography.models import LocalAuthority
from fostering.organisations.tests.factories import LocalAuthorityOrganisationFactory

pytestmark = pytest.mark.django_db


def kent_officer():
    return placement_officer(
        organisation=LocalAuthorityOrganisationFactory(local_authority=LocalAuthority.objects.get(code="E10000016"))
    )


def medway_officer():
    return placement_officer(
        organisation=LocalAuthorityOrganisationFactory(local_authority=LocalAuthority.objects.get(code="E06000035"))
    )


def test_an_officer_reads_their_own_childs_record_and_the_read_is_audited():
    officer = kent_officer()
    child = ChildFactory()
    assert selectors.get_child(officer, child.pk) == child
    event = AuditEvent.objects.get(object_type="children.child", object_id=str(child.pk))
    assert event.action == "read" and event.username == officer.username


def test_another_authoritys_officer_cannot_tell_the_child_exists():
    child = ChildFactory()
    with pytest.raises(Child.DoesNotExist):
        selectors.get_child(medway_officer(), child.pk)
    assert not AuditEvent.objects.filter(object_id=str(child.pk)).exists()


def test_an_analyst_sees_no_children_at_all():
    ChildFactory()
    assert not selectors.children_for(analyst()).exists()
    with pytest.raises(PermissionDenied):
        selectors.cohort_needs_by_month(analyst(), "E10000016")


def test_a_new_needs_profile_is_a_new_version_and_the_old_one_is_kept():
    officer = kent_officer()
    child = ChildFactory(needs={"emotional": 3})
    first = child.needs_profiles.get()
    services.create_needs_profile(
        officer, child, assessed_on=dt.date.today(),
        needs={d: 1 for d in DOMAIN_CODES} | {"emotional": 2}, strengths={d: 2 for d in DOMAIN_CODES},
        narratives={"emotional": "Settling well at school."},
    )  # fmt: skip
    assert child.needs_profiles.count() == 2
    first.refresh_from_db()
    assert first.need_emotional == 3
    latest = selectors.latest_profile(child)
    assert latest.need_emotional == 2 and latest.narratives == {"emotional": "Settling well at school."}
    _, profiles, series = selectors.needs_history(officer, child.pk)
    emotional = next(s for s in series if s.domain.code == "emotional")
    assert emotional.needs == [3, 2] and emotional.changed
    assert len(profiles) == 2


def test_a_needs_profile_must_rate_every_domain_and_not_be_in_the_future():
    officer = kent_officer()
    child = ChildFactory(needs=False)
    with pytest.raises(ValidationError):
        services.create_needs_profile(officer, child, assessed_on=dt.date.today(), needs={}, strengths={})
    with pytest.raises(ValidationError):
        services.create_needs_profile(
            officer, child, assessed_on=dt.date.today() + dt.timedelta(days=3),
            needs=dict.fromkeys(DOMAIN_CODES, 1), strengths=dict.fromkeys(DOMAIN_CODES, 1),
        )  # fmt: skip
    assert not NeedsProfile.objects.filter(child=child).exists()


def test_another_authority_cannot_write_a_needs_profile_for_the_child():
    child = ChildFactory(needs=False)
    with pytest.raises(Child.DoesNotExist):
        services.create_needs_profile(
            medway_officer(), child, assessed_on=dt.date.today(),
            needs=dict.fromkeys(DOMAIN_CODES, 1), strengths=dict.fromkeys(DOMAIN_CODES, 1),
        )  # fmt: skip


def test_cohort_counts_assessments_per_month_domain_and_level():
    kent = LocalAuthority.objects.get(code="E10000016")
    a, b = ChildFactory(needs=False, local_authority=kent), ChildFactory(needs=False, local_authority=kent)
    NeedsProfileFactory(child=a, assessed_on=dt.date(2025, 1, 10), levels={"behaviour": 3})
    NeedsProfileFactory(child=b, assessed_on=dt.date(2025, 1, 20), levels={"behaviour": 2})
    NeedsProfileFactory(child=a, assessed_on=dt.date(2025, 3, 5), levels={"behaviour": 2})
    other = ChildFactory(needs=False, local_authority=LocalAuthority.objects.get(code="E06000035"))
    NeedsProfileFactory(child=other, assessed_on=dt.date(2025, 1, 5), levels={"behaviour": 3})
    months = selectors.cohort_needs_by_month(kent_officer(), "E10000016")
    assert [m["month"] for m in months] == [dt.date(2025, 1, 1), dt.date(2025, 3, 1)]
    assert months[0]["profiles"] == 2
    assert months[0]["domains"]["behaviour"] == [0, 0, 1, 1]
    assert months[1]["domains"]["behaviour"] == [0, 0, 1, 0]
    assert months[0]["domains"]["emotional"] == [0, 2, 0, 0]
    assert selectors.cohort_needs_by_month(commissioner(), "E10000016") == months


def test_voice_and_important_people_are_saved_and_audited():
    officer = kent_officer()
    child = ChildFactory(voice=False)
    services.save_voice(officer, child, about_me="I love my dog.", wants_pets=True, faith_matters=2)
    assert child.voice.about_me == "I love my dog." and child.voice.wants_pets is True
    person = services.add_important_person(officer, child, name="Nan", relationship="Nan", postcode="me14 1aa")
    assert person.postcode == "ME14 1AA" and person.easting is not None
    with pytest.raises(ValidationError):
        services.add_important_person(officer, child, name="X", relationship="Friend", postcode="NOT A CODE")
    services.remove_important_person(officer, child, person.pk)
    assert not child.important_people.exists()
    actions = set(AuditEvent.objects.filter(detail=f"child {child.pk}").values_list("action", flat=True))
    assert actions == {"create", "delete"}
