"""Precomputed sufficiency and cost figures.

The national figures take several seconds of SQL to compute, so they are computed by
``manage.py refresh_sufficiency`` (and at the end of demo generation) and stored here, one
row per refresh; pages and the API read the latest row and say how fresh it is.
"""

from __future__ import annotations

from django.db import models


class SufficiencySnapshot(models.Model):
    """Figures per local authority (and monthly series) as of ``computed_at``."""

    class Kind(models.TextChoices):
        SUFFICIENCY = "sufficiency", "Sufficiency"
        COSTS = "costs", "Costs"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    computed_at = models.DateTimeField(db_index=True)
    as_of = models.DateField(help_text="The day the figures describe.")
    seconds = models.FloatField(default=0, help_text="How long the computation took.")
    data = models.JSONField()

    class Meta:
        ordering = ["-computed_at", "-id"]
        get_latest_by = "computed_at"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} figures as of {self.computed_at:%Y-%m-%d %H:%M}"
