"""Pages: the children's survey (no account, one-time link), results for authorities,
the children's rights pages and the advocacy contact. Thin: rules live in links.py,
results.py and rights.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from fostering.accounts import audit, scoping
from fostering.accounts.decorators import role_required
from fostering.accounts.models import Role
from fostering.core.suppression import display
from fostering.geography.models import LocalAuthority

from . import links, results
from .forms import AdvocacyContactForm, OneLinkForm, SurveyForm
from .models import AdvocacyContact, SurveyRound
from .questions import AgeGroup
from .rights import RIGHTS

UNUSABLE = {
    "unknown": (
        "This link does not work",
        "Check you copied the whole link. If it still does not work, ask your social worker for a new one.",
    ),  # noqa: E501
    "used": ("You have already filled in this survey", "Thank you. Each link can only be used once."),
    "expired": ("This link has run out", "Links only work for a few weeks. Ask your social worker for a new one."),
}


def _unusable(request: HttpRequest, reason: str) -> HttpResponse:
    title, body = UNUSABLE[reason]
    status = 410 if reason in {"used", "expired"} else 404
    return render(request, "experience/link_unusable.html", {"title": title, "body": body}, status=status)


@never_cache
def survey(request: HttpRequest, token: str) -> HttpResponse:
    """A child fills in the survey from their one-time link: no account, no JavaScript needed."""
    try:
        link = links.find_link(token)
    except links.LinkUnusable as exc:
        return _unusable(request, exc.reason)
    form = SurveyForm(request.POST if request.method == "POST" else None, age_group=link.age_group)
    if request.method == "POST" and form.is_valid():
        try:
            links.submit(token, form.answers(), form.cleaned_data["better_care"])
        except links.LinkUnusable as exc:
            return _unusable(request, exc.reason)
        url = reverse("experience:rights", args=[link.age_group]) + f"?la={link.local_authority_id}"
        return render(request, "experience/thanks.html", {"rights_url": url})
    return render(request, "experience/survey.html", {"form": form, "link": link})


def _table_context(table) -> dict:
    return {
        "title": table.title,
        "note": table.note,
        "columns": table.columns,
        "rows": [[display(r, c) for c in table.columns] for r in table.rows],
    }


def _round_or_latest(request: HttpRequest) -> SurveyRound | None:
    rid = request.GET.get("round")
    if rid and rid.isdigit():
        return get_object_or_404(SurveyRound, pk=int(rid))
    return SurveyRound.objects.order_by("-opens_on").first()


@role_required(Role.PLACEMENT_OFFICER, Role.COMMISSIONER, Role.ANALYST)
def results_page(request: HttpRequest) -> HttpResponse:
    """An authority's results against its region and England, and its trend over rounds."""
    la = results.authority_for(request.user, request.GET.get("la"))
    survey_round = _round_or_latest(request)
    context = {
        "la": la,
        "authorities": results.result_authorities(request.user),
        "rounds": SurveyRound.objects.order_by("-opens_on"),
        "round": survey_round,
        "may_read_comments": results.may_read_comments(request.user, la),
    }
    if survey_round is not None:
        context["benchmarks"] = _table_context(results.benchmarks(request.user, la, survey_round))
        context["trends"] = _table_context(results.trends(request.user, la))
    return render(request, "experience/results.html", context)


@role_required(Role.PLACEMENT_OFFICER, Role.COMMISSIONER)
def comments_page(request: HttpRequest) -> HttpResponse:
    """What the authority's own children said would make care better (that authority only)."""
    la = results.authority_for(request.user, request.GET.get("la"))
    survey_round = _round_or_latest(request)
    if survey_round is None:
        raise Http404("There are no survey rounds yet.")
    texts = results.comments(request.user, la, survey_round)
    return render(request, "experience/comments.html", {"la": la, "round": survey_round, "texts": texts,
                                                         "rounds": SurveyRound.objects.order_by("-opens_on")})  # fmt: skip


