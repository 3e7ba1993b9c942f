"""Every notification event, raised by the service that makes the change or by the job that
notices the time, reaches the right people by e-mail (a real SMTP server) and in the list;
each message says what happened and links to the page, and none names a child or a carer,
or gives a date of birth, an address or a postcode."""

from __future__ import annotations

import datetime as dt

import pytest

from fostering.accounts.tests.factories import fostering_team
from fostering.enquiries import services as enquiries
from fostering.enquiries.tests.factories import answers
from fostering.geography.services import geocode
from fostering.matching import services as matching
from fostering.matching.tests.factories import CHILD_DOB, CHILD_FIRST, CHILD_LAST, scene
from fostering.notifications import events
from fostering.notifications.models import Event, FreshnessNotice, Notification
from fostering.organisations.tests.factories import LaFosteringServiceFactory
from fostering.support import allegations
from fostering.support.tests.factories import PlacementFactory
from fostering.vacancies.services import confirm_availability

pytestmark = pytest.mark.django_db

ENQUIRER = {"first_name": "Marigold", "last_name": "Thistlewood", "phone": "07700900123", "email": "marigold@example.org"}


def personal_details(s) -> list[str]:
    child = s.referral.referral_children.get().child
    carers = [c for h in (s.near, s.far) for c in h.carers.all()]
    return [
        CHILD_FIRST, CHILD_LAST, CHILD_DOB.strftime("%d/%m/%Y"), CHILD_DOB.isoformat(), child.home_postcode,
        child.school_postcode, *(c.first_name for c in carers), *(c.last_name for c in carers),
        s.near.address_line_1, s.far.address_line_1, s.near.postcode, s.far.postcode,
        ENQUIRER["first_name"], ENQUIRER["last_name"], ENQUIRER["phone"], "ME14 1AA",
    ]  # fmt: skip


def test_every_event_tells_the_right_people_what_happened_with_a_link_and_no_personal_details(
    smtp_server, django_capture_on_commit_callbacks, clock
):
    s = scene()
    officer, near, far = s.officer, s.near, s.far
    with django_capture_on_commit_callbacks(execute=True):
        # Shared with the near household's service, which offers; shared with the far one on a
        # one-hour deadline, which it lets pass.
        matching.hold_households(officer, s.referral, [near.pk, far.pk])
        shares = {sh.fostering_service_id: sh for sh in matching.share(officer, s.referral, respond_hours=1)}
        assert events.reply_deadlines_near(clock.now) == 2
        matching.respond(s.team_near, shares[near.fostering_service_id].pk, household_id=near.pk, offer=True, reason="")
        matching.send_reminders(clock.now + dt.timedelta(hours=2))
        # The holds run out in 48 hours: the officer is warned six hours before.
        assert events.holds_expiring(clock.now + dt.timedelta(hours=43)) == 2
        # Nobody ever confirmed the far household's availability: red for its service (the near one
        # confirmed today, and stays fresh).
        confirm_availability(s.team_near, near, clock.now)
        assert events.vacancies_turned_stale(clock.now) == 1
        # Someone enquires with the council's service; a child placed with the near household is
        # then the subject of an allegation there.
        council = LaFosteringServiceFactory()
        council_team = fostering_team(organisation=council.organisation)
        offered = [o.id for o in enquiries.services_near(geocode("ME14 1AA")) if o.is_council]
        enquiry = enquiries.submit_enquiry(answers(**ENQUIRER), offered, let_council_decide=False)
        PlacementFactory(child=s.referral.referral_children.get().child, household=near)
        allegations.open_allegation(
            s.team_near, near, received_on=clock.today, category="physical", summary="", investigating_officer="LADO",
            independent_support_offered=True, independent_support_worker="Fosterline",
        )  # fmt: skip

    told = {(n.recipient_id, n.event) for n in Notification.objects.all()}
    assert told >= {
        (s.team_near.pk, Event.REFERRAL_SHARED), (s.team_far.pk, Event.REFERRAL_SHARED),
        (s.team_near.pk, Event.REPLY_DEADLINE_NEAR), (s.team_far.pk, Event.REPLY_DEADLINE_NEAR),
        (officer.pk, Event.OFFER_RECEIVED),
        (s.team_far.pk, Event.REPLY_DEADLINE_PASSED), (officer.pk, Event.REPLY_DEADLINE_PASSED),
        (officer.pk, Event.HOLD_EXPIRING),
        (s.team_far.pk, Event.VACANCY_RED),
        (council_team.pk, Event.ENQUIRY_RECEIVED),
        (officer.pk, Event.ALLEGATION_RECORDED),
    }  # fmt: skip
    # The near service answered, so it is not reminded; its carers' vacancy is fresh.
    assert (s.team_near.pk, Event.REPLY_DEADLINE_PASSED) not in told
    assert not Notification.objects.filter(recipient=s.carer, event__in=[Event.VACANCY_AMBER, Event.VACANCY_RED])
    # Every notification went by e-mail, and the enquirer was thanked.
    assert len(smtp_server.messages) == Notification.objects.count() + 1
    [thanks] = smtp_server.to(ENQUIRER["email"])
    assert thanks.subject == f"Your enquiry about fostering: {enquiry.reference}"
    assert f"Your enquiry reference is {enquiry.reference}" in thanks.body and council.name in thanks.body
    never = personal_details(s)
    for mail in smtp_server.messages:
        text = mail.message.as_string()
        leaked = [p for p in never if p in text]
        assert not leaked, f"{mail.subject!r} gives {leaked}"
        assert "http://testserver/" in mail.body
    [allegation_mail] = [m for m in smtp_server.to(officer.email) if m.subject.startswith("Allegation recorded")]
    child = s.referral.referral_children.get().child
    assert f"http://testserver/children/{child.pk}/" in allegation_mail.body
    assert f"household {near.reference}" in allegation_mail.body


def test_jobs_that_run_hourly_tell_each_thing_once(clock):
    s = scene()
    matching.hold_households(s.officer, s.referral, [s.near.pk])
    matching.share(s.officer, s.referral, respond_hours=2)
    assert events.reply_deadlines_near(clock.now) == 1
    assert events.reply_deadlines_near(clock.now + dt.timedelta(hours=1)) == 0
    assert events.holds_expiring(clock.now + dt.timedelta(hours=45)) == 1
    assert events.holds_expiring(clock.now + dt.timedelta(hours=46)) == 0
    # A vacancy turns red once; confirmed, it is fresh; a week later it turns amber and is told again.
    assert events.vacancies_turned_stale(clock.now) == 2
    assert events.vacancies_turned_stale(clock.now) == 0
    confirm_availability(s.team_near, s.near, clock.now)
    later = clock.now + dt.timedelta(days=8)
    assert events.vacancies_turned_stale(later) == 1
    assert FreshnessNotice.objects.get(household=s.near).freshness == "amber"
    carer_notes = Notification.objects.filter(recipient=s.carer).order_by("created_at")
    assert [n.event for n in carer_notes] == [Event.VACANCY_RED, Event.VACANCY_AMBER]
    assert carer_notes[1].url == "/vacancies/my-availability/"
