"""GOV.UK Notify as the e-mail backend (EMAIL_PROVIDER=notify): the official client sends each
message through the service's one template, to a local server speaking Notify's API; a refusal
makes the sending task fail (so the queue retries it) and nothing is marked sent."""

from __future__ import annotations

import pytest
from django.core.mail import EmailMessage
from notifications_python_client.errors import HTTPError

from fostering.accounts.tests.factories import placement_officer
from fostering.notifications.models import Event, SentEmail
from fostering.notifications.services import notify, send_notification_email

from .notify_server import API_KEY, TEMPLATE_ID, FakeNotify

pytestmark = pytest.mark.django_db


@pytest.fixture
def notify_api(settings):
    server = FakeNotify().start()
    settings.EMAIL_BACKEND = "fostering.notifications.backends.NotifyEmailBackend"
    settings.NOTIFY_API_KEY, settings.NOTIFY_TEMPLATE_ID, settings.NOTIFY_BASE_URL = API_KEY, TEMPLATE_ID, server.url
    yield server
    server.stop()


def test_a_notification_is_sent_through_the_notify_template_with_subject_and_body(
    notify_api, django_capture_on_commit_callbacks
):
    officer = placement_officer(email="officer@kent.example")
    with django_capture_on_commit_callbacks(execute=True):
        [n] = notify(Event.HOLD_EXPIRING, [officer], title="Hold on household H1 ends soon",
                     body="Your hold ends at 14:00.", url="/vacancies/holds/")  # fmt: skip

    [sent] = notify_api.received
    assert sent["email_address"] == "officer@kent.example"
    assert sent["template_id"] == TEMPLATE_ID
    assert sent["personalisation"]["subject"] == "Hold on household H1 ends soon"
    assert sent["personalisation"]["body"].startswith("Your hold ends at 14:00.")
    assert "http://testserver/vacancies/holds/" in sent["personalisation"]["body"]
    n.refresh_from_db()
    assert n.emailed_at is not None


def test_when_notify_fails_the_send_raises_for_the_queue_to_retry_and_nothing_is_marked_sent(notify_api):
    officer = placement_officer()
    [n] = notify(Event.HOLD_EXPIRING, [officer], title="Hold ends soon", body="Soon.", url="/vacancies/holds/")
    notify_api.fail_next = 1

    with pytest.raises(HTTPError) as refused:
        send_notification_email(n.pk)

    assert refused.value.status_code == 500
    n.refresh_from_db()
    assert n.emailed_at is None and not SentEmail.objects.exists()
    assert send_notification_email(n.pk) == f"E-mailed notification {n.pk}."  # the retry succeeds
    assert len(notify_api.received) == 1


def test_a_bad_api_key_is_refused_by_notify(notify_api, settings):
    settings.NOTIFY_API_KEY = API_KEY[:-36] + "00000000-0000-0000-0000-000000000000"
    with pytest.raises(HTTPError) as refused:
        EmailMessage("Subject", "Body", to=["someone@example.org"]).send()
    assert refused.value.status_code == 403
    assert notify_api.received == []
