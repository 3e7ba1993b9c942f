"""Enquiries API for fostering services: their queue, one enquiry with its history,
moving it to a later stage (or withdrawn/declined with a reason), and their measures.

Everything is scoped to the caller's own fostering services (accounts.scoping); another
service's enquiry answers 404. Approval stays on the web form, where the service
confirms the terms that create the register household.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from ninja import Field, Router, Schema

from fostering.accounts.models import Role
from fostering.accounts.scoping import require_role

from . import selectors, services
from .measures import measures_for_services
from .models import ServiceEnquiry, Stage

router = Router(tags=["Enquiries"])


class EnquiryOut(Schema):
    id: int = Field(description="The service's enquiry number (use it in the other endpoints)")
    reference: str
    stage: str = Field(
        description="enquiry, first_contact, initial_visit, application, assessment_1, assessment_2, panel, approved, withdrawn or declined"
    )
    received_at: dt.datetime
    first_contact_at: dt.datetime | None
    first_name: str
    last_name: str
    email: str
    phone: str
    postcode: str
    interests: list[str]
    contact_times: list[str]
    source: str
    drop_out_reason: str
    household_id: int | None


class StageChangeOut(Schema):
    from_stage: str
    to_stage: str
    changed_at: dt.datetime
    changed_by: str | None


class EnquiryDetailOut(EnquiryOut):
    history: list[StageChangeOut]


class EnquiryPage(Schema):
    count: int
    page: int
    pages: int
    items: list[EnquiryOut]


class MoveIn(Schema):
    to_stage: str
    reason: str = Field("", description="Required for withdrawn or declined: a DropOutReason code")
    note: str = ""


class FirstContactOut(Schema):
    contacted: int
    within_one_working_day: int
    waiting: int
    waiting_overdue: int
    median_working_days: float | None


class StageCountOut(Schema):
    stage: str
    reached: int
    share_of_previous: float | None


class MeasuresOut(Schema):
    service_id: int
    service_name: str
    enquiries: int
    first_contact: FirstContactOut
    conversion: list[StageCountOut]
    drop_out_reasons: dict[str, int]
    sources: dict[str, int]


def _out(se: ServiceEnquiry) -> dict:
    e = se.enquiry
    return {
        "id": se.id, "reference": e.reference, "stage": se.stage, "received_at": e.created_at,
        "first_contact_at": se.first_contact_at, "first_name": e.first_name, "last_name": e.last_name,
        "email": e.email, "phone": e.phone, "postcode": e.postcode, "interests": e.interests,
        "contact_times": e.contact_times, "source": e.source, "drop_out_reason": se.drop_out_reason,
        "household_id": se.household_id,
    }  # fmt: skip


def _team(request) -> None:
    require_role(request.user, Role.FOSTERING_TEAM)


@router.get("/enquiries", response=EnquiryPage, summary="Your services' enquiries, newest first")
def list_enquiries(request, stage: str | None = None, page: int = 1):
    _team(request)
    if stage and stage not in Stage.values:
        raise ValidationError(f"Unknown stage {stage!r}. Use one of: {', '.join(Stage.values)}.")
    pager = Paginator(selectors.queue_for(request.user, stage=stage), 50)
    current = pager.get_page(page)
    return {
        "count": pager.count,
        "page": current.number,
        "pages": pager.num_pages,
        "items": [_out(se) for se in current],
    }


def _detail(se: ServiceEnquiry) -> dict:
    history = [
        {"from_stage": c.from_stage, "to_stage": c.to_stage, "changed_at": c.changed_at,
         "changed_by": c.changed_by.get_full_name() if c.changed_by else None}
        for c in selectors.history_of(se)
    ]  # fmt: skip
    return {**_out(se), "history": history}


@router.get("/enquiries/measures", response=list[MeasuresOut], summary="Front-door measures for your services")
def enquiry_measures(request):
    _team(request)
    out = []
    for m in measures_for_services(selectors.services_for(request.user)):
        fc = m.first_contact
        out.append({
            "service_id": m.service_id, "service_name": m.service_name, "enquiries": m.enquiries,
            "first_contact": {"contacted": fc.contacted, "within_one_working_day": fc.within_target,
                              "waiting": fc.waiting, "waiting_overdue": fc.waiting_overdue,
                              "median_working_days": fc.median_working_days},
            "conversion": [{"stage": label, "reached": n, "share_of_previous": share} for label, n, share in m.reached],
            "drop_out_reasons": dict(m.drop_out_reasons), "sources": dict(m.sources),
        })  # fmt: skip
    return out


class ComparisonTableOut(Schema):
    title: str
    columns: list[str]
    rows: list[dict[str, Any]] = Field(description="One row per area or service; suppressed figures are null")


class ComparisonOut(Schema):
    local_authority: str | None
    tables: list[ComparisonTableOut]


@router.get(
    "/enquiries/comparison",
    response=ComparisonOut,
    summary="First contact compared across services, authority, region and England (commissioners and analysts)",
)
def enquiry_comparison(request, la: str | None = None):
    from .comparison import comparison

    chosen, tables = comparison(request.user, la or None)
    return {
        "local_authority": chosen.code if chosen else None,
        "tables": [{"title": t.title, "columns": t.column_keys(),
                    "rows": [{**{k: r.get(k) for k in t.column_keys()}, "area_key": r.get("area_key"),
                              "suppressed": r["suppressed"]} for r in t.rows]} for t in tables],
    }  # fmt: skip


@router.get("/enquiries/{enquiry_id}", response=EnquiryDetailOut, summary="One enquiry with its stage history")
def get_enquiry(request, enquiry_id: int):
    _team(request)
    return _detail(selectors.service_enquiry_for(request.user, enquiry_id))


@router.post("/enquiries/{enquiry_id}/stage", response=EnquiryDetailOut, summary="Move an enquiry to a later stage")
def move_enquiry(request, enquiry_id: int, body: MoveIn):
    _team(request)
    se = selectors.service_enquiry_for(request.user, enquiry_id)
    services.move_stage(se, body.to_stage, request.user, body.reason, body.note)
    se.refresh_from_db()
    return _detail(se)
