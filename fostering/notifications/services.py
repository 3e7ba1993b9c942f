"""Raising notifications and sending their e-mails.

``notify(event, recipients, title=..., body=..., url=...)`` is the one way anything in the
register tells people something: it writes an in-app notification per recipient (in the
caller's transaction, so a rolled-back change tells nobody) and, once the transaction has
committed, puts each immediate e-mail on the queue (django-q2, see fostering.jobs). The
worker sends it through Django's mail backend (SMTP, or GOV.UK Notify: backends.py);
a failure is retried by the queue. Digest users get one e-mail a day (``send_digests``).

Text passed to ``notify`` must say what happened without personal details (no child's
or carer's name, date of birth or address): it is what the e-mail says too.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Delivery, Notification, NotificationPreference, SentEmail

SEND_TASK = "fostering.notifications.tasks.send_notification_email"
ACKNOWLEDGE_TASK = "fostering.notifications.tasks.send_enquiry_acknowledgement"


def site_url(path: str) -> str:
    """An absolute link to a page of this service (``SITE_URL`` + path), for e-mails."""
    return settings.SITE_URL.rstrip("/") + path


def delivery_of(user) -> str:
    found = NotificationPreference.objects.filter(user=user).values_list("delivery", flat=True).first()
    return found or Delivery.IMMEDIATE


def set_delivery(user, delivery: str) -> NotificationPreference:
    """Immediate e-mails or a daily digest, the user's own choice."""
    if delivery not in Delivery.values:
        raise ValueError(f"Unknown delivery {delivery!r}")
    preference, _ = NotificationPreference.objects.update_or_create(user=user, defaults={"delivery": delivery})
    return preference


def enqueue(func: str, *args, name: str = "") -> None:
    """Put a task on the queue after the current transaction commits (at once outside one)."""
    from django_q.tasks import async_task

    def push():
        async_task(func, *args, task_name=name or None, group=func.rsplit(".", 1)[-1])

    transaction.on_commit(push)


def notify(
    event: str,
    recipients: Iterable,
    *,
    title: str,
    body: str,
    url: str,
    dedupe_key: str = "",
    now: dt.datetime | None = None,
) -> list[Notification]:
    """Tell each recipient (active users) that ``event`` happened; returns the notifications made.

    With ``dedupe_key``, a recipient already told under that key is not told again (jobs that
    run every hour raise the same reminder once). Immediate e-mails are queued on commit."""
    now = now or timezone.now()
    users = {u.pk: u for u in recipients if getattr(u, "is_active", False)}
    if not users:
        return []
    if dedupe_key:
        told = set(
            Notification.objects.filter(recipient_id__in=users, dedupe_key=dedupe_key).values_list(
                "recipient_id", flat=True
            )
        )
        users = {pk: u for pk, u in users.items() if pk not in told}
    preferences = dict(
        NotificationPreference.objects.filter(user_id__in=users).values_list("user_id", "delivery")
    )
    made = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user, event=event, title=title[:200], body=body, url=url[:300], dedupe_key=dedupe_key,
                delivery=preferences.get(pk, Delivery.IMMEDIATE), created_at=now, email_skipped=not user.email,
            )  # fmt: skip
            for pk, user in sorted(users.items())
        ]
    )
    for n in made:
        if n.delivery == Delivery.IMMEDIATE and not n.email_skipped:
            enqueue(SEND_TASK, n.pk, name=f"E-mail notification {n.pk}")
    return made


# ------------------------------------------------------------------ reading (the in-app list)


def notifications_for(user):
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def open_notification(user, notification_id: int, now: dt.datetime | None = None) -> Notification:
    """Mark the user's own notification read (Notification.DoesNotExist for anyone else's)."""
    n = Notification.objects.get(pk=notification_id, recipient=user)
    if n.read_at is None:
        n.read_at = now or timezone.now()
        n.save(update_fields=["read_at"])
    return n


def mark_all_read(user, now: dt.datetime | None = None) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=now or timezone.now())


# ------------------------------------------------------------------ e-mails (run by the queue's worker)


def _send(to: str, subject: str, body: str) -> None:
    EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]).send()


