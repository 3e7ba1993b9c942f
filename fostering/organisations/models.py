"""Who does what: local authorities, fostering services (LA and IFA), consortia, and the
national/regional bodies whose analysts see aggregates only."""

from __future__ import annotations

from django.db import models

from fostering.geography.models import LocalAuthority, Region


class Organisation(models.Model):
    """The body a user works for. What a user may see is decided by this (see accounts.scoping)."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "la", "Local authority"
        IFA = "ifa", "Independent fostering agency"
        CONSORTIUM = "consortium", "Consortium of local authorities"
        REGIONAL = "regional", "Regional body"
        NATIONAL = "national", "National body"
        OPERATOR = "operator", "Service operator"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    local_authority = models.OneToOneField(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisation",
        help_text="For a local authority: which one.",
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text="For a regional body: the region it covers.",
    )
    member_authorities = models.ManyToManyField(
        LocalAuthority,
        blank=True,
        related_name="consortia",
        help_text="For a consortium: the local authorities commissioning together.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="la_organisation_names_its_authority",
                condition=~models.Q(kind="la") | models.Q(local_authority__isnull=False),
            ),
            models.CheckConstraint(
                name="regional_organisation_names_its_region",
                condition=~models.Q(kind="regional") | models.Q(region__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FosteringService(models.Model):
    """An Ofsted-registered fostering service: an LA's own, or an IFA (private or voluntary)."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "la", "Local authority fostering service"
        IFA = "ifa", "Independent fostering agency"

    class Sector(models.TextChoices):
        PUBLIC = "public", "Public (local authority)"
        PRIVATE = "private", "Private"
        VOLUNTARY = "voluntary", "Voluntary or third sector"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="fostering_services"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    sector = models.CharField(max_length=12, choices=Sector.choices)
    ofsted_urn = models.CharField("Ofsted URN", max_length=12, unique=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fostering_services",
        help_text="For an LA service: its authority. For an IFA: where its office is.",
    )
    regions = models.ManyToManyField(
        Region, blank=True, related_name="fostering_services", help_text="Regions it operates in."
    )
    recruits_within_km = models.PositiveIntegerField(
        default=40, help_text="How far from its office it recruits and supports carers."
    )
    office_easting = models.FloatField(null=True, blank=True)
    office_northing = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ifa(self) -> bool:
        return self.kind == self.Kind.IFA
