"""Mark referral shares whose respond-by deadline passed unanswered, record a reminder for
each (at most one a day per share) and list them. No e-mail is sent: the services see the
overdue tag in their inbox and the officer on the referral's matching page."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fostering.matching import services


class Command(BaseCommand):
    help = "Raise reminders for shared referrals whose services have not answered by the deadline."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Pretend it is this ISO date-time (for testing).")

    def handle(self, *args, now=None, **options):
        when = timezone.now()
        if now:
            try:
                when = dt.datetime.fromisoformat(now)
            except ValueError as exc:
                raise CommandError("--now must be an ISO date-time, e.g. 2026-01-31T09:00") from exc
            if timezone.is_naive(when):
                when = timezone.make_aware(when)
        due = services.send_reminders(when)
        for share in due:
            self.stdout.write(
                f"{share.referral.reference}\t{share.fostering_service.name}\t"
                f"due {timezone.localtime(share.respond_by):%Y-%m-%d %H:%M}"
            )
        self.stdout.write(f"{len(due)} reminder(s) raised for overdue shared referrals.")