def email_text(notification: Notification) -> str:
    return render_to_string(
        "notifications/email/notification.txt",
        {
            "notification": notification,
            "link": site_url(notification.url),
            "preferences_link": site_url(reverse("notifications:preferences")),
            "service_name": settings.SERVICE_NAME,
        },
    )


def send_notification_email(notification_id: int, now: dt.datetime | None = None) -> str:
    """E-mail one notification to its recipient, once (a retried task finds it sent)."""
    with transaction.atomic():
        n = Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
        if n is None:
            return f"Notification {notification_id} no longer exists."
        if n.emailed_at is not None or n.email_skipped:
            return f"Notification {notification_id} needed no e-mail."
        to = n.recipient.email
        _send(to, n.title, email_text(n))
        n.emailed_at = now or timezone.now()
        n.save(update_fields=["emailed_at"])
        sent = SentEmail.objects.create(
            kind=SentEmail.Kind.NOTIFICATION, to_address=to, recipient=n.recipient, subject=n.title[:200],
            sent_at=n.emailed_at,
        )  # fmt: skip
        sent.notifications.add(n)
    return f"E-mailed notification {notification_id}."


def send_digests(now: dt.datetime | None = None) -> str:
    """One e-mail per digest user with every notification not yet e-mailed, oldest first."""
    now = now or timezone.now()
    pending = (
        Notification.objects.email_pending()
        .filter(delivery=Delivery.DIGEST, created_at__lte=now)
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "pk")
    )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for n in pending:
        by_user[n.recipient_id].append(n)
    sent = 0
    for items in by_user.values():
        user = items[0].recipient
        subject = f"{settings.SERVICE_NAME}: {len(items)} notification{'s' if len(items) != 1 else ''}"
        body = render_to_string(
            "notifications/email/digest.txt",
            {
                "items": [(n, site_url(n.url)) for n in items],
                "list_link": site_url(reverse("notifications:list")),
                "preferences_link": site_url(reverse("notifications:preferences")),
                "service_name": settings.SERVICE_NAME,
            },
        )
        with transaction.atomic():
            _send(user.email, subject, body)
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=now)
            record = SentEmail.objects.create(
                kind=SentEmail.Kind.DIGEST, to_address=user.email, recipient=user, subject=subject, sent_at=now
            )
            record.notifications.add(*items)
        sent += 1
    return f"Sent {sent} daily digest{'s' if sent != 1 else ''}."


def send_enquiry_acknowledgement(enquiry_id: int, now: dt.datetime | None = None) -> str:
    """Tell the person who enquired that their enquiry reached the services they chose (once)."""
    from fostering.enquiries.models import Enquiry

    enquiry = Enquiry.objects.filter(pk=enquiry_id).first()
    if enquiry is None:
        return f"Enquiry {enquiry_id} no longer exists."
    if SentEmail.objects.filter(kind=SentEmail.Kind.ACKNOWLEDGEMENT, reference=enquiry.reference).exists():
        return f"Enquiry {enquiry.reference} was already acknowledged."
    services = list(
        enquiry.service_enquiries.select_related("fostering_service").order_by("fostering_service__name")
    )
    subject = f"Your enquiry about fostering: {enquiry.reference}"
    body = render_to_string(
        "notifications/email/enquiry_acknowledgement.txt",
        {
            "enquiry": enquiry,
            "services": [se.fostering_service.name for se in services],
            "start_link": site_url(reverse("enquiries:start")),
            "service_name": settings.SERVICE_NAME,
        },
    )
    with transaction.atomic():
        _send(enquiry.email, subject, body)
        SentEmail.objects.create(
            kind=SentEmail.Kind.ACKNOWLEDGEMENT, to_address=enquiry.email, subject=subject,
            reference=enquiry.reference, sent_at=now or timezone.now(),
        )  # fmt: skip
    return f"Acknowledged enquiry {enquiry.reference}."


def acknowledge_enquiry(enquiry) -> None:
    enqueue(ACKNOWLEDGE_TASK, enquiry.pk, name=f"Acknowledge enquiry {enquiry.reference}")

