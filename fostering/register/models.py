"""The national register: fostering households, their carers, approvals, training and
capability, and their history across fostering services (portability).

Personal fields (names, dates of birth, full address) belong to the household's own
service; everyone else sees capability and availability only (see register.selectors).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from fostering.core.codes import Ethnicity, Gender, PlacementType, Religion
from fostering.core.needs import CapabilityLevel
from fostering.geography.models import LocalAuthority
from fostering.organisations.models import FosteringService


class HouseholdStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ON_HOLD = "on_hold", "On hold"
    UNDER_INVESTIGATION = "under_investigation", "Under investigation"
    RESIGNED = "resigned", "Resigned"
    DEREGISTERED = "deregistered", "Deregistered"


class Household(models.Model):
    """A fostering household: one or two approved carers at one address."""

    fostering_service = models.ForeignKey(FosteringService, on_delete=models.PROTECT, related_name="households")
    reference = models.CharField(max_length=40, help_text="The service's own reference for the household.")
    address_line_1 = models.CharField(max_length=200)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8)
    postcode_district = models.CharField(max_length=4, db_index=True)
    easting = models.FloatField()
    northing = models.FloatField()
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        related_name="households",
        help_text="Where the household lives (derived from the postcode).",
    )
    bedrooms = models.PositiveSmallIntegerField(validators=[MaxValueValidator(20)])
    beds_for_fostering = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    wheelchair_accessible = models.BooleanField(default=False)
    other_children_ages = models.JSONField(
        default=list, blank=True, help_text="Ages of other children living in the home."
    )
    has_pets = models.BooleanField(default=False)
    pets_description = models.CharField(max_length=200, blank=True)
    smokers = models.BooleanField(default=False)
    status = models.CharField(max_length=24, choices=HouseholdStatus.choices, default=HouseholdStatus.ACTIVE)
    status_since = models.DateField(default=dt.date.today)
    status_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["fostering_service_id", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["fostering_service", "reference"], name="household_reference_unique_per_service"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "local_authority"]),
            # Register search: a bounding box on the grid within active households; covering the
            # columns the search reads from each candidate, so no table row is fetched for them.
            models.Index(fields=["status", "easting", "northing", "beds_for_fostering"], name="household_search_grid"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.postcode_district})"

    @property
    def is_active(self) -> bool:
        return self.status == HouseholdStatus.ACTIVE


class HouseholdStatusChange(models.Model):
    """History of status changes with dates and reasons."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=24, choices=HouseholdStatus.choices)
    changed_on = models.DateField()
    reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["household", "changed_on", "id"]


class Carer(models.Model):
    """A person approved to foster. One or two per household."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="carers")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    gender = models.CharField(max_length=12, choices=Gender.choices)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices)
    religion = models.CharField(max_length=12, choices=Religion.choices, default=Religion.NOT_KNOWN)
    languages = models.JSONField(default=list, blank=True, help_text="Language codes spoken.")
    fostering_since = models.DateField(help_text="When the carer was first approved to foster.")

    class Meta:
        ordering = ["household_id", "id"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: dt.date) -> int:
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))

    def years_fostering(self, day: dt.date | None = None) -> int:
        day = day or dt.date.today()
        since = self.fostering_since
        return max(0, day.year - since.year - ((day.month, day.day) < (since.month, since.day)))


class Approval(models.Model):
    """A household's approval and its terms. History is kept: a new approval (e.g. after a
    review or transfer) ends the previous one instead of overwriting it."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="approvals")
    fostering_service = models.ForeignKey(
        FosteringService,
        on_delete=models.PROTECT,
        related_name="approvals",
        help_text="The service that approved the household.",
    )
    approved_on = models.DateField()
    panel_date = models.DateField()
    max_children = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(6)])
    age_min = models.PositiveSmallIntegerField(validators=[MaxValueValidator(21)])
    age_max = models.PositiveSmallIntegerField(validators=[MaxValueValidator(21)])
    placement_types = models.JSONField(
        default=list, help_text="Codes from PlacementType the household is approved for."
    )
    review_due = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["household_id", "-approved_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="approval_age_range_ordered", condition=models.Q(age_min__lte=models.F("age_max"))
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(ended_on__isnull=True),
                name="one_current_approval_per_household",
            ),
        ]
        indexes = [
            # Register search joins the current approval of every candidate: its terms, covered.
            models.Index(
                fields=["household", "age_min", "age_max", "max_children", "placement_types"],
                condition=models.Q(ended_on__isnull=True),
                name="approval_current_terms",
            ),
        ]

    def __str__(self) -> str:
        return f"Approval of {self.household} on {self.approved_on}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    def placement_type_labels(self) -> list[str]:
        labels = dict(PlacementType.choices)
        return [labels.get(code, code) for code in self.placement_types]


