"""Front-door measures per fostering service, computed from the stage history.

* time to first contact in working days (target: within 1 working day of receiving the
  enquiry; weekends and England and Wales bank holidays do not count, see working_days);
* conversion between stages: of the enquiries that reached a stage, how many reached the next;
* reasons for dropping out (withdrawn or declined);
* sources of enquiries ("how did you hear about us").
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from .models import PIPELINE, DropOutReason, ServiceEnquiry, Source, Stage, StageChange
from .working_days import received_on, working_days_between, working_days_to

TARGET_WORKING_DAYS = 1


@dataclass
class FirstContact:
    contacted: int = 0
    within_target: int = 0
    waiting: int = 0
    waiting_overdue: int = 0
    median_working_days: float | None = None

    @property
    def share_within_target(self) -> float | None:
        return self.within_target / self.contacted if self.contacted else None


@dataclass
class ServiceMeasures:
    service_id: int
    service_name: str
    enquiries: int = 0
    first_contact: FirstContact = field(default_factory=FirstContact)
    reached: list[tuple[str, int, float | None]] = field(
        default_factory=list
    )  # (stage label, count, share of previous)
    drop_out_reasons: list[tuple[str, int]] = field(default_factory=list)
    sources: list[tuple[str, int]] = field(default_factory=list)


def first_contact_measure(rows: list[tuple[dt.datetime, dt.datetime | None]], now: dt.datetime) -> FirstContact:
    """``rows``: (received at, first contact at or None) per enquiry still waiting or contacted.

    An enquiry never contacted and already past the target counts as overdue."""
    result = FirstContact()
    days = []
    for received, contacted in rows:
        if contacted is None:
            result.waiting += 1
            today = timezone.localtime(now).date() if timezone.is_aware(now) else now.date()
            if working_days_between(received_on(received), today) > TARGET_WORKING_DAYS:
                result.waiting_overdue += 1
            continue
        n = working_days_to(received, contacted)
        days.append(n)
        result.contacted += 1
        result.within_target += n <= TARGET_WORKING_DAYS
    result.median_working_days = statistics.median(days) if days else None
    return result


def stages_reached(changes: list[str]) -> set[str]:
    """Pipeline stages an enquiry reached, from its history of ``to_stage`` values; reaching a
    stage implies reaching the ones before it (a service may skip a step it did not record)."""
    furthest = max((PIPELINE.index(s) for s in changes if s in PIPELINE), default=0)
    return set(PIPELINE[: furthest + 1])


def conversion(histories: list[list[str]]) -> list[tuple[str, int, float | None]]:
    counts = Counter()
    for changes in histories:
        counts.update(stages_reached(changes))
    out, previous = [], None
    for stage in PIPELINE:
        n = counts[stage]
        out.append((Stage(stage).label, n, (n / previous) if previous else None))
        previous = n
    return out


def measures_for_services(services, now: dt.datetime | None = None) -> list[ServiceMeasures]:
    now = now or timezone.now()
    result = []
    for service in services:
        ses = list(ServiceEnquiry.objects.filter(fostering_service=service).select_related("enquiry"))
        histories: dict[int, list[str]] = {se.id: [] for se in ses}
        for se_id, to_stage in (
            StageChange.objects.filter(service_enquiry__fostering_service=service)
            .order_by("changed_at", "id")
            .values_list("service_enquiry_id", "to_stage")
        ):
            histories.setdefault(se_id, []).append(to_stage)
        m = ServiceMeasures(service.id, service.name, enquiries=len(ses))
        contact_rows = [
            (se.enquiry.created_at, se.first_contact_at)
            for se in ses
            if se.first_contact_at is not None or se.stage == Stage.ENQUIRY
        ]
        m.first_contact = first_contact_measure(contact_rows, now)
        m.reached = conversion(list(histories.values()))
        reason_labels = dict(DropOutReason.choices)
        m.drop_out_reasons = [
            (reason_labels.get(r, r), n)
            for r, n in Counter(se.drop_out_reason for se in ses if se.drop_out_reason).most_common()
        ]
        source_labels = dict(Source.choices)
        m.sources = [(source_labels.get(s, s), n) for s, n in Counter(se.enquiry.source for se in ses).most_common()]
        result.append(m)
    return result
