"""Regions, upper-tier local authorities and postcodes (ONS codes, British National Grid).

Local authorities and regions are reference data loaded by migration from
``data/local_authorities.csv`` so that every database has them; postcodes are loaded by
``manage.py import_postcodes`` because there are 2.26 million English ones.
"""

from __future__ import annotations

from django.db import models


class Region(models.Model):
    """One of England's nine regions (ONS E12 codes)."""

    code = models.CharField(max_length=9, primary_key=True)
    name = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class LocalAuthority(models.Model):
    """An upper-tier local authority with children's services (UTLA, e.g. E10000016 Kent).

    The centroid is the mean easting/northing of the authority's postcodes, so distances to
    "somewhere in Kent" have a sensible answer when no postcode is known.
    """

    code = models.CharField(max_length=9, primary_key=True)
    name = models.CharField(max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="local_authorities")
    centroid_easting = models.FloatField()
    centroid_northing = models.FloatField()
    postcode_count = models.PositiveIntegerField(
        default=0, help_text="Live postcodes in the authority (a population proxy)."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class Postcode(models.Model):
    """One postcode of the ONS Postcode Directory, normalised as ``ME14 1AA``."""

    postcode = models.CharField(max_length=8, primary_key=True)
    district = models.CharField(max_length=4, db_index=True, help_text="Outward code, e.g. ME14.")
    lower_tier_code = models.CharField(max_length=9)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="postcodes", null=True
    )
    easting = models.FloatField()
    northing = models.FloatField()

    class Meta:
        ordering = ["postcode"]
        indexes = [models.Index(fields=["local_authority", "postcode"])]

    def __str__(self) -> str:
        return self.postcode
