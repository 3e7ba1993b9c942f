"""The scheduled jobs run themselves: a real worker process (``manage.py qcluster``, as
scripts/demo.sh and production start it) picks up a due schedule from the test database and
runs the job, sends queued notification e-mails to a real SMTP server, and retries a task
that fails until it gives up, leaving it in the administrator's list of failed tasks. Runs on
PostgreSQL and on SQLite alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from django_q.models import OrmQ, Schedule, Task

from fostering.accounts.tests.factories import administrator, placement_officer
from fostering.jobs.schedules import JOBS, ensure_schedules
from fostering.notifications.models import Event, Notification
from fostering.notifications.services import notify
from fostering.vacancies.tests.factories import HoldFactory

from .worker import running_worker, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BOUNCING = "left-the-council@example.org"


def test_every_migrated_database_has_a_schedule_for_each_daily_job_first_due_at_once():
    Schedule.objects.all().delete()
    assert ensure_schedules() == len(JOBS)
    schedules = {s.name: s for s in Schedule.objects.all()}
    assert all(s.next_run <= timezone.now() for s in schedules.values())  # the first worker start runs each
    assert set(schedules) >= {job.name for job in JOBS}
    assert schedules["Daily digest"].cron == "0 7 * * *"
    assert schedules["Expire holds"].func == "fostering.jobs.tasks.expire_holds"
    assert ensure_schedules() == 0  # idempotent


def test_the_worker_runs_a_due_job_sends_queued_e_mail_and_retries_a_failing_task_until_it_is_listed_as_failed(
    smtp_server, monkeypatch
):
    from django_q.conf import Conf

    ensure_schedules()
    Schedule.objects.update(next_run=timezone.now() + dt.timedelta(days=1))
    Schedule.objects.filter(name="Expire holds").update(next_run=timezone.now() - dt.timedelta(minutes=1))
    ran_out = HoldFactory(reserved_until=timezone.now() - dt.timedelta(hours=1))
    smtp_server.refuse = {BOUNCING}
    monkeypatch.setattr(Conf, "SYNC", False)  # this process only enqueues; the worker sends
    reader, gone = placement_officer(email="officer@kent.example"), placement_officer(email=BOUNCING)
    notify(Event.HOLD_EXPIRING, [reader, gone], title="Hold on household H1 ends soon", body="Soon.", url="/vacancies/holds/")
    assert OrmQ.objects.count() == 2

    with running_worker(EMAIL_URL=smtp_server.url, QUEUE_RETRY_SECONDS="3", QUEUE_TIMEOUT_SECONDS="2",
                        QUEUE_MAX_ATTEMPTS="3"):  # fmt: skip
        job = wait_until(
            lambda: Task.objects.filter(func="fostering.jobs.tasks.expire_holds", success=True).first(),
            what="a run of the scheduled expire_holds job",
        )
        [mail] = smtp_server.wait_for(1)
        failed = wait_until(
            lambda: Task.objects.filter(success=False, attempt_count__gte=3).first(),
            what="three failed attempts at the bouncing e-mail",
        )
        wait_until(lambda: not OrmQ.objects.exists(), what="the queue emptying")

    assert job.result == "Marked 1 hold(s) as expired; warned of 0 hold(s) ending soon."
    ran_out.refresh_from_db()
    assert ran_out.expired_at is not None
    assert Schedule.objects.get(name="Expire holds").next_run > timezone.now()  # its next hourly run
    assert mail.rcpt_tos == ["officer@kent.example"] and mail.subject == "Hold on household H1 ends soon"
    assert Notification.objects.get(recipient=reader).emailed_at is not None
    assert failed.func == "fostering.notifications.tasks.send_notification_email"
    assert "Mailbox unavailable" in failed.result and failed.attempt_count == 3
    assert Notification.objects.get(recipient=gone).emailed_at is None
    # The administrator sees the failure (and the job's run) in the admin.
    admin = Client()
    admin.force_login(administrator())
    failures = admin.get("/admin/django_q/failure/").content.decode()
    assert "send_notification_email" in failures or failed.name in failures
    successes = admin.get("/admin/django_q/success/").content.decode()
    assert job.name in successes
