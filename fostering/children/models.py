"""Children looked after, their needs-and-strengths profiles over time, and their voice.

Only the child's own local authority reads these records (and a receiving service reads
a shared referral's anonymised summary, never this). Every read is audited via
children.selectors.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator
from django.db import models

from fostering.core.codes import (
    LANGUAGE_CHOICES,
    CategoryOfNeed,
    Ethnicity,
    Gender,
    LegalStatus,
    Religion,
    Sex,
)
from fostering.core.needs import NeedLevel, StrengthLevel
from fostering.geography.models import LocalAuthority


class SiblingGroup(models.Model):
    """Links brothers and sisters, possibly looked after by different authorities."""

    name = models.CharField(max_length=100, blank=True, help_text="A label, e.g. the family surname.")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name or f"Sibling group {self.pk}"


class Child(models.Model):
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="children")
    la_child_id = models.CharField("LA child ID (SSDA903 CHILD)", max_length=20)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    gender = models.CharField(max_length=12, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices)
    religion = models.CharField(max_length=12, choices=Religion.choices, default=Religion.NOT_KNOWN)
    first_language = models.CharField(max_length=8, choices=LANGUAGE_CHOICES, default="en")
    other_languages = models.JSONField(default=list, blank=True)
    legal_status = models.CharField(max_length=2, choices=LegalStatus.choices, blank=True)
    category_of_need = models.CharField(max_length=2, choices=CategoryOfNeed.choices, blank=True)
    uasc = models.BooleanField("Unaccompanied asylum-seeking child", default=False)
    disability = models.BooleanField(default=False)
    upn = models.CharField("Unique pupil number", max_length=13, blank=True)
    mother = models.BooleanField("Is a mother (SSDA903 MOTHER)", null=True, blank=True)
    mc_dob = models.DateField("Date of birth of the child's own child (SSDA903 MC_DOB)", null=True, blank=True)
    home_postcode = models.CharField(max_length=8, blank=True)
    home_easting = models.FloatField(null=True, blank=True)
    home_northing = models.FloatField(null=True, blank=True)
    school_postcode = models.CharField(max_length=8, blank=True)
    school_easting = models.FloatField(null=True, blank=True)
    school_northing = models.FloatField(null=True, blank=True)
    sibling_group = models.ForeignKey(
        SiblingGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    in_care = models.BooleanField(default=True, help_text="Currently looked after.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["local_authority_id", "la_child_id"]
        verbose_name_plural = "children"
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "la_child_id"], name="child_id_unique_per_la"),
        ]

    def __str__(self) -> str:
        return f"Child {self.la_child_id} ({self.local_authority_id})"

    def age_on(self, day: dt.date | None = None) -> int:
        day = day or dt.date.today()
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def _need_field(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(choices=NeedLevel.choices, default=0, verbose_name=f"{label} need")


def _strength_field(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(choices=StrengthLevel.choices, default=3, verbose_name=f"{label} strength")


class NeedsProfile(models.Model):
    """A dated assessment of a child's needs and strengths in every domain. Versions are
    kept: a new assessment is a new row, so change over time can be shown."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="needs_profiles")
    assessed_on = models.DateField()
    assessed_by = models.CharField(max_length=150, blank=True)
    need_emotional = _need_field("Emotional wellbeing")
    need_behaviour = _need_field("Behaviour")
    need_health = _need_field("Physical health and disability")
    need_learning = _need_field("Learning and education")
    need_communication = _need_field("Communication and language")
    need_identity = _need_field("Identity, culture and faith")
    need_family = _need_field("Family and relationships")
    need_independence = _need_field("Independence skills")
    need_risk_self = _need_field("Risks to self")
    need_risk_others = _need_field("Risks to others")
    strength_emotional = _strength_field("Emotional wellbeing")
    strength_behaviour = _strength_field("Behaviour")
    strength_health = _strength_field("Physical health and disability")
    strength_learning = _strength_field("Learning and education")
    strength_communication = _strength_field("Communication and language")
    strength_identity = _strength_field("Identity, culture and faith")
    strength_family = _strength_field("Family and relationships")
    strength_independence = _strength_field("Independence skills")
    strength_risk_self = _strength_field("Risks to self")
    strength_risk_others = _strength_field("Risks to others")
    narratives = models.JSONField(default=dict, blank=True, help_text="Short narrative per domain code.")
    sdq_total = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(40)])
    sdq_emotional = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(10)])
    sdq_conduct = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(10)])
    sdq_hyperactivity = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(10)])
    sdq_peer = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(10)])
    sdq_prosocial = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(10)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["child_id", "-assessed_on", "-id"]
        indexes = [models.Index(fields=["child", "assessed_on"])]

    def __str__(self) -> str:
        return f"Needs profile of {self.child} on {self.assessed_on}"


class ChildVoice(models.Model):
    """What the child says about themselves, in their own words."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="voice")
    about_me = models.TextField(blank=True)
    want_carers_to_know = models.TextField(blank=True)
    matters_for_new_home = models.TextField(blank=True)
    wants_pets = models.BooleanField(null=True, blank=True)
    wants_to_stay_at_school = models.BooleanField(null=True, blank=True)
    faith_matters = models.PositiveSmallIntegerField(default=0, help_text="0 not important … 2 very important")
    language_matters = models.PositiveSmallIntegerField(default=0)
    culture_matters = models.PositiveSmallIntegerField(default=0)
    food = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)


class ImportantPerson(models.Model):
    """Who is important to the child, and whether and how contact is to be kept."""

    class Contact(models.TextChoices):
        FACE_TO_FACE = "face_to_face", "Face to face"
        SUPERVISED = "supervised", "Supervised"
        PHONE_VIDEO = "phone_video", "Phone or video"
        LETTERBOX = "letterbox", "Letterbox"
        NONE = "none", "No contact"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="important_people")
    name = models.CharField(max_length=100)
    relationship = models.CharField(max_length=100)
    keep_in_touch = models.BooleanField(default=True)
    contact = models.CharField(max_length=16, choices=Contact.choices, default=Contact.FACE_TO_FACE)
    postcode = models.CharField(max_length=8, blank=True)
    easting = models.FloatField(null=True, blank=True)
    northing = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["child_id", "id"]


class HealthOutcome(models.Model):
    """A child's SSDA903 OC2 row: SDQ score (or why there is none) and the health flags.

    Decision (issue 4): OC2 is stored as its own record, one per child, replaced by each
    newer return, rather than as a NeedsProfile version: an OC2 row is not an assessment
    of needs and strengths, and inventing one would pollute the needs history. The SDQ
    total is shown beside the needs profiles on the child's page.
    """

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="health_outcome")
    sdq_score = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(40)])
    sdq_reason = models.CharField(max_length=4, blank=True)
    convicted = models.BooleanField(null=True, blank=True)
    health_check = models.BooleanField(null=True, blank=True)
    immunisations = models.BooleanField(null=True, blank=True)
    teeth_check = models.BooleanField(null=True, blank=True)
    health_assessment = models.BooleanField(null=True, blank=True)
    substance_misuse = models.BooleanField(null=True, blank=True)
    intervention_received = models.BooleanField(null=True, blank=True)
    intervention_offered = models.BooleanField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"OC2 of {self.child}"
