"""Referral pages: the authority's list, creating a referral from a child's page, the
strengths-first document (and printable version), the anonymised summary, and lifecycle
buttons. Thin: selectors read and audit, services decide."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fostering.accounts.decorators import role_required
from fostering.accounts.models import Role
from fostering.children import selectors as children_selectors
from fostering.children.models import Child
from fostering.homes import selectors as homes_selectors

from . import anonymise, selectors, services
from .forms import ReferralForm, WithdrawForm
from .models import Referral


def _referral_or_404(request: HttpRequest, pk: int) -> Referral:
    try:
        return selectors.get_referral(request, pk)
    except Referral.DoesNotExist as exc:
        raise Http404("No such referral.") from exc


@role_required(Role.PLACEMENT_OFFICER)
def referral_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Referral.Status.values:
        status = ""
    page = Paginator(selectors.referrals_for(request, status), 50).get_page(request.GET.get("page"))
    for r in page:
        r.time_open = services.time_open(r)
    return render(request, "referrals/list.html", {"page": page, "status": status, "statuses": Referral.Status.choices})


@role_required(Role.PLACEMENT_OFFICER)
def referral_new(request: HttpRequest) -> HttpResponse:
    try:
        child = children_selectors.get_child(request, int(request.GET.get("child", "0")))
    except (Child.DoesNotExist, ValueError) as exc:
        raise Http404("Choose a child to refer from their page.") from exc
    siblings = []
    if child.sibling_group_id:
        siblings = list(
            children_selectors.children_for(request)
            .filter(sibling_group_id=child.sibling_group_id)
            .exclude(pk=child.pk)
        )
    form = ReferralForm(request.POST or None, children=[child], siblings=siblings)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = [child, *[s for s in siblings if s.pk in form.chosen_sibling_ids()]]
        together = data["siblings_together"] if len(chosen) > 1 else True
        try:
            referral = services.create_referral(
                request,
                chosen,
                placement_type=data["placement_type"],
                urgency=data["urgency"],
                wanted_start=data["wanted_start"],
                distance_from=data["distance_from"],
                max_distance_km=data["max_distance_km"],
                siblings_together=together,
                apart_reasons={c.pk: data.get(f"apart_reason_{c.pk}", "") for c in chosen},
                open_now=request.POST.get("action") == "open",
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, f"Referral {referral.reference} created.")
            return redirect("referrals:detail", pk=referral.pk)
    return render(request, "referrals/new.html", {"form": form, "child": child})


@role_required(Role.PLACEMENT_OFFICER)
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral_or_404(request, pk)
    doc = selectors.referral_document(referral)
    return render(
        request,
        "referrals/detail.html",
        {
            "doc": doc,
            "referral": referral,
            "time_open": services.time_open(referral),
            "next_steps": sorted(services.TRANSITIONS[referral.status]),
            "withdraw_form": WithdrawForm(),
            "seen": homes_selectors.seen_for_referral(referral),
        },
    )


@role_required(Role.PLACEMENT_OFFICER)
def referral_print(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral_or_404(request, pk)
    return render(request, "referrals/print.html", {"doc": selectors.referral_document(referral), "referral": referral})


def referral_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """The anonymised summary: the referring authority, or a service holding a place."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    referral = Referral.objects.select_related("local_authority").filter(pk=pk).first()
    if referral is None or not anonymise.may_see_summary(request.user, referral):
        raise Http404("No such referral.")
    return render(request, "referrals/summary.html", {"summary": anonymise.summary_for(referral), "referral": referral})


@role_required(Role.PLACEMENT_OFFICER)
@require_POST
def referral_transition(request: HttpRequest, pk: int, to: str) -> HttpResponse:
    referral = _referral_or_404(request, pk)
    if to not in Referral.Status.values:
        raise Http404("No such step.")
    reason = ""
    if to == Referral.Status.WITHDRAWN:
        form = WithdrawForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Enter why the referral is being withdrawn.")
            return redirect("referrals:detail", pk=pk)
        reason = form.cleaned_data["reason"]
    try:
        services.transition(request, referral, to, reason=reason)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    except PermissionDenied:
        raise
    else:
        messages.success(request, f"Referral {referral.reference} is now {Referral.Status(to).label.lower()}.")
    return redirect("referrals:detail", pk=pk)
