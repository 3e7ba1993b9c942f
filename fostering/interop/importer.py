"""Import an authority's SSDA903 return into the register: children, their placement
episodes and their OC2 (SDQ and health) rows, all or nothing.

1. The pure layer (:mod:`fostering.interop.ssda903`) reads and checks every row of the
   three files; any error rejects the whole return and nothing is written. Errors read
   ``FILE:LINE: COLUMN: message``.
2. One transaction then writes:

   * children by (authority, CHILD): created, or updated when SEX, DOB, ETHNIC, UPN,
     MOTHER or MC_DOB changed, or when the legal status, category of need or in-care flag
     derived from their latest episode changed. ``updated_at`` moves only then.
   * episodes (``placements.Placement``): a child's episodes are compared with the file's;
     identical ones are left alone, otherwise that child's episodes are replaced by the
     file's. Links to register households, services and costs are carried over to the new
     row that starts on the same day (the return does not carry them).
   * OC2 rows (``children.HealthOutcome``, one per child: see its docstring for why not a
     needs profile): created, updated when different, and, when an OC2 file is given,
     removed for children in the header file who are no longer in it.

   Children and episodes of the authority that are *not* in the files are left alone.

Re-importing the same files changes nothing (no row written, no ``updated_at`` moved);
a newer return updates what changed. New episode rows are written with PostgreSQL's COPY
or SQLite's executemany, which keeps an import of a national return to a few seconds.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from fostering.children.models import Child, HealthOutcome
from fostering.core.bulk import _raw_insert, fast_insert
from fostering.geography.models import LocalAuthority
from fostering.placements.models import Placement

from .ssda903 import EpisodeRecord, HeaderRecord, OC2Record, Ssda903Message, read_return
from .ssda903.source import Source

Progress = Callable[[str, int, int], None]  # (phase, done, total)

CHILD_FIELDS = (
    "sex",
    "date_of_birth",
    "ethnicity",
    "upn",
    "mother",
    "mc_dob",
    "legal_status",
    "category_of_need",
    "in_care",
)
# Episode columns in the order compared and written; the model fields they fill.
EPISODE_FIELDS = (
    "started_on",
    "ended_on",
    "rne",
    "legal_status",
    "category_of_need",
    "place",
    "place_provider",
    "reason_ceased",
    "reason_place_change",
    "home_postcode",
    "placement_postcode",
    "urn",
)
CARRIED_FIELDS = ("household_id", "fostering_service_id", "weekly_cost", "distance_from_home_km")
OC2_FIELDS = (
    "sdq_score",
    "sdq_reason",
    "convicted",
    "health_check",
    "immunisations",
    "teeth_check",
    "health_assessment",
    "substance_misuse",
    "intervention_received",
    "intervention_offered",
)
CHUNK = 500


@dataclass
class ImportSummary:
    children_created: int = 0
    children_updated: int = 0
    children_unchanged: int = 0
    episodes_written: int = 0
    episodes_removed: int = 0
    episodes_unchanged: int = 0
    oc2_written: int = 0
    oc2_removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.children_created
            or self.children_updated
            or self.episodes_written
            or self.episodes_removed
            or self.oc2_written
            or self.oc2_removed
        )

    def __str__(self) -> str:
        return (
            f"children: {self.children_created:,} new, {self.children_updated:,} updated, "
            f"{self.children_unchanged:,} unchanged; episodes: {self.episodes_written:,} written, "
            f"{self.episodes_removed:,} replaced, {self.episodes_unchanged:,} unchanged; "
            f"OC2: {self.oc2_written:,} written, {self.oc2_removed:,} removed"
        )


@dataclass
class ImportResult:
    """Either ``errors`` (nothing was written) or a ``summary`` of what was written."""

    errors: list[Ssda903Message] = field(default_factory=list)
    warnings: list[Ssda903Message] = field(default_factory=list)
    summary: ImportSummary | None = None
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def import_return(
    la_code: str,
    *,
    header: Source,
    episodes: Source,
    oc2: Source | None = None,
    names: tuple[str, ...] | None = None,
    user=None,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> ImportResult:
    """Check and import one return for authority ``la_code`` (see the module docstring).

    Raises LocalAuthority.DoesNotExist for an unknown code. ``progress(phase, done,
    total)`` is called with phase "check" while reading and "write" while writing.
    """
    la = LocalAuthority.objects.get(code=la_code)
    read = read_return(
        header,
        episodes,
        oc2,
        names=names,
        today=today,
        progress=(lambda d, t: progress("check", d, t)) if progress else None,
    )
    if not read.ok:
        return ImportResult(errors=list(read.errors), warnings=list(read.warnings), rows=read.rows)
    summary = write_return(la, read.headers, read.episodes, read.oc2 if oc2 is not None else None, progress=progress)
    if user is not None and summary.changed:
        from fostering.accounts import audit

        audit.record(user, "update", object_type="interop.ssda903", object_id=la.code, detail=str(summary))
    return ImportResult(warnings=list(read.warnings), summary=summary, rows=read.rows)


def _episode_key(e: EpisodeRecord) -> tuple:
    return (
        e.decom,
        e.dec,
        e.rne,
        e.ls,
        e.cin,
        e.place,
        e.place_provider,
        e.rec,
        e.reason_place_change,
        e.home_post,
        e.pl_post,
        e.urn,
    )


def _derived(eps: list[EpisodeRecord]) -> tuple[str, str, bool]:
    """Legal status, category of need and in-care flag from the child's latest episode."""
    if not eps:
        return "", "", False
    last = eps[-1]
    return last.ls, last.cin, last.dec is None


