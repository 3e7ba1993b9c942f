"""Pages for placement officers: their authority's children, needs profiles (strengths
first), the child's voice and the people who matter to them. Thin: selectors read (and
audit), services write."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fostering.accounts.decorators import role_required
from fostering.accounts.models import Role
from fostering.core.codes import LANGUAGES
from fostering.core.needs import NEED_DOMAINS, NeedLevel, StrengthLevel
from fostering.homes import selectors as homes_selectors

from . import selectors, services
from .forms import ChildDetailsForm, ImportantPersonForm, NeedsProfileForm, VoiceForm
from .models import Child


def _child_or_404(request: HttpRequest, pk: int) -> Child:
    try:
        return selectors.get_child(request, pk)
    except Child.DoesNotExist as exc:
        raise Http404("No such child.") from exc


def profile_rows(profile) -> list[dict]:
    """A profile's domains for display: strengths first, needs as what carers give."""
    if profile is None:
        return []
    rows = []
    for d in NEED_DOMAINS:
        need = getattr(profile, f"need_{d.code}")
        strength = getattr(profile, f"strength_{d.code}")
        rows.append(
            {
                "domain": d,
                "need": need,
                "need_label": NeedLevel(need).label,
                "strength": strength,
                "strength_label": StrengthLevel(strength).label,
                "narrative": (profile.narratives or {}).get(d.code, ""),
            }
        )
    return rows


@role_required(Role.PLACEMENT_OFFICER)
def child_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    page = Paginator(selectors.child_list(request, query), 50).get_page(request.GET.get("page"))
    return render(request, "children/list.html", {"page": page, "query": query})


@role_required(Role.PLACEMENT_OFFICER)
def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    child = _child_or_404(request, pk)
    profile = selectors.latest_profile(child)
    rows = profile_rows(profile)
    placements = list(child.placements.order_by("-started_on")[:10])
    seen = homes_selectors.seen_for_placements(placements)  # did the child see each home's profile first?
    for p in placements:
        p.seen = seen.get(p.pk)
    return render(
        request,
        "children/detail.html",
        {
            "child": child,
            "profile": profile,
            "strengths": sorted([r for r in rows if r["strength"] <= 2], key=lambda r: r["strength"]),
            "needs": sorted([r for r in rows if r["need"] >= 1], key=lambda r: -r["need"]),
            "voice": getattr(child, "voice", None),
            "people": child.important_people.all(),
            "health": getattr(child, "health_outcome", None),
            "placements": placements,
            "referrals": child.referral_entries.select_related("referral").order_by("-referral__created_at")[:10],
            "age": child.age_on(),
            "other_languages": [LANGUAGES.get(code, code) for code in child.other_languages or []],
        },
    )


@role_required(Role.PLACEMENT_OFFICER)
def details_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the child's basic details (the read is audited by get_child, the change by the service)."""
    child = _child_or_404(request, pk)
    if request.method == "POST":
        form = ChildDetailsForm(request.POST)
        if form.is_valid():
            try:
                changed = services.update_child_details(request, child, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors[0])
            else:
                if changed:
                    messages.success(request, "The child's details have been saved.")
                else:
                    messages.info(request, "Nothing was changed.")
                return redirect("children:detail", pk=child.pk)
    else:
        form = ChildDetailsForm(initial=ChildDetailsForm.initial_from(child))
    return render(request, "children/details_form.html", {"child": child, "form": form})


@role_required(Role.PLACEMENT_OFFICER)
def needs_history(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        child, profiles, series = selectors.needs_history(request, pk)
    except Child.DoesNotExist as exc:
        raise Http404("No such child.") from exc
    return render(
        request,
        "children/needs_history.html",
        {"child": child, "profiles": profiles, "series": series, "domains": NEED_DOMAINS},
    )


@role_required(Role.PLACEMENT_OFFICER)
def needs_new(request: HttpRequest, pk: int) -> HttpResponse:
    child = _child_or_404(request, pk)
    latest = selectors.latest_profile(child)
    if request.method == "POST":
        form = NeedsProfileForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            services.create_needs_profile(
                request,
                child,
                assessed_on=data["assessed_on"],
                assessed_by=data["assessed_by"],
                needs={d.code: data[f"need_{d.code}"] for d in NEED_DOMAINS},
                strengths={d.code: data[f"strength_{d.code}"] for d in NEED_DOMAINS},
                narratives={d.code: data[f"narrative_{d.code}"] for d in NEED_DOMAINS},
                sdq=form.sdq_values(),
            )
            messages.success(request, "Needs profile saved. Earlier profiles are kept in the history.")
            return redirect("children:detail", pk=child.pk)
    else:
        initial = {}
        if latest is not None:  # start from the last assessment: an officer changes what changed
            for d in NEED_DOMAINS:
                initial[f"need_{d.code}"] = str(getattr(latest, f"need_{d.code}"))
                initial[f"strength_{d.code}"] = str(getattr(latest, f"strength_{d.code}"))
                initial[f"narrative_{d.code}"] = (latest.narratives or {}).get(d.code, "")
        form = NeedsProfileForm(initial=initial)
    return render(request, "children/needs_form.html", {"child": child, "form": form})


@role_required(Role.PLACEMENT_OFFICER)
def voice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    child = _child_or_404(request, pk)
    voice = getattr(child, "voice", None)
    if request.method == "POST":
        form = VoiceForm(request.POST)
        if form.is_valid():
            services.save_voice(request, child, **form.cleaned_data)
            messages.success(request, "The child's voice has been saved.")
            return redirect("children:detail", pk=child.pk)
    else:
        form = VoiceForm(initial=VoiceForm.initial_from(voice))
    return render(request, "children/voice_form.html", {"child": child, "form": form})


@role_required(Role.PLACEMENT_OFFICER)
def important_people(request: HttpRequest, pk: int) -> HttpResponse:
    child = _child_or_404(request, pk)
    if request.method == "POST":
        form = ImportantPersonForm(request.POST)
        if form.is_valid():
            try:
                services.add_important_person(request, child, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error("postcode", exc.messages[0])
            else:
                messages.success(request, f"{form.cleaned_data['name']} has been added.")
                return redirect("children:people", pk=child.pk)
    else:
        form = ImportantPersonForm()
    return render(
        request, "children/people.html", {"child": child, "form": form, "people": child.important_people.all()}
    )


@role_required(Role.PLACEMENT_OFFICER)
@require_POST
def important_person_remove(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    child = _child_or_404(request, pk)
    try:
        services.remove_important_person(request, child, person_pk)
    except child.important_people.model.DoesNotExist as exc:
        raise Http404("No such person.") from exc
    messages.success(request, "The person has been removed.")
    return redirect("children:people", pk=child.pk)


@role_required(Role.PLACEMENT_OFFICER, Role.COMMISSIONER)
def cohort(request: HttpRequest) -> HttpResponse:
    la = request.user.organisation.local_authority_id if request.user.organisation else None
    months = selectors.cohort_needs_by_month(request.user, la or "")
    return render(request, "children/cohort.html", {"months": months[-12:], "domains": NEED_DOMAINS})
