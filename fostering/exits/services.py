"""Recording a household leaving, offering an exit interview, and recording it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from fostering.accounts.scoping import fostering_service_ids
from fostering.register.models import Approval, Household, HouseholdStatus, HouseholdStatusChange

from .models import Departure, ExitInterview, ExitReason, InterviewStatus, LeavingKind

LEAVING_STATUS = {
    LeavingKind.RESIGNED: HouseholdStatus.RESIGNED,
    LeavingKind.DEREGISTERED: HouseholdStatus.DEREGISTERED,
}


def _check_service(user, service_id: int) -> None:
    if service_id not in fostering_service_ids(user):
        raise PermissionDenied("This household belongs to another fostering service.")


@transaction.atomic
def record_departure(user, household: Household, kind: str, left_on: dt.date, reason: str) -> Departure:
    """The household resigns or is deregistered: its status changes (with history), its
    current approval ends, and the departure waits for an exit interview to be offered."""
    _check_service(user, household.fostering_service_id)
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.status in (HouseholdStatus.RESIGNED, HouseholdStatus.DEREGISTERED):
        raise ValidationError(f"Household {household.reference} has already left the service.")
    if left_on > dt.date.today():
        raise ValidationError("The date the household left cannot be in the future.")
    status = LEAVING_STATUS[LeavingKind(kind)]
    household.status, household.status_since, household.status_reason = status, left_on, reason[:300]
    household.save(update_fields=["status", "status_since", "status_reason", "updated_at"])
    HouseholdStatusChange.objects.create(
        household=household, status=status, changed_on=left_on, reason=reason[:300], recorded_by=user
    )
    Approval.objects.filter(household=household, ended_on__isnull=True).update(
        ended_on=left_on, end_reason=f"{LeavingKind(kind).label}: {reason}"[:200]
    )
    # The status change's signal (exits.signals) creates the departure.
    return Departure.objects.get(household=household)


def record_offer(user, departure: Departure, outcome: str, on: dt.date) -> Departure:
    """The service offered an exit interview (``offered``) or the carers declined it (``declined``)."""
    _check_service(user, departure.fostering_service_id)
    if departure.interview_status == InterviewStatus.HELD:
        raise ValidationError("The exit interview has already been held.")
    if outcome not in (InterviewStatus.OFFERED, InterviewStatus.DECLINED):
        raise ValidationError("Say whether the interview was offered or declined.")
    departure.interview_status = outcome
    departure.interview_offered_on = departure.interview_offered_on or on
    departure.save(update_fields=["interview_status", "interview_offered_on"])
    return departure


@transaction.atomic
def record_interview(user, departure: Departure, answers: dict) -> ExitInterview:
    _check_service(user, departure.fostering_service_id)
    if hasattr(departure, "interview"):
        raise ValidationError("An exit interview is already recorded for this household.")
    reasons = [r for r in answers["reasons"] if r in ExitReason.values]
    main = answers["main_reason"]
    if main not in reasons:
        reasons.append(main)
    interview = ExitInterview.objects.create(
        departure=departure, held_on=answers["held_on"], reasons=reasons, main_reason=main,
        would_foster_again=answers["would_foster_again"],
        what_would_have_helped=answers.get("what_would_have_helped", ""), comments=answers.get("comments", ""),
        recorded_by=user,
    )  # fmt: skip
    departure.interview_status = InterviewStatus.HELD
    departure.interview_offered_on = departure.interview_offered_on or answers["held_on"]
    departure.save(update_fields=["interview_status", "interview_offered_on"])
    return interview