@role_required(Role.PLACEMENT_OFFICER)
def links_page(request: HttpRequest) -> HttpResponse:
    """Survey rounds and how many of the authority's links were issued and used."""
    code = links.issuing_authority(request.user)
    rounds = [
        {
            "round": r,
            "counts": links.link_counts(request.user, r),
            "eligible": links.eligible_children(request.user, r).count(),
        }
        for r in SurveyRound.objects.order_by("-opens_on")
    ]
    return render(request, "experience/links.html", {
        "rounds": rounds, "la": LocalAuthority.objects.get(code=code), "today": timezone.localdate(),
    })  # fmt: skip


@require_POST
@role_required(Role.PLACEMENT_OFFICER)
def issue_links(request: HttpRequest, round_id: int) -> HttpResponse:
    """Issue links to every eligible child and show them once (only hashes are kept)."""
    survey_round = get_object_or_404(SurveyRound, pk=round_id)
    issued = links.issue_links(request.user, survey_round)
    base = request.build_absolute_uri("/")[:-1]
    rows = [{"child": i.child, "age_group": i.link.get_age_group_display(), "expires_at": i.link.expires_at,
             "url": base + reverse("experience:survey", args=[i.token])} for i in issued]  # fmt: skip
    response = render(request, "experience/issued.html", {"round": survey_round, "rows": rows})
    response["Cache-Control"] = "no-store"
    return response


@role_required(Role.PLACEMENT_OFFICER)
def issue_one_link(request: HttpRequest, round_id: int) -> HttpResponse:
    """Issue one child's link (their age picks the version) and show it once to pass on."""
    survey_round = get_object_or_404(SurveyRound, pk=round_id)
    links.issuing_authority(request.user)
    form = OneLinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            one = links.issue_one_link(request.user, survey_round, form.cleaned_data["la_child_id"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("la_child_id", message)
        else:
            i = one.issued
            audit.record(request, "read", i.child, detail="survey link issued")
            rows = [{"child": i.child, "age_group": i.link.get_age_group_display(), "expires_at": i.link.expires_at,
                     "url": request.build_absolute_uri(reverse("experience:survey", args=[i.token]))}]  # fmt: skip
            response = render(
                request, "experience/issued.html", {"round": survey_round, "rows": rows, "replaced": one.replaced}
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "experience/issue_one.html", {"form": form, "round": survey_round})


def rights_index(request: HttpRequest) -> HttpResponse:
    return render(
        request, "experience/rights_index.html", {"groups": AgeGroup.choices, "la": request.GET.get("la", "")}
    )


def rights(request: HttpRequest, age_group: str) -> HttpResponse:
    """A children's page about their rights, with their authority's advocacy contact."""
    if age_group not in RIGHTS:
        raise Http404("No such age group.")
    code = request.GET.get("la", "")
    la = LocalAuthority.objects.filter(code=code).first() if code else None
    contact = AdvocacyContact.objects.filter(local_authority=la).first() if la else None
    return render(request, "experience/rights.html", {
        "content": RIGHTS[age_group], "age_group": age_group, "la": la, "contact": contact,
        "authorities": LocalAuthority.objects.order_by("name").only("code", "name"),
    })  # fmt: skip


@role_required(Role.PLACEMENT_OFFICER, Role.COMMISSIONER)
def advocacy_edit(request: HttpRequest) -> HttpResponse:
    """The authority's placement officers and commissioners keep its advocacy contact up to date."""
    codes = scoping.local_authority_codes(request.user)
    if not codes:
        raise PermissionDenied("Only a local authority's staff can change its advocacy contact.")
    la = LocalAuthority.objects.get(code=sorted(codes)[0])
    instance = AdvocacyContact.objects.filter(local_authority=la).first() or AdvocacyContact(local_authority=la)
    form = AdvocacyContactForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        contact = form.save(commit=False)
        contact.updated_by = request.user
        contact.save()
        messages.success(request, "Advocacy contact saved. Children see it on their rights pages.")
        return redirect("experience:advocacy")
    return render(request, "experience/advocacy_form.html", {"form": form, "la": la, "contact": instance})
