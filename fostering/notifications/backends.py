"""GOV.UK Notify as a Django e-mail backend (``EMAIL_PROVIDER=notify``).

Government services send e-mail through GOV.UK Notify rather than their own SMTP relay.
Notify sends only from templates, so the service keeps one e-mail template whose subject is
``((subject))`` and whose body is ``((body))`` (NOTIFY_TEMPLATE_ID), and every message is
sent through it with ``personalisation={"subject": …, "body": …}`` using the official
client, ``notifications-python-client`` (NOTIFY_API_KEY; NOTIFY_BASE_URL for Notify's own
test endpoint or, in our tests, a local server that speaks the same API).

As with Django's SMTP backend, a refused message raises (unless ``fail_silently``), so the
queue retries the task that sent it; the Notify id of each message sent is kept on it as
``message.notify_id`` and in the log.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, api_key: str | None = None, template_id: str | None = None,
                 base_url: str | None = None, **kwargs):  # fmt: skip
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.api_key = api_key or settings.NOTIFY_API_KEY
        self.template_id = template_id or settings.NOTIFY_TEMPLATE_ID
        self.base_url = base_url or settings.NOTIFY_BASE_URL
        if not self.api_key or not self.template_id:
            raise ImproperlyConfigured("EMAIL_PROVIDER=notify needs NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID.")
        self.client = None

    def open(self) -> bool:
        if self.client is None:
            from notifications_python_client.notifications import NotificationsAPIClient

            self.client = NotificationsAPIClient(self.api_key, base_url=self.base_url, timeout=settings.EMAIL_TIMEOUT)
            return True
        return False

    def close(self) -> None:
        self.client = None

    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        self.open()
        sent = 0
        for message in email_messages:
            for address in message.recipients():
                try:
                    answer = self.client.send_email_notification(
                        email_address=address,
                        template_id=self.template_id,
                        personalisation={"subject": message.subject, "body": message.body},
                    )
                except Exception:
                    if not self.fail_silently:
                        raise
                    logger.exception("GOV.UK Notify refused an e-mail")
                    continue
                message.notify_id = answer.get("id")
                logger.info("GOV.UK Notify accepted e-mail %s", message.notify_id)
            sent += 1
        return sent
