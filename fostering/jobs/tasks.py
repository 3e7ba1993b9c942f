"""The scheduled jobs: what the worker runs by itself (schedules.py says when).

Each job takes its clock from ``django.utils.timezone`` and returns one sentence saying what
it did; django-q2 stores that sentence as the task's result, so the Django admin's
"Successful tasks" (Queue and scheduled jobs) shows every run, and "Failed tasks" every
failure with its traceback and number of attempts. The management commands of the same
names do the same work by hand.
"""

from __future__ import annotations

import io

from django.core.management import call_command
from django.utils import timezone


def expire_holds() -> str:
    """Stamp holds whose time ran out, and warn officers whose holds end within hours."""
    from fostering.notifications import events
    from fostering.vacancies import reservations

    now = timezone.now()
    expired = reservations.expire_holds(now)
    warned = events.holds_expiring(now)
    return f"Marked {expired} hold(s) as expired; warned of {warned} hold(s) ending soon."


def stale_vacancies() -> str:
    """Tell carers and services about vacancies that turned amber or red since the last run."""
    from fostering.notifications import events

    turned = events.vacancies_turned_stale(timezone.now())
    return f"{turned} household(s) whose availability turned amber or red; their carers and services told."


def send_match_reminders() -> str:
    """Remind services of shared referrals past their reply deadline, and of deadlines near."""
    from fostering.matching import services
    from fostering.notifications import events

    now = timezone.now()
    overdue = services.send_reminders(now)
    near = events.reply_deadlines_near(now)
    return f"{len(overdue)} reminder(s) for overdue replies; {near} service(s) told a reply is due soon."


def refresh_sufficiency() -> str:
    out = io.StringIO()
    call_command("refresh_sufficiency", stdout=out)
    return out.getvalue().strip()


def send_digests() -> str:
    from fostering.notifications import services

    return services.send_digests(timezone.now())


def forget_idempotency_keys() -> str:
    from fostering.core import idempotency

    n = idempotency.forget_old(timezone.now())
    return f"Forgot {n} idempotency key(s) older than {idempotency.keep_days()} days."
