"""What placements cost and what was agreed: frameworks, IFA price schedules and each
placement's weekly cost (carer allowance and fee for LA carers, the agency's price for
IFA placements, bought under a framework or as a spot purchase)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models

from fostering.organisations.models import FosteringService, Organisation
from fostering.placements.models import Placement


class NeedLevel(models.IntegerChoices):
    """Placement need level used for prices and benchmarks (see costs.need_levels)."""

    STANDARD = 1, "Standard"
    ENHANCED = 2, "Enhanced"
    COMPLEX = 3, "Complex"


class Framework(models.Model):
    """A contract between a consortium (or an LA) and IFAs with agreed weekly prices."""

    name = models.CharField(max_length=200)
    commissioning_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="frameworks",
        help_text="The consortium or local authority that let the framework.",
    )  # fmt: skip
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    member_services = models.ManyToManyField(
        FosteringService, blank=True, related_name="frameworks", help_text="The IFAs on the framework."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="framework_ends_after_it_starts",
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PriceSchedule(models.Model):
    """An IFA's weekly price for a need level: under a framework, or its spot price (no framework)."""

    fostering_service = models.ForeignKey(FosteringService, on_delete=models.CASCADE, related_name="price_schedules")
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, null=True, blank=True, related_name="price_schedules",
        help_text="Empty for the agency's spot price.",
    )  # fmt: skip
    need_level = models.PositiveSmallIntegerField(choices=NeedLevel.choices)
    weekly_price = models.DecimalField(max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["fostering_service_id", "framework_id", "need_level"]
        constraints = [
            models.UniqueConstraint(
                fields=["fostering_service", "framework", "need_level"], name="one_price_per_service_framework_level"
            ),
        ]

    @property
    def is_spot(self) -> bool:
        return self.framework_id is None


class PlacementCost(models.Model):
    """How a placement's weekly cost is made up and how it was bought."""

    class Route(models.TextChoices):
        IN_HOUSE = "in_house", "In-house (LA carers)"
        FRAMEWORK = "framework", "Framework"
        SPOT = "spot", "Spot purchase"

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="cost")
    route = models.CharField(max_length=10, choices=Route.choices)
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, null=True, blank=True, related_name="placement_costs"
    )
    need_level = models.PositiveSmallIntegerField(choices=NeedLevel.choices)
    allowance = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, help_text="Carer allowance (LA carers)."
    )
    fee = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True, help_text="Carer fee (LA carers).")
    agency_price = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, help_text="The agency's weekly price (IFA placements)."
    )
    weekly_total = models.DecimalField(max_digits=8, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["placement_id"]
        indexes = [models.Index(fields=["route", "need_level"])]
        constraints = [
            models.CheckConstraint(
                name="framework_route_names_its_framework",
                condition=~models.Q(route="framework") | models.Q(framework__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement}: £{self.weekly_total} a week ({self.get_route_display()})"
