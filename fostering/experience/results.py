"""Survey results: an authority against its region and England, trends over rounds, and
the authority's own answers to "what would make care better?".

Decisions:
* A figure is the share of children who gave the happy answer ("Yes"/"Happy") among those
  who answered the question (skips are left out).
* Small numbers are suppressed for *every* viewer, the authority's own staff included:
  with fewer than 5 answers a share could reveal what one child said. Suppression uses
  fostering.core.suppression, so pages say "fewer than 5" and the API answers null.
* Who may see which authority: its own staff and its consortium's commissioners
  (accounts.scoping.commissioning_authority_codes / local_authority_codes), and analysts
  for any authority (aggregates only). Free text only ever goes to the authority's own
  staff (scoping.local_authority_codes: its placement officers and commissioners).
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q

from fostering.accounts import audit, scoping
from fostering.core.suppression import Column, Table, suppress_table
from fostering.geography.models import LocalAuthority

from .models import SurveyResponse, SurveyRound
from .questions import QUESTIONS


def result_authorities(user) -> list[LocalAuthority]:
    """Authorities whose results the user may see."""
    if scoping.sees_aggregates_only(user):
        return list(LocalAuthority.objects.order_by("name"))
    codes = scoping.local_authority_codes(user) | scoping.commissioning_authority_codes(user)
    return list(LocalAuthority.objects.filter(code__in=codes).order_by("name"))


def authority_for(user, code: str | None) -> LocalAuthority:
    """The requested authority if the user may see it (their own by default)."""
    allowed = result_authorities(user)
    if not allowed:
        raise PermissionDenied("Survey results are for local authority staff, commissioners and analysts.")
    if not code:
        own = scoping.local_authority_codes(user) | scoping.commissioning_authority_codes(user)
        return next((la for la in allowed if la.code in own), allowed[0])
    for la in allowed:
        if la.code == code:
            return la
    raise PermissionDenied("You cannot see that authority's survey results.")


def _counts_by_authority(round_ids: list[int]) -> dict[tuple[int, str], dict[str, tuple[int, int]]]:
    """(round, authority) → question → (answered, happy)."""
    annotations = {}
    for q in QUESTIONS:
        annotations[f"{q.code}__n"] = Count("id", filter=Q(**{f"{q.code}__isnull": False}))
        annotations[f"{q.code}__yes"] = Count("id", filter=Q(**{q.code: 3}))
    rows = (
        SurveyResponse.objects.filter(round_id__in=round_ids)
        .values("round_id", "local_authority_id")
        .annotate(responses=Count("id"), **annotations)
        .order_by()
    )
    out: dict[tuple[int, str], dict[str, tuple[int, int]]] = {}
    for r in rows:
        figures = {q.code: (r[f"{q.code}__n"], r[f"{q.code}__yes"]) for q in QUESTIONS}
        figures["_responses"] = (r["responses"], r["responses"])
        out[(r["round_id"], r["local_authority_id"])] = figures
    return out


def _sum(figures: list[dict[str, tuple[int, int]]]) -> dict[str, tuple[int, int]]:
    total: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for f in figures:
        for code, (n, yes) in f.items():
            total[code][0] += n
            total[code][1] += yes
    return {code: (v[0], v[1]) for code, v in total.items()}


BENCHMARK_COLUMNS = (
    Column("question", "Children who said yes to", kind="text"),
    Column("la_answered", "Answered (your authority)"),
    Column("la_share", "Your authority", kind="share", base="la_answered"),
    Column("region_answered", "Answered (region)"),
    Column("region_share", "Region", kind="share", base="region_answered"),
    Column("england_answered", "Answered (England)"),
    Column("england_share", "England", kind="share", base="england_answered"),
)


def _share(n: int, yes: int) -> float | None:
    return yes / n if n else None


def benchmarks(user, la: LocalAuthority, survey_round: SurveyRound) -> Table:
    """One row per question: the authority's share of happy answers beside its region's and England's."""
    counts = _counts_by_authority([survey_round.pk])
    region_codes = set(LocalAuthority.objects.filter(region_id=la.region_id).values_list("code", flat=True))
    own = counts.get((survey_round.pk, la.code), {})
    region = _sum([f for (_, code), f in counts.items() if code in region_codes])
    england = _sum(list(counts.values()))
    rows = []
    for q in QUESTIONS:
        la_n, la_yes = own.get(q.code, (0, 0))
        r_n, r_yes = region.get(q.code, (0, 0))
        e_n, e_yes = england.get(q.code, (0, 0))
        rows.append({
            "area_key": q.code, "question": q.short,
            "la_answered": la_n, "la_share": _share(la_n, la_yes),
            "region_answered": r_n, "region_share": _share(r_n, r_yes),
            "england_answered": e_n, "england_share": _share(e_n, e_yes),
        })  # fmt: skip
    responses = {
        "la": own.get("_responses", (0, 0))[0],
        "region": region.get("_responses", (0, 0))[0],
        "england": england.get("_responses", (0, 0))[0],
    }
    table = Table(
        "benchmarks", f"{survey_round.name}: {la.name} against {la.region.name} and England", BENCHMARK_COLUMNS, rows,
        note=f"Responses: {la.name} {responses['la']}, region {responses['region']}, England {responses['england']}.",
    )  # fmt: skip
    return suppress_table(table, lambda _row: True)


def trend_columns() -> tuple[Column, ...]:
    return (
        Column("round", "Survey round", kind="text"),
        Column("responses", "Responses"),
        *(Column(q.code, q.short, kind="share", base=f"{q.code}_answered") for q in QUESTIONS),
    )


def trends(user, la: LocalAuthority) -> Table:
    """The authority's share of happy answers per question in every round (oldest first)."""
    rounds = list(SurveyRound.objects.order_by("opens_on"))
    counts = _counts_by_authority([r.pk for r in rounds])
    columns = trend_columns()
    hidden_bases = tuple(Column(f"{q.code}_answered", "", kind="count") for q in QUESTIONS)
    rows = []
    for r in rounds:
        f = counts.get((r.pk, la.code), {})
        row = {"area_key": str(r.pk), "round": r.name, "responses": f.get("_responses", (0, 0))[0]}
        for q in QUESTIONS:
            n, yes = f.get(q.code, (0, 0))
            row[f"{q.code}_answered"] = n
            row[q.code] = _share(n, yes)
        rows.append(row)
    # The answered counts take part in suppression but are not shown as columns.
    table = suppress_table(
        Table("trends", f"{la.name} over survey rounds", columns + hidden_bases, rows), lambda _r: True
    )
    return Table(table.key, table.title, columns, table.rows, "Share of children who gave the happy answer.")


def comments(user, la: LocalAuthority, survey_round: SurveyRound) -> list[str]:
    """The authority's own children's answers to "what would make care better?", only for
    that authority's placement officers and commissioners. Sorted, not in submission order."""
    if la.code not in scoping.local_authority_codes(user):
        raise PermissionDenied("Only the authority's own staff can read what its children wrote.")
    texts = sorted(
        SurveyResponse.objects.filter(round=survey_round, local_authority=la)
        .exclude(better_care="")
        .values_list("better_care", flat=True)
    )
    audit.record(user, "read", object_type="experience.surveyresponse", object_id=survey_round.pk,
                 detail=f"free-text answers of {la.code}")  # fmt: skip
    return texts


def may_read_comments(user, la: LocalAuthority) -> bool:
    return la.code in scoping.local_authority_codes(user)
