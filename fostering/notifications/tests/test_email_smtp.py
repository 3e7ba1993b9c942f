"""E-mail through a real SMTP server: the register tells a fostering service that a referral
was shared with it, and the message its team receives says what happened and links to it."""

from __future__ import annotations

import pytest
from django_q.models import Task

from fostering.matching import services as matching
from fostering.matching.tests.factories import CHILD_FIRST, CHILD_LAST, scene
from fostering.notifications.models import Delivery, Event, Notification, SentEmail
from fostering.notifications.services import set_delivery

pytestmark = pytest.mark.django_db


def test_sharing_a_referral_emails_the_fostering_team_of_the_service_through_smtp(
    smtp_server, django_capture_on_commit_callbacks
):
    s = scene()
    matching.hold_households(s.officer, s.referral, [s.near.pk])

    with django_capture_on_commit_callbacks(execute=True):
        [share] = matching.share(s.officer, s.referral)

    [mail] = smtp_server.to(s.team_near.email)
    service = s.near.fostering_service.name
    assert mail.subject == f"Referral {s.referral.reference} shared with {service}"
    assert f"has shared referral {s.referral.reference}" in mail.body
    assert f"http://testserver/matching/inbox/{share.pk}/" in mail.body
    assert "by " in mail.body and "offer a household or say why you are declining" in mail.body
    assert "http://testserver/notifications/preferences/" in mail.body
    for personal in (CHILD_FIRST, CHILD_LAST, s.referral.referral_children.get().child.date_of_birth.strftime("%d/%m/%Y")):
        assert personal not in mail.message.as_string()
    # Only the service holding a place is told; its notification is listed in-app and marked e-mailed.
    assert smtp_server.to(s.team_far.email) == []
    notification = Notification.objects.get(recipient=s.team_near)
    assert notification.event == Event.REFERRAL_SHARED and notification.read_at is None
    assert notification.emailed_at is not None
    assert SentEmail.objects.get(recipient=s.team_near).notifications.get() == notification
    # The e-mail went through the queue (in the test run the queue runs tasks at once).
    assert Task.objects.get(func="fostering.notifications.tasks.send_notification_email").success


def test_a_user_who_chose_the_daily_digest_gets_no_e_mail_until_the_digest_runs(
    smtp_server, django_capture_on_commit_callbacks
):
    from fostering.notifications.services import send_digests

    s = scene()
    set_delivery(s.team_near, Delivery.DIGEST)
    matching.hold_households(s.officer, s.referral, [s.near.pk])
    with django_capture_on_commit_callbacks(execute=True):
        matching.share(s.officer, s.referral)
    assert smtp_server.messages == []

    assert send_digests() == "Sent 1 daily digest."

    [mail] = smtp_server.to(s.team_near.email)
    assert mail.subject == "National Fostering Register: 1 notification"
    assert f"1. Referral {s.referral.reference} shared with" in mail.body
    assert "http://testserver/notifications/" in mail.body
    assert send_digests() == "Sent 0 daily digests."  # nothing is sent twice
