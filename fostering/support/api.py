"""Carers' support API: delegated authority, allegations (own service only, every read
audited; another service's allegation answers 404), figures (suppressed) and Staying Put."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from ninja import Router, Schema

from . import allegations, delegation, networks, staying_put

router = Router(tags=["Carers' support"])


class DecisionOut(Schema):
    decision: str
    label: str
    delegated: bool
    reason: str


class DelegatedAuthorityOut(Schema):
    placement_id: int
    agreed_on: dt.date | None
    decisions: list[DecisionOut]


@router.get("/support/placements/{placement_id}/delegated-authority", response=DelegatedAuthorityOut,
            summary="What the carers may decide for the child in a current placement (the child's authority)")  # fmt: skip
def delegated_authority(request, placement_id: int):
    placement = delegation.get_la_placement(request, placement_id)
    current = getattr(placement, "delegated_authority", None)
    return {"placement_id": placement.pk, "agreed_on": current.agreed_on if current else None,
            "decisions": delegation.decisions_for(placement)}  # fmt: skip


@router.get(
    "/support/my-delegated-authority",
    response=list[DelegatedAuthorityOut],
    summary="A carer's own children's delegated authority",
)
def my_delegated_authority(request):
    return [{"placement_id": p.pk, "agreed_on": p.delegated_authority.agreed_on if hasattr(p, "delegated_authority") else None,
             "decisions": p.decisions} for p in delegation.carer_placements(request.user)]  # fmt: skip


class ServiceDelegatedAuthorityOut(DelegatedAuthorityOut):
    household_id: int
    household_reference: str
    started_on: dt.date
    child_age: int


@router.get(
    "/support/service-delegated-authority",
    response=list[ServiceDelegatedAuthorityOut],
    summary="Read-only: delegated authority for the current placements in your service's households (audited)",
)
def service_delegated_authority(request):
    return [
        {"placement_id": p.pk, "household_id": p.household_id, "household_reference": p.household.reference,
         "started_on": p.started_on, "child_age": p.child_age,
         "agreed_on": p.delegated_authority.agreed_on if hasattr(p, "delegated_authority") else None,
         "decisions": p.decisions}
        for p in delegation.service_list(request)
    ]  # fmt: skip


class AllegationOut(Schema):
    id: int
    household_id: int
    household_reference: str
    received_on: dt.date
    category: str
    investigating_officer: str
    independent_support_offered: bool
    independent_support_worker: str
    outcome: str
    concluded_on: dt.date | None
    days: int
    target_days: int
    within_target: bool


def _allegation(a) -> dict:
    return {
        "id": a.pk, "household_id": a.household_id, "household_reference": a.household.reference,
        "received_on": a.received_on, "category": a.category, "investigating_officer": a.investigating_officer,
        "independent_support_offered": a.independent_support_offered,
        "independent_support_worker": a.independent_support_worker, "outcome": a.outcome,
        "concluded_on": a.concluded_on, "days": a.days, "target_days": a.target_days, "within_target": a.within_target,
    }  # fmt: skip


@router.get(
    "/support/allegations", response=list[AllegationOut], summary="Your service's allegations (each read audited)"
)
def allegation_list(request, open_only: bool = False):
    from django.core.exceptions import PermissionDenied

    from fostering.accounts.models import Role
    from fostering.accounts.scoping import has_role

    if not has_role(request.user, Role.FOSTERING_TEAM, Role.ADMINISTRATOR):
        raise PermissionDenied("Allegations are for the household's fostering service and administrators.")
    return [_allegation(a) for a in allegations.list_for(request, open_only=open_only)]


@router.get("/support/allegations/{allegation_id}", response=AllegationOut, summary="One allegation (audited)")
def allegation_detail(request, allegation_id: int):
    try:
        return _allegation(allegations.get(request, allegation_id))
    except allegations.Allegation.DoesNotExist as exc:
        raise Http404("No such allegation.") from exc


class TableOut(Schema):
    title: str
    columns: list[str]
    rows: list[dict[str, Any]]


def _table(t) -> dict:
    keys = t.column_keys()
    return {
        "title": t.title,
        "columns": keys,
        "rows": [{**{k: r.get(k) for k in keys}, "suppressed": r["suppressed"]} for r in t.rows],
    }


@router.get(
    "/support/allegations-figures",
    response=list[TableOut],
    summary="Allegation timing and outcomes per service and for England",
)
def allegation_figures(request):
    return [_table(t) for t in allegations.figures(request.user)]


@router.get(
    "/support/network-analytics",
    response=list[TableOut],
    summary="Stability and retention inside and outside peer-support networks",
)
def network_analytics(request):
    return [_table(t) for t in networks.analytics(request.user) if t is not None]


class YoungPersonOut(Schema):
    child_id: int
    la_child_id: str
    turns_18_on: dt.date
    intention: str | None
    discussed_on: dt.date | None


@router.get("/support/staying-put/without-plan", response=list[YoungPersonOut],
            summary="Your authority's young people turning 18 in the next 12 months without a Staying Put plan")  # fmt: skip
def staying_put_without_plan(request):
    return [{"child_id": c.pk, "la_child_id": c.la_child_id, "turns_18_on": c.turns_18_on,
             "intention": c.intention.intention if c.intention else None,
             "discussed_on": c.intention.discussed_on if c.intention else None}
            for c in staying_put.without_plan_turning_18(request)]  # fmt: skip