class TrainingCourse(models.TextChoices):
    TSD = "tsd", "Training, Support and Development Standards"
    THERAPEUTIC = "therapeutic", "Therapeutic parenting"
    FIRST_AID = "first_aid", "Paediatric first aid"
    DISABILITY = "disability", "Caring for disabled children"
    EXPLOITATION = "exploitation", "Exploitation awareness (CSE and CCE)"
    SAFER_CARING = "safer_caring", "Safer caring"
    TRAUMA = "trauma", "Trauma and attachment"
    UASC = "uasc", "Caring for unaccompanied asylum-seeking children"
    PARENT_AND_CHILD = "parent_and_child", "Parent and child assessment"
    SKILLS_TO_FOSTER = "skills_to_foster", "Skills to Foster"


class Training(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="training")
    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, null=True, blank=True, related_name="training")
    course = models.CharField(max_length=24, choices=TrainingCourse.choices)
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["household_id", "-completed_on"]


def _capability_field(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(choices=CapabilityLevel.choices, default=0, verbose_name=label)


class Capability(models.Model):
    """What a household can meet in each need domain (DESIGN.md §3), as assessed by its
    service, beside what the carers themselves say. The service's assessment governs
    matching; where the two differ the difference is shown (see register.rules)."""

    class Source(models.TextChoices):
        SERVICE = "service", "Fostering service's assessment"
        CARERS = "carers", "Carers' own view"

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="capabilities")
    source = models.CharField(max_length=8, choices=Source.choices)
    emotional = _capability_field("Emotional wellbeing")
    behaviour = _capability_field("Behaviour")
    health = _capability_field("Physical health and disability")
    learning = _capability_field("Learning and education")
    communication = _capability_field("Communication and language")
    identity = _capability_field("Identity, culture and faith")
    family = _capability_field("Family and relationships")
    independence = _capability_field("Independence skills")
    risk_self = _capability_field("Risks to self")
    risk_others = _capability_field("Risks to others")
    assessed_on = models.DateField(default=dt.date.today)
    notes = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["household", "source"], name="one_capability_per_source"),
        ]


class CarerPreferences(models.Model):
    """What the carers would like: ages, sibling groups, needs they feel able to meet."""

    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="preferences")
    preferred_age_min = models.PositiveSmallIntegerField(default=0)
    preferred_age_max = models.PositiveSmallIntegerField(default=18)
    max_sibling_group = models.PositiveSmallIntegerField(default=1)
    notes = models.TextField(blank=True)


class Transfer(models.Model):
    """A household moving from one fostering service to another: it keeps its approval,
    training and placement history; both services see the record."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="transfers")
    from_service = models.ForeignKey(FosteringService, on_delete=models.PROTECT, related_name="transfers_out")
    to_service = models.ForeignKey(FosteringService, on_delete=models.PROTECT, related_name="transfers_in")
    transferred_on = models.DateField()
    reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["household_id", "transferred_on"]


class CarerAccount(models.Model):
    """Links a carer's sign-in to their household."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="carer_account")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="accounts")
    carer = models.ForeignKey(Carer, on_delete=models.SET_NULL, null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} → {self.household}"
