"""What the queue's worker runs for notifications (django-q2 calls these by dotted path).

Each returns a sentence that the queue stores as the task's result, shown in the Django
admin's "Successful tasks"; an exception (the mail server refused, Notify answered 5xx)
leaves the task unacknowledged, so the queue offers it again after ``Q_CLUSTER['retry']``
seconds, up to ``max_attempts`` times, and lists it under "Failed tasks".
"""

from __future__ import annotations

from . import services


def send_notification_email(notification_id: int) -> str:
    return services.send_notification_email(notification_id)


def send_enquiry_acknowledgement(enquiry_id: int) -> str:
    return services.send_enquiry_acknowledgement(enquiry_id)


def send_digests() -> str:
    return services.send_digests()
