"""Matching pages: the officer's referral matching page (shortlist with breakdown, holds,
shares, offers, carers' interest, timeline), the fostering team's inbox of shared referrals,
and carers' eligible referrals. Thin: services decide; every page works without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fostering.accounts.decorators import role_required
from fostering.accounts.models import Role
from fostering.referrals.anonymise import summary_for
from fostering.referrals.models import Referral
from fostering.vacancies.models import Hold

from . import services
from .models import Offer, ReferralShare


def _error_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or "That could not be done."


def _referral(request: HttpRequest, pk: int) -> Referral:
    try:
        return services.referral_for_officer(request, pk)
    except Referral.DoesNotExist as exc:
        raise Http404("No such referral.") from exc


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


@role_required(Role.PLACEMENT_OFFICER)
def referral_matching(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    errors = []
    provider = request.GET.get("provider", "")
    if provider not in ("", "la", "ifa"):
        errors.append("Choose LA services, IFAs or any provider.")
        provider = ""
    max_km, min_needs = _float(request.GET.get("max_km")), _float(request.GET.get("min_needs"))
    if request.GET.get("max_km") and (max_km is None or max_km <= 0):
        errors.append("Maximum distance must be a number of kilometres above 0.")
        max_km = None
    if request.GET.get("min_needs") and (min_needs is None or not 0 <= min_needs <= 100):
        errors.append("Minimum needs met must be a percentage from 0 to 100.")
        min_needs = None
    try:
        child = int(request.GET.get("child", "0") or 0)
    except ValueError:
        child = 0
    siblings = request.GET.get("siblings", "")
    if siblings not in ("", "together", "apart"):
        errors.append("Choose whether the brothers and sisters live together or in separate homes.")
        siblings = ""
    apart_km = _float(request.GET.get("apart_km"))
    if request.GET.get("apart_km") and (apart_km is None or not 0 < apart_km <= 200):
        errors.append("The most the homes may be apart must be a number of kilometres above 0 and up to 200.")
        apart_km = None
    filters = services.Filters(
        provider=provider,
        max_distance_km=max_km,
        min_needs_met=min_needs,
        child_index=child,
        siblings=siblings,
        apart_km=apart_km or services.engine.DEFAULT_MAX_APART_KM,
    )
    result = None
    if referral.referral_children.exists():
        result = services.shortlist_for(request.user, referral, limit=20, filters=filters)
    maxima = services.component_maxima()
    labels = services.component_labels()
    if result:
        for c in result.candidates:
            c["bars"] = [
                {
                    "code": code,
                    "label": label,
                    "points": c["components"][code],
                    "max": round(maxima[code], 1),
                    "pct": int(round(100 * c["components"][code] / maxima[code])) if maxima[code] else 0,
                }
                for code, label in labels
            ]
    offers = Offer.objects.filter(referral=referral).select_related("household", "fostering_service")
    return render(
        request,
        "matching/referral.html",
        {
            "referral": referral,
            "result": result,
            "labels": labels,
            "filters": filters,
            "filter_errors": errors,
            "holds": services.active_holds(referral),
            "max_holds": services.max_holds(),
            "shares": ReferralShare.objects.filter(referral=referral).select_related("fostering_service"),
            "offers": offers,
            "interests": services.interests_for(referral),
            "timeline": services.timeline(referral),
            "child_range": range(referral.referral_children.count()),
            "child_names": _child_names(referral),
            "apart_top_k": services.APART_TOP_K,
        },
    )


def _child_names(referral: Referral) -> list[str]:
    """The children's first names in the engine's child order (the referral's entries by id);
    the page is the referring authority's own, already audited as a referral read."""
    return [
        entry.child.first_name or f"Child {i}"
        for i, entry in enumerate(referral.referral_children.select_related("child").order_by("pk"), start=1)
    ]


def _back(pk: int) -> HttpResponse:
    return redirect(reverse("matching:referral", args=[pk]))


@require_POST
@role_required(Role.PLACEMENT_OFFICER)
def hold(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    try:
        ids = [int(x) for x in request.POST.getlist("household")]
        per_child = request.POST.get("per_child") == "1"  # siblings apart: one place in each home
        holds = services.hold_households(request.user, referral, ids, places=1 if per_child else None)
        messages.success(request, f"{len(holds)} household(s) held for {referral.reference}.")
    except ValueError:
        messages.error(request, "Choose households from the shortlist.")
    except (*services.MatchingError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    return _back(pk)


@require_POST
@role_required(Role.PLACEMENT_OFFICER)
def release(request: HttpRequest, pk: int, hold_id: int) -> HttpResponse:
    referral = _referral(request, pk)
    try:
        services.release(request.user, referral, hold_id, request.POST.get("reason", ""))
        messages.success(request, "Hold released.")
    except (*services.MatchingError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    except Hold.DoesNotExist as exc:
        raise Http404("No such hold.") from exc
    return _back(pk)


@require_POST
@role_required(Role.PLACEMENT_OFFICER)
def share(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral(request, pk)
    try:
        hours = int(request.POST.get("respond_hours") or services.DEFAULT_RESPOND_HOURS)
        created = services.share(request.user, referral, respond_hours=hours)
        messages.success(request, f"Shared with {len(created)} fostering service(s).")
    except ValueError:
        messages.error(request, "Give the hours services have to respond as a whole number.")
    except (*services.MatchingError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    return _back(pk)


@require_POST
@role_required(Role.PLACEMENT_OFFICER)
def accept(request: HttpRequest, pk: int, offer_id: int) -> HttpResponse:
    referral = _referral(request, pk)
    try:
        placements = services.accept(request.user, referral, offer_id, reason=request.POST.get("reason", ""))
        messages.success(request, f"Offer accepted: {len(placements)} placement(s) started.")
    except Offer.DoesNotExist as exc:
        raise Http404("No such offer.") from exc
    except (*services.MatchingError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    return _back(pk)


# ---------------------------------------------------------------- fostering team


@role_required(Role.FOSTERING_TEAM)
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "matching/inbox.html", {"shares": services.inbox_for(request.user)[:200]})


@role_required(Role.FOSTERING_TEAM)
def inbox_share(request: HttpRequest, share_id: int) -> HttpResponse:
    try:
        share_obj = services.share_for_team(request.user, share_id)
    except ReferralShare.DoesNotExist as exc:
        raise Http404("No such shared referral.") from exc
    error = ""
    if request.method == "POST":
        offer = request.POST.get("answer") == "offer"
        try:
            household = request.POST.get("household")
            services.respond(
                request.user,
                share_id,
                household_id=int(household) if household else None,
                offer=offer,
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, "Your answer was sent to the placement officer.")
            return redirect(reverse("matching:inbox-share", args=[share_id]))
        except ValueError:
            error = "Choose one of your held households."
        except (*services.MatchingError, PermissionDenied) as exc:
            error = _error_text(exc)
    return render(
        request,
        "matching/share.html",
        {
            "share": share_obj,
            "summary": summary_for(share_obj.referral),
            "households": services.held_households_for_share(share_obj),
            "answers": share_obj.offers.select_related("household"),
            "error": error,
        },
        status=400 if error else 200,
    )


# ---------------------------------------------------------------- carers


@role_required(Role.CARER)
def carer_referrals(request: HttpRequest) -> HttpResponse:
    found = services.eligible_referrals_for_carer(request.user)
    household = services.carer_household(request.user)
    interested = set(household.interests.values_list("referral_id", flat=True))
    items = [{"summary": summary_for(r), "pk": r.pk, "interested": r.pk in interested} for r, _ in found]
    return render(request, "matching/carer_referrals.html", {"items": items})


@require_POST
@role_required(Role.CARER)
def carer_interest(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.express_interest(request.user, pk, request.POST.get("note", ""))
        messages.success(request, "Thank you: the child's placement officer can now see your interest.")
    except Referral.DoesNotExist as exc:
        raise Http404("No such referral.") from exc
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    return redirect(reverse("matching:carer-referrals"))
