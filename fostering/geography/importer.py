"""Bulk load of postcodes: streamed in batches, one transaction, progress shown."""

from __future__ import annotations

import re
import sys

from django.db import connection, transaction
from tqdm import tqdm

from .models import LocalAuthority, Postcode
from .postcode_data import iter_english_postcodes, letters, lower_to_upper_tier, upper_tier_of

BATCH = 20_000


def import_postcodes(areas: list[str] | None = None, progress: bool = True) -> int:
    """Replace the postcodes of ``areas`` (or all of England); returns rows written."""
    wanted = None
    if areas:
        wanted = {a.strip().upper() for a in areas}
        bad = sorted(a for a in wanted if not re.fullmatch(r"[A-Z]{1,2}", a))
        if bad:
            raise ValueError(f"Postcode areas are one or two letters, like ME or N: not {bad}.")
    file_letters = sorted({a[0] for a in wanted}) if wanted else letters()
    lookup = lower_to_upper_tier()
    known_las = set(LocalAuthority.objects.values_list("code", flat=True))
    table = Postcode._meta.db_table
    columns = "postcode, district, lower_tier_code, local_authority_id, easting, northing"
    insert = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s)"  # noqa: S608
    written = 0
    bar = tqdm(
        total=None,
        unit=" postcodes",
        disable=not progress or not sys.stderr.isatty(),
        desc="Importing postcodes",
    )
    with transaction.atomic():
        if wanted is None:
            Postcode.objects.all().delete()
        else:
            for area in wanted:
                Postcode.objects.filter(postcode__regex=rf"^{area}[0-9]").delete()
        batch: list[tuple] = []
        with connection.cursor() as cursor:
            for rec in iter_english_postcodes(file_letters):
                outward = rec.postcode.split(" ")[0]
                if wanted is not None and re.match(r"[A-Z]+", outward).group(0) not in wanted:
                    continue
                upper = upper_tier_of(rec.lower_tier_code, lookup)
                batch.append(
                    (
                        rec.postcode,
                        outward,
                        rec.lower_tier_code,
                        upper if upper in known_las else None,
                        rec.easting,
                        rec.northing,
                    )
                )
                if len(batch) >= BATCH:
                    cursor.executemany(insert, batch)
                    written += len(batch)
                    bar.update(len(batch))
                    batch = []
            if batch:
                cursor.executemany(insert, batch)
                written += len(batch)
                bar.update(len(batch))
    bar.close()
    return written
