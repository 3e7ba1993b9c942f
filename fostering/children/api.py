"""Children API: one child's record for their own authority (every read audited).

A child of another authority answers 404 exactly like a child that does not exist, so
the API never reveals that a child is known to the register.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from fostering.core.api_forms import form_data, plain_text, refused, validated
from fostering.core.idempotency import IDEMPOTENCY_OPENAPI, idempotent
from fostering.core.needs import NEED_DOMAINS

from . import selectors, services
from .forms import ChildDetailsForm, NeedsProfileForm
from .models import Child, SiblingGroup

router = Router(tags=["Children"])


class DomainOut(Schema):
    domain: str
    label: str
    need: int
    strength: int
    narrative: str


class NeedsProfileOut(Schema):
    id: int
    assessed_on: dt.date
    assessed_by: str
    sdq_total: int | None
    domains: list[DomainOut]


class VoiceOut(Schema):
    about_me: str
    want_carers_to_know: str
    matters_for_new_home: str
    wants_pets: bool | None
    wants_to_stay_at_school: bool | None


class ImportantPersonOut(Schema):
    name: str
    relationship: str
    keep_in_touch: bool
    contact: str


class ChildOut(Schema):
    id: int
    local_authority: str
    la_child_id: str
    first_name: str
    last_name: str
    date_of_birth: dt.date
    age: int
    sex: str
    ethnicity: str
    religion: str
    first_language: str
    legal_status: str
    category_of_need: str
    uasc: bool
    disability: bool
    in_care: bool
    home_postcode: str
    school_postcode: str
    sibling_group: int | None
    needs_profile: NeedsProfileOut | None
    needs_profiles_count: int
    voice: VoiceOut | None
    important_people: list[ImportantPersonOut]


class ErrorOut(Schema):
    detail: str


def profile_out(profile) -> dict | None:
    if profile is None:
        return None
    return {
        "id": profile.pk,
        "assessed_on": profile.assessed_on,
        "assessed_by": profile.assessed_by,
        "sdq_total": profile.sdq_total,
        "domains": [
            {
                "domain": d.code,
                "label": d.label,
                "need": getattr(profile, f"need_{d.code}"),
                "strength": getattr(profile, f"strength_{d.code}"),
                "narrative": (profile.narratives or {}).get(d.code, ""),
            }
            for d in NEED_DOMAINS
        ],
    }


@router.get(
    "/children/{child_id}",
    response={200: ChildOut, 404: ErrorOut},
    summary="One child's record (your authority's children only; the read is audited)",
)
def get_child(request, child_id: int):
    try:
        child = selectors.get_child(request, child_id)
    except Child.DoesNotExist as exc:
        raise Http404("No such child.") from exc
    return child_out(child)


def child_out(child: Child) -> dict:
    voice = getattr(child, "voice", None)
    return {
        "id": child.pk,
        "local_authority": child.local_authority_id,
        "la_child_id": child.la_child_id,
        "first_name": child.first_name,
        "last_name": child.last_name,
        "date_of_birth": child.date_of_birth,
        "age": child.age_on(),
        "sex": child.sex,
        "ethnicity": child.ethnicity,
        "religion": child.religion,
        "first_language": child.first_language,
        "legal_status": child.legal_status,
        "category_of_need": child.category_of_need,
        "uasc": child.uasc,
        "disability": child.disability,
        "in_care": child.in_care,
        "home_postcode": child.home_postcode,
        "school_postcode": child.school_postcode,
        "sibling_group": child.sibling_group_id,
        "needs_profile": profile_out(selectors.latest_profile(child)),
        "needs_profiles_count": child.needs_profiles.count(),
        "voice": voice,
        "important_people": list(child.important_people.all()),
    }


# ------------------------------------------------------------------ writes for case systems
# Placement officers of the child's authority: the same forms and services as the pages.


class ChildIn(Schema):
    client_reference: str | None = Field(None, max_length=255, description="Your own reference; a repeat replays")
    la_child_id: str = Field(max_length=20, description="Your authority's child ID (SSDA903 CHILD)")
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
    date_of_birth: dt.date
    sex: str = Field(description="SSDA903 SEX: 1 male, 2 female")
    gender: str = ""
    ethnicity: str = Field(description="SSDA903 ETHNIC code, e.g. WBRI")
    religion: str = "not_known"
    first_language: str = "en"
    other_languages: list[str] = Field(default_factory=list)
    home_postcode: str = Field("", max_length=20)
    school_postcode: str = Field("", max_length=20)
    legal_status: str = Field("", description="SSDA903 LS code, e.g. C2")
    category_of_need: str = Field("", description="SSDA903 CIN code, N1 to N8")
    uasc: bool = False
    disability: bool = False
    sibling_group_id: int | None = Field(None, description="An existing sibling group of your authority's children")


class NeedsProfileIn(Schema):
    client_reference: str | None = Field(None, max_length=255)
    assessed_on: dt.date
    assessed_by: str = Field("", max_length=150)
    needs: dict[str, int] = Field(description="Per domain code, 0 no evidence … 3 intensive; every domain")
    strengths: dict[str, int] = Field(description="Per domain code, 0 centrepiece … 3 none identified; every domain")
    narratives: dict[str, str] = Field(default_factory=dict, description="A sentence or two per domain (optional)")
    sdq: dict[str, int] = Field(
        default_factory=dict, description="SDQ scores if known: total (0-40), emotional, conduct, hyperactivity, peer, prosocial (0-10)"
    )


WRITE_ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


@router.post(
    "/children",
    response={201: ChildOut, **WRITE_ERRORS},
    summary="Add a child your authority looks after (placement officers; audited)",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def create_child(request, body: ChildIn):
    from fostering.accounts import scoping
    from fostering.accounts.models import Role

    if not scoping.has_role(request.user, Role.PLACEMENT_OFFICER) or not scoping.local_authority_codes(request.user):
        raise PermissionDenied("Only a local authority's placement officers can add children.")
    plain_text(body.la_child_id, "la_child_id")
    details = body.dict(include=set(ChildDetailsForm.FIELDS))
    form = validated(ChildDetailsForm(form_data(details)), f"Child {body.la_child_id}: ")
    cleaned = {k: form.cleaned_data[k] for k in ChildDetailsForm.FIELDS}
    group = None
    if body.sibling_group_id is not None:
        group = SiblingGroup.objects.filter(
            pk=body.sibling_group_id, children__local_authority_id__in=scoping.local_authority_codes(request.user)
        ).first()
        if group is None:
            raise Http404(f"Your authority has no sibling group {body.sibling_group_id}.")
    try:
        child = services.create_child(
            request, la_child_id=body.la_child_id, category_of_need=body.category_of_need, uasc=body.uasc,
            disability=body.disability, sibling_group=group, **cleaned,
        )  # fmt: skip
    except ValidationError as exc:
        raise refused(exc, f"Child {body.la_child_id}: ")
    return Status(201, child_out(child))


@router.post(
    "/children/{child_id}/needs-profiles",
    response={201: NeedsProfileOut, **WRITE_ERRORS},
    summary="Record a new needs-and-strengths assessment of a child (a new version; audited)",
    openapi_extra=IDEMPOTENCY_OPENAPI,
)
@idempotent
def create_needs_profile(request, child_id: int, body: NeedsProfileIn):
    try:
        child = selectors.get_child(request, child_id)
    except Child.DoesNotExist as exc:
        raise Http404("No such child.") from exc
    unknown = sorted((set(body.needs) | set(body.strengths) | set(body.narratives)) - {d.code for d in NEED_DOMAINS})
    if unknown:
        raise HttpError(400, f"Unknown need domains: {', '.join(unknown)}. Use: {', '.join(d.code for d in NEED_DOMAINS)}.")
    bad_sdq = sorted(set(body.sdq) - {"total", "emotional", "conduct", "hyperactivity", "peer", "prosocial"})
    if bad_sdq:
        raise HttpError(400, f"Unknown SDQ scales: {', '.join(bad_sdq)}.")
    data = {"assessed_on": body.assessed_on, "assessed_by": body.assessed_by}
    for d in NEED_DOMAINS:
        data[f"need_{d.code}"] = body.needs.get(d.code)
        data[f"strength_{d.code}"] = body.strengths.get(d.code)
        data[f"narrative_{d.code}"] = body.narratives.get(d.code)
    data.update({f"sdq_{k}": v for k, v in body.sdq.items()})
    form = validated(NeedsProfileForm(form_data(data)), f"Child {child_id}: ")
    cleaned = form.cleaned_data
    try:
        profile = services.create_needs_profile(
            request, child, assessed_on=cleaned["assessed_on"], assessed_by=cleaned["assessed_by"],
            needs={d.code: cleaned[f"need_{d.code}"] for d in NEED_DOMAINS},
            strengths={d.code: cleaned[f"strength_{d.code}"] for d in NEED_DOMAINS},
            narratives={d.code: cleaned[f"narrative_{d.code}"] for d in NEED_DOMAINS}, sdq=form.sdq_values(),
        )  # fmt: skip
    except ValidationError as exc:
        raise refused(exc, f"Child {child_id}: ")
    return Status(201, profile_out(profile))
