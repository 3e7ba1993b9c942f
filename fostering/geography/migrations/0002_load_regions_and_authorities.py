"""Reference data: England's 9 regions and 153 upper-tier local authorities.

Loaded from data/local_authorities.csv (built from the ONS packages by
fostering.geography.data.build_local_authorities) so every database has them.
"""

import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "data" / "local_authorities.csv"


def load(apps, schema_editor):
    from fostering.geography.regions import REGIONS

    Region = apps.get_model("geography", "Region")
    LocalAuthority = apps.get_model("geography", "LocalAuthority")
    for code, name in REGIONS.items():
        Region.objects.update_or_create(code=code, defaults={"name": name})
    with CSV.open() as f:
        for row in csv.DictReader(f):
            LocalAuthority.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "region_id": row["region"],
                    "centroid_easting": float(row["centroid_easting"]),
                    "centroid_northing": float(row["centroid_northing"]),
                    "postcode_count": int(row["postcodes"]),
                },
            )


class Migration(migrations.Migration):
    dependencies = [("geography", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
