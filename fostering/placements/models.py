"""Placements: a child living somewhere from a start date to an end date.

A placement is an SSDA903 episode (DECOM … DEC) with its codes, linked to a register
household when the child lives with one. Vacancies are derived from the placements that
are current on a day (started, not ended).
"""

from __future__ import annotations

from django.db import models

from fostering.children.models import Child
from fostering.core.codes import (
    FOSTER_PLACE_CODES,
    UNPLANNED_REASONS,
    CategoryOfNeed,
    LegalStatus,
    PlaceCode,
    PlaceProvider,
    ReasonEpisodeCeased,
    ReasonNewEpisode,
    ReasonPlaceChange,
)
from fostering.organisations.models import FosteringService
from fostering.register.models import Household


class PlacementQuerySet(models.QuerySet):
    def current_on(self, day):
        return self.filter(started_on__lte=day).filter(models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=day))

    def current(self):
        return self.filter(ended_on__isnull=True)

    def foster(self):
        return self.filter(place__in=FOSTER_PLACE_CODES)


class Placement(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="placements")
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="placements"
    )
    fostering_service = models.ForeignKey(
        FosteringService, on_delete=models.PROTECT, null=True, blank=True, related_name="placements"
    )
    started_on = models.DateField("Start (DECOM)")
    ended_on = models.DateField("End (DEC)", null=True, blank=True)
    rne = models.CharField("Reason for new episode", max_length=1, choices=ReasonNewEpisode.choices, default="P")
    legal_status = models.CharField(max_length=2, choices=LegalStatus.choices, blank=True)
    category_of_need = models.CharField(max_length=2, choices=CategoryOfNeed.choices, blank=True)
    place = models.CharField(max_length=2, choices=PlaceCode.choices)
    place_provider = models.CharField(max_length=3, choices=PlaceProvider.choices, blank=True)
    reason_ceased = models.CharField("REC", max_length=3, choices=ReasonEpisodeCeased.choices, blank=True)
    reason_place_change = models.CharField(max_length=6, choices=ReasonPlaceChange.choices, blank=True)
    home_postcode = models.CharField("HOME_POST", max_length=8, blank=True)
    placement_postcode = models.CharField("PL_POST", max_length=8, blank=True)
    urn = models.CharField("Ofsted URN of the provider", max_length=12, blank=True)
    distance_from_home_km = models.FloatField(null=True, blank=True)
    weekly_cost = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    source_line = models.PositiveIntegerField(null=True, blank=True, help_text="Line in the imported episodes file.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["child_id", "started_on", "id"]
        indexes = [
            models.Index(fields=["household", "ended_on"]),
            models.Index(fields=["started_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="placement_ends_after_it_starts",
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} {self.place} from {self.started_on}"

    @property
    def is_foster(self) -> bool:
        return self.place in FOSTER_PLACE_CODES

    @property
    def ended_unplanned(self) -> bool:
        return self.reason_place_change in UNPLANNED_REASONS
