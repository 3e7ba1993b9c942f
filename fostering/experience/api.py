"""Children's experience API: survey results against region and England, trends over
rounds, and (for the authority's own staff only) what its children wrote. Small numbers
are null and named in ``suppressed``, like every aggregate in this API."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from ninja import Router, Schema

from . import results
from .models import AdvocacyContact, SurveyRound

router = Router(tags=["Children's experience"])


class RoundOut(Schema):
    id: int
    name: str
    opens_on: str
    closes_on: str


class SurveyTableOut(Schema):
    title: str
    local_authority: str
    columns: list[str]
    rows: list[dict[str, Any]]
    note: str


def _round(round_id: int | None) -> SurveyRound:
    qs = SurveyRound.objects.order_by("-opens_on")
    found = qs.filter(pk=round_id).first() if round_id else qs.first()
    if found is None:
        raise Http404("No such survey round.")
    return found


def _out(table, la) -> dict:
    keys = table.column_keys()
    return {
        "title": table.title,
        "local_authority": la.code,
        "columns": keys,
        "rows": [
            {**{k: r.get(k) for k in keys}, "suppressed": [s for s in r["suppressed"] if s in keys]} for r in table.rows
        ],
        "note": table.note,
    }


@router.get("/experience/rounds", response=list[RoundOut], summary="Survey rounds, newest first")
def rounds(request):
    return [{"id": r.pk, "name": r.name, "opens_on": r.opens_on.isoformat(), "closes_on": r.closes_on.isoformat()}
            for r in SurveyRound.objects.order_by("-opens_on")]  # fmt: skip


@router.get(
    "/experience/results",
    response=SurveyTableOut,
    summary="An authority's survey results against its region and England",
)
def benchmark_results(request, la: str | None = None, round_id: int | None = None):
    authority = results.authority_for(request.user, la)
    return _out(results.benchmarks(request.user, authority, _round(round_id)), authority)


@router.get("/experience/trends", response=SurveyTableOut, summary="An authority's survey results over rounds")
def trend_results(request, la: str | None = None):
    authority = results.authority_for(request.user, la)
    return _out(results.trends(request.user, authority), authority)


@router.get(
    "/experience/comments", response=list[str], summary="What the authority's own children said would make care better"
)
def comments(request, la: str | None = None, round_id: int | None = None):
    authority = results.authority_for(request.user, la)
    return results.comments(request.user, authority, _round(round_id))


class AdvocacyOut(Schema):
    local_authority: str
    service_name: str
    phone: str
    text_number: str
    email: str
    website: str
    hours: str


@router.get("/experience/advocacy/{code}", response=AdvocacyOut, summary="An authority's advocacy service contact")
def advocacy(request, code: str):
    c = AdvocacyContact.objects.filter(local_authority_id=code).first()
    if c is None:
        raise Http404("That authority has not added an advocacy contact.")
    return {"local_authority": code, "service_name": c.service_name, "phone": c.phone, "text_number": c.text_number,
            "email": c.email, "website": c.website, "hours": c.hours}  # fmt: skip
