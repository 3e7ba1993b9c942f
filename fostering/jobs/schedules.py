"""When the jobs run: one django-q2 ``Schedule`` per job, written into every database on
``migrate`` (so the demo and production need nobody to set them up).

Why django-q2: it is a maintained Django task queue whose ORM broker keeps the queue, the
schedules and every result in the project's own database, so the same worker runs against
PostgreSQL in production and against the SQLite demo with no Redis to install; it has a
scheduler (cron expressions, DST-safe), retries (an unacknowledged task is offered again
after ``retry`` seconds, ``max_attempts`` times) and Django admin pages for scheduled,
queued, successful and failed tasks. (huey needs Redis or its own SQLite file; django-tasks
has no scheduler or retries of its own.)

A new schedule's first run is due at once, so the first time a worker starts it runs every
job once; afterwards each runs at its cron time (Europe/London). Changing the times here and
migrating updates the schedules; an administrator may pause one in the admin by setting its
repeats to 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Job:
    name: str
    func: str
    cron: str  # minute hour day month weekday, local time
    description: str


JOBS: tuple[Job, ...] = (
    Job("Expire holds", "fostering.jobs.tasks.expire_holds", "5 * * * *",
        "Hourly: stamp expired holds; warn officers whose holds end within 6 hours."),
    Job("Referral reply reminders", "fostering.jobs.tasks.send_match_reminders", "10 * * * *",
        "Hourly: remind services of replies overdue (and the officer), or due within 12 hours."),
    Job("Stale vacancies", "fostering.jobs.tasks.stale_vacancies", "30 6 * * *",
        "Daily 06:30: tell carers and services of vacancies that turned amber or red."),
    Job("Refresh sufficiency", "fostering.jobs.tasks.refresh_sufficiency", "0 2 * * *",
        "Daily 02:00: recompute the sufficiency and cost figures."),
    Job("Daily digest", "fostering.jobs.tasks.send_digests", "0 7 * * *",
        "Daily 07:00: one e-mail to each user who chose the digest."),
    Job("Forget idempotency keys", "fostering.jobs.tasks.forget_idempotency_keys", "0 3 * * *",
        "Daily 03:00: drop API idempotency keys older than a week."),
)  # fmt: skip


def ensure_schedules(sender=None, using: str = "default", **kwargs) -> int:
    """Create or update one schedule per job (a post_migrate handler); returns how many were made."""
    from django_q.models import Schedule

    made = 0
    for job in JOBS:
        schedule = Schedule.objects.using(using).filter(name=job.name).first()
        if schedule is None:
            made_now = Schedule.objects.using(using).create(
                name=job.name, func=job.func, schedule_type=Schedule.CRON, cron=job.cron, repeats=-1
            )
            # Saving a new cron schedule sets its next run to the next cron time; make the first one due now.
            Schedule.objects.using(using).filter(pk=made_now.pk).update(next_run=timezone.now())
            made += 1
        elif (schedule.func, schedule.schedule_type, schedule.cron) != (job.func, Schedule.CRON, job.cron):
            schedule.func, schedule.schedule_type, schedule.cron = job.func, Schedule.CRON, job.cron
            schedule.save(update_fields=["func", "schedule_type", "cron"])
    return made
