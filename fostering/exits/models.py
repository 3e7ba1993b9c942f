"""Carers leaving: when a household resigns or is deregistered, the service records why
and is prompted to offer an exit interview; the answers (a fixed taxonomy plus free text)
feed analytics of why carers leave and how long they fostered."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fostering.organisations.models import FosteringService
from fostering.register.models import Household


class LeavingKind(models.TextChoices):
    RESIGNED = "resigned", "Resigned"
    DEREGISTERED = "deregistered", "Deregistered by the service"


class ExitReason(models.TextChoices):
    """Why carers leave (the exit-interview taxonomy)."""

    SUPPORT = "support", "Support from the fostering service"
    ALLOWANCES = "allowances", "Allowances and fees"
    ALLEGATIONS = "allegations", "How an allegation was handled"
    PLACEMENT_FIT = "placement_fit", "Placements that did not fit"
    PERSONAL = "personal", "Personal circumstances"
    RETIREMENT = "retirement", "Retirement"


class InterviewStatus(models.TextChoices):
    NOT_OFFERED = "not_offered", "Not offered yet"
    OFFERED = "offered", "Offered"
    DECLINED = "declined", "Declined by the carers"
    HELD = "held", "Held"


class Departure(models.Model):
    """A household leaving its fostering service, with the service's reason."""

    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="departure")
    fostering_service = models.ForeignKey(FosteringService, on_delete=models.PROTECT, related_name="departures")
    kind = models.CharField(max_length=16, choices=LeavingKind.choices)
    left_on = models.DateField()
    reason = models.CharField(max_length=300, help_text="The service's record of why the household left.")
    fostered_since = models.DateField(help_text="When the household's first carer was approved to foster.")
    interview_status = models.CharField(
        max_length=12, choices=InterviewStatus.choices, default=InterviewStatus.NOT_OFFERED
    )
    interview_offered_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-left_on", "-id"]
        indexes = [models.Index(fields=["fostering_service", "left_on"])]

    def __str__(self) -> str:
        return f"{self.household} {self.get_kind_display().lower()} on {self.left_on}"

    @property
    def years_fostered(self) -> float:
        return max(0.0, (self.left_on - self.fostered_since).days / 365.25)


class ExitInterview(models.Model):
    """What the carers said when they left: the reasons that applied, the main one, and their words."""

    class WouldReturn(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_SURE = "not_sure", "Not sure"

    departure = models.OneToOneField(Departure, on_delete=models.CASCADE, related_name="interview")
    held_on = models.DateField()
    reasons = models.JSONField(default=list, help_text="ExitReason codes that applied.")
    main_reason = models.CharField(max_length=16, choices=ExitReason.choices)
    would_foster_again = models.CharField(max_length=8, choices=WouldReturn.choices)
    what_would_have_helped = models.TextField(blank=True, max_length=2000)
    comments = models.TextField(blank=True, max_length=4000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    def reason_labels(self) -> list[str]:
        labels = dict(ExitReason.choices)
        return [labels.get(r, r) for r in self.reasons]
