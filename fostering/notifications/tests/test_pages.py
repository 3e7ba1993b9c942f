"""The in-app list: every signed-in user sees their own notifications with the unread count
in the header, opens one to go to its page (and it is read), and chooses immediate e-mails
or the daily digest."""

from __future__ import annotations

import pytest
from django.test import Client

from fostering.accounts.tests.factories import fostering_team, placement_officer
from fostering.notifications.models import Delivery, Event, NotificationPreference
from fostering.notifications.services import notify

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_a_user_sees_their_notifications_and_the_unread_count_and_opening_one_reads_it_and_goes_to_its_page():
    team, other = fostering_team(), fostering_team()
    [n] = notify(Event.ENQUIRY_RECEIVED, [team], title="New enquiry about fostering: ENQ-1", body="Read it.", url="/fostering/enquiries/")
    notify(Event.ENQUIRY_RECEIVED, [other], title="Someone else's", body="Not yours.", url="/fostering/enquiries/")
    c = signed_in(team)

    page = c.get("/notifications/").content.decode()
    assert "New enquiry about fostering: ENQ-1" in page and "Someone else's" not in page
    assert 'data-testid="notifications-link">Notifications <strong class="govuk-tag govuk-tag--blue nfr-unread">1' in page

    opened = c.get(f"/notifications/{n.pk}/open/")
    assert opened.status_code == 302 and opened["Location"] == "/fostering/enquiries/"
    n.refresh_from_db()
    assert n.read_at is not None
    assert "nfr-unread" not in c.get("/notifications/").content.decode()
    # Another user's notification is not found, and stays unread.
    theirs = other.notifications.get()
    assert c.get(f"/notifications/{theirs.pk}/open/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_as_read():
    officer = placement_officer()
    for i in range(3):
        notify(Event.HOLD_EXPIRING, [officer], title=f"Hold {i}", body="Ends soon.", url="/vacancies/holds/")
    c = signed_in(officer)
    response = c.post("/notifications/read-all/", follow=True)
    assert "3 notifications marked as read." in response.content.decode()
    assert not officer.notifications.filter(read_at__isnull=True).exists()


def test_a_user_chooses_the_daily_digest_and_a_missing_choice_is_explained():
    officer = placement_officer()
    c = signed_in(officer)
    assert 'value="immediate" checked' in c.get("/notifications/preferences/").content.decode()

    refused = c.post("/notifications/preferences/", {})
    assert "Choose how you would like to get e-mails" in refused.content.decode()

    c.post("/notifications/preferences/", {"delivery": "digest"})
    assert NotificationPreference.objects.get(user=officer).delivery == Delivery.DIGEST
    [n] = notify(Event.HOLD_EXPIRING, [officer], title="Hold", body="Ends soon.", url="/vacancies/holds/")
    assert n.delivery == Delivery.DIGEST
    assert "You get one e-mail a day" in c.get("/notifications/").content.decode()


def test_signed_out_visitors_are_sent_to_sign_in():
    assert Client().get("/notifications/").status_code == 302
