"""The front door: people who want to foster, and each chosen service's journey with them.

An ``Enquiry`` is what the member of the public told us once. Each fostering service they
let contact them gets its own ``ServiceEnquiry`` that moves through the recruitment stages
(enquiry → first contact → … → approved, or withdrawn/declined), every move recorded as a
``StageChange`` with when and who, so the measures (time to first contact, conversion,
drop-out reasons) are computed from history rather than kept as counters.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from fostering.geography.models import LocalAuthority
from fostering.organisations.models import FosteringService
from fostering.register.models import Household


class Stage(models.TextChoices):
    ENQUIRY = "enquiry", "Enquiry"
    FIRST_CONTACT = "first_contact", "First contact"
    INITIAL_VISIT = "initial_visit", "Initial visit"
    APPLICATION = "application", "Application"
    ASSESSMENT_1 = "assessment_1", "Assessment stage 1"
    ASSESSMENT_2 = "assessment_2", "Assessment stage 2"
    PANEL = "panel", "Panel"
    APPROVED = "approved", "Approved"
    WITHDRAWN = "withdrawn", "Withdrawn"
    DECLINED = "declined", "Declined"


# The way forward, in order. Withdrawn/declined can happen from any open stage.
PIPELINE: tuple[str, ...] = (
    Stage.ENQUIRY,
    Stage.FIRST_CONTACT,
    Stage.INITIAL_VISIT,
    Stage.APPLICATION,
    Stage.ASSESSMENT_1,
    Stage.ASSESSMENT_2,
    Stage.PANEL,
    Stage.APPROVED,
)
CLOSED_STAGES = frozenset({Stage.APPROVED, Stage.WITHDRAWN, Stage.DECLINED})


class DropOutReason(models.TextChoices):
    """Why an enquiry did not reach approval (withdrawn by the applicant or declined by the service)."""

    CIRCUMSTANCES = "circumstances", "Change in personal circumstances"
    NOT_READY = "not_ready", "Not the right time yet"
    NO_RESPONSE = "no_response", "Could not be contacted"
    CHOSE_ANOTHER = "chose_another", "Chose another fostering service"
    NO_SPARE_ROOM = "no_spare_room", "No spare bedroom"
    HOUSING = "housing", "Housing not suitable"
    HEALTH = "health", "Health"
    CHECKS = "checks", "Checks or references"
    ASSESSMENT = "assessment", "Assessment found it was not the right fit"
    PANEL = "panel", "Panel did not recommend approval"
    FINANCES = "finances", "Finances or allowances"
    OTHER = "other", "Other"


class Interest(models.TextChoices):
    BABIES = "babies", "Babies and toddlers (0 to 4)"
    PRIMARY = "primary", "Primary school age (5 to 11)"
    TEENAGERS = "teenagers", "Teenagers (12 to 17)"
    SIBLINGS = "siblings", "Brothers and sisters together"
    SHORT_BREAKS = "short_breaks", "Short breaks"
    EMERGENCY = "emergency", "Emergency placements"
    LONG_TERM = "long_term", "Long-term fostering"
    PARENT_AND_CHILD = "parent_and_child", "Parent and child"
    DISABLED_CHILDREN = "disabled_children", "Disabled children"
    UNSURE = "unsure", "Not sure yet"


class ContactTime(models.TextChoices):
    MORNING = "morning", "Weekday mornings"
    AFTERNOON = "afternoon", "Weekday afternoons"
    EVENING = "evening", "Weekday evenings"
    WEEKEND = "weekend", "Saturdays"


class Source(models.TextChoices):
    """How the enquirer heard about fostering (the "sources of enquiries" measure)."""

    SEARCH = "search", "Search engine"
    SOCIAL_MEDIA = "social_media", "Social media"
    FRIEND = "friend", "A friend or family member"
    FOSTER_CARER = "foster_carer", "A foster carer"
    COUNCIL = "council", "The council's website or newsletter"
    ADVERT = "advert", "Advert (TV, radio, poster)"
    EVENT = "event", "An event"
    OTHER = "other", "Somewhere else"


def _reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "ENQ-" + "".join(secrets.choice(alphabet) for _ in range(8))


class ServiceProfile(models.Model):
    """What a fostering service tells enquirers about itself (kept apart from the service record)."""

    fostering_service = models.OneToOneField(FosteringService, on_delete=models.CASCADE, related_name="enquiry_profile")
    description = models.TextField(max_length=600, blank=True)

    def __str__(self) -> str:
        return f"Profile of {self.fostering_service}"


class Enquiry(models.Model):
    """One person's enquiry about fostering, as they gave it on the front door."""

    reference = models.CharField(max_length=12, unique=True, default=_reference)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=20)
    postcode = models.CharField(max_length=8)
    postcode_district = models.CharField(max_length=4)
    easting = models.FloatField()
    northing = models.FloatField()
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, null=True, related_name="+")
    adults = models.PositiveSmallIntegerField()
    children_at_home = models.PositiveSmallIntegerField()
    spare_bedrooms = models.PositiveSmallIntegerField()
    interests = models.JSONField(default=list)
    contact_times = models.JSONField(default=list)
    source = models.CharField(max_length=16, choices=Source.choices)
    consent_to_share = models.BooleanField()
    let_council_decide = models.BooleanField(default=False)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "enquiries"

    def __str__(self) -> str:
        return self.reference

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def interest_labels(self) -> list[str]:
        labels = dict(Interest.choices)
        return [labels.get(c, c) for c in self.interests]

    def contact_time_labels(self) -> list[str]:
        labels = dict(ContactTime.choices)
        return [labels.get(c, c) for c in self.contact_times]


class ServiceEnquiry(models.Model):
    """An enquiry as one chosen fostering service works it, from first contact to panel."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="service_enquiries")
    fostering_service = models.ForeignKey(FosteringService, on_delete=models.PROTECT, related_name="enquiries")
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.ENQUIRY)
    stage_changed_at = models.DateTimeField()
    first_contact_at = models.DateTimeField(null=True, blank=True)
    drop_out_reason = models.CharField(max_length=16, choices=DropOutReason.choices, blank=True)
    drop_out_detail = models.CharField(max_length=300, blank=True)
    household = models.OneToOneField(
        Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="from_enquiry"
    )

    class Meta:
        ordering = ["-stage_changed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["enquiry", "fostering_service"], name="enquiry_once_per_service"),
        ]
        indexes = [models.Index(fields=["fostering_service", "stage"])]

    def __str__(self) -> str:
        return f"{self.enquiry} at {self.fostering_service}"

    @property
    def is_open(self) -> bool:
        return self.stage not in CLOSED_STAGES

    def next_stage(self) -> str | None:
        if not self.is_open:
            return None
        return PIPELINE[PIPELINE.index(self.stage) + 1]


class StageChange(models.Model):
    """One move of a service's enquiry from a stage to another: when, who, why."""

    service_enquiry = models.ForeignKey(ServiceEnquiry, on_delete=models.CASCADE, related_name="changes")
    from_stage = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["service_enquiry_id", "changed_at", "id"]