def _iso(value) -> str | None:
    return None if value is None else str(value)


class _IsoDates(dict):
    """date -> ISO string (None -> None), computed once per distinct date."""

    def __missing__(self, key):
        text = None if key is None else str(key)
        self[key] = text
        return text


@transaction.atomic
def write_return(
    la: LocalAuthority,
    headers: list[HeaderRecord],
    episodes: list[EpisodeRecord],
    oc2: list[OC2Record] | None,
    *,
    progress: Progress | None = None,
) -> ImportSummary:
    """Write a checked return (all or nothing); see the module docstring."""
    summary = ImportSummary()
    # One import per authority at a time: a second upload waits for the first to commit,
    # then compares against what it wrote (so it cannot insert the same children twice).
    list(LocalAuthority.objects.select_for_update().filter(pk=la.pk).values_list("pk", flat=True))
    now = timezone.now()
    eps_by_child: dict[str, list[EpisodeRecord]] = defaultdict(list)
    for e in episodes:
        eps_by_child[e.child].append(e)
    for eps in eps_by_child.values():
        eps.sort(key=lambda e: (e.decom, e.line))

    # Children ---------------------------------------------------------------------------
    existing = {
        row[1]: row for row in Child.objects.filter(local_authority=la).values_list("id", "la_child_id", *CHILD_FIELDS)
    }
    to_create: list[dict] = []
    to_update: list[Child] = []
    for h in headers:
        ls, cin, in_care = _derived(eps_by_child.get(h.child, []))
        values = (h.sex, h.dob, h.ethnic, h.upn, h.mother, h.mc_dob, ls, cin, in_care)
        row = existing.get(h.child)
        if row is None:
            to_create.append(
                {"local_authority_id": la.code, "la_child_id": h.child, **dict(zip(CHILD_FIELDS, values, strict=True))}
            )
        elif tuple(row[2:]) != values:
            to_update.append(Child(id=row[0], updated_at=now, **dict(zip(CHILD_FIELDS, values, strict=True))))
        else:
            summary.children_unchanged += 1
    fast_insert(Child, to_create, now)
    summary.children_created = len(to_create)
    if to_update:
        Child.objects.bulk_update(to_update, [*CHILD_FIELDS, "updated_at"], batch_size=500)
        summary.children_updated = len(to_update)
    ids = dict(Child.objects.filter(local_authority=la).values_list("la_child_id", "id"))
    file_child_ids = [ids[h.child] for h in headers]

    # Episodes ---------------------------------------------------------------------------
    # Compared as raw database values with dates as ISO strings (what SQLite returns and
    # str() gives for PostgreSQL's dates), which skips Django's per-value converters.
    current: dict[int, list[tuple]] = defaultdict(list)
    carried: dict[int, dict[str, tuple]] = defaultdict(dict)
    if existing:
        meta = Placement._meta
        qn = connection.ops.quote_name
        # Dates come back as text (CAST), which is what is compared and skips the
        # driver's per-value date conversion.
        cols = ", ".join(
            f"CAST({qn(meta.get_field(f).column)} AS TEXT)"
            if f in ("started_on", "ended_on")
            else qn(meta.get_field(f.removesuffix("_id") if f.endswith("_id") else f).column)
            for f in ("child_id", *EPISODE_FIELDS, *CARRIED_FIELDS)
        )
        sql = (
            f"SELECT {cols} FROM {qn(meta.db_table)} WHERE {qn('child_id')} IN "  # noqa: S608 - names from model meta
            f"(SELECT {qn('id')} FROM {qn(Child._meta.db_table)} WHERE {qn('local_authority_id')} = %s) "
            f"ORDER BY {qn('child_id')}, {qn('started_on')}, {qn('source_line')}, {qn('id')}"
        )
        n = len(EPISODE_FIELDS)
        with connection.cursor() as cursor:
            cursor.execute(sql, [la.code])
            for row in cursor.fetchall():
                cid = row[0]
                key = tuple(row[1 : 1 + n])
                current[cid].append(key)
                extra = row[1 + n :]
                if extra[0] is not None or extra[1] is not None or extra[2] is not None or extra[3] is not None:
                    carried[cid][key[0]] = extra
    replace_ids: list[int] = []
    new_rows: list[tuple] = []
    no_extra = (None, None, None, None)
    iso = _IsoDates()
    created = now if connection.vendor == "postgresql" else connection.ops.adapt_datetimefield_value(now)
    for h in headers:
        cid = ids[h.child]
        eps = eps_by_child.get(h.child, [])
        wanted = [
            (iso[e.decom], iso[e.dec], e.rne, e.ls, e.cin, e.place, e.place_provider, e.rec,
             e.reason_place_change, e.home_post, e.pl_post, e.urn)
            for e in eps
        ]  # fmt: skip
        have = current.get(cid)
        if have == wanted or (have is None and not wanted):
            summary.episodes_unchanged += len(wanted)
            continue
        if have:
            replace_ids.append(cid)
            summary.episodes_removed += len(have)
        keep = carried.get(cid, {})
        for e, key in zip(eps, wanted, strict=True):
            new_rows.append((cid, *key, *keep.get(key[0], no_extra), e.line, created))
    for start in range(0, len(replace_ids), CHUNK):
        Placement.objects.filter(child_id__in=replace_ids[start : start + CHUNK]).delete()
    _insert_placements(new_rows, progress)
    summary.episodes_written = len(new_rows)

    # OC2 --------------------------------------------------------------------------------
    if oc2 is not None:
        have_oc2 = {
            row[0]: row
            for row in HealthOutcome.objects.filter(child__local_authority=la).values_list(
                "child_id", *OC2_FIELDS, "id"
            )
        }
        create, update = [], []
        in_file = set()
        for r in oc2:
            cid = ids[r.child]
            in_file.add(cid)
            values = (
                r.sdq_score,
                r.sdq_reason,
                r.convicted,
                r.health_check,
                r.immunisations,
                r.teeth_check,
                r.health_assessment,
                r.substance_misuse,
                r.intervention_received,
                r.intervention_offered,
            )
            row = have_oc2.get(cid)
            if row is None:
                create.append({"child_id": cid, **dict(zip(OC2_FIELDS, values, strict=True))})
            elif tuple(row[1:-1]) != values:
                update.append(HealthOutcome(id=row[-1], updated_at=now, **dict(zip(OC2_FIELDS, values, strict=True))))
        fast_insert(HealthOutcome, create, now)
        HealthOutcome.objects.bulk_update(update, [*OC2_FIELDS, "updated_at"], batch_size=500)
        stale = [cid for cid in file_child_ids if cid in have_oc2 and cid not in in_file]
        for start in range(0, len(stale), CHUNK):
            HealthOutcome.objects.filter(child_id__in=stale[start : start + CHUNK]).delete()
        summary.oc2_written = len(create) + len(update)
        summary.oc2_removed = len(stale)
    return summary


def _insert_placements(rows: list[tuple], progress: Progress | None) -> None:
    """Insert episode rows: (child_id, *EPISODE_FIELDS as compared (ISO dates),
    *CARRIED_FIELDS, source_line, created_at as the driver wants it)."""
    if not rows:
        return
    meta = Placement._meta
    columns = [meta.get_field("child").column]
    columns += [meta.get_field(f).column for f in EPISODE_FIELDS]
    columns += [meta.get_field(f.removesuffix("_id") if f.endswith("_id") else f).column for f in CARRIED_FIELDS]
    columns += [meta.get_field("source_line").column, meta.get_field("created_at").column]
    # Dates are ISO strings already and created_at was adapted by the caller, so the rows
    # go to the driver as they are (Django's SQLite adapter turns Decimal costs into text).
    _raw_insert(meta.db_table, columns, rows, progress)
