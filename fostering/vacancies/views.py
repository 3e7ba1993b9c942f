"""Vacancy pages: the service confirms its vacancies in one click; carers keep their own
availability up to date. Work without JavaScript (plain forms that POST and redirect)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from fostering.accounts.decorators import role_required
from fostering.accounts.models import Role
from fostering.register import selectors as register_selectors
from fostering.register.models import Household
from fostering.register.serialisers import full_household

from . import selectors, services
from .errors import VacancyError
from .forms import AvailabilityForm, HoldForm
from .models import Availability, Hold


def _household_managed_by(user, pk: int) -> Household:
    household = Household.objects.filter(pk=pk).first()
    if household is None or not services.may_manage(user, household):
        raise Http404("No such household.")
    return household


@role_required(Role.FOSTERING_TEAM, Role.ADMINISTRATOR)
def service_vacancies(request: HttpRequest) -> HttpResponse:
    stale_only = request.GET.get("stale") == "1"
    page = Paginator(selectors.service_vacancies(request.user, stale_only=stale_only), 50).get_page(
        request.GET.get("page")
    )
    page.rows = [full_household(h) for h in page.object_list]
    return render(request, "vacancies/service_vacancies.html", {"page": page, "stale_only": stale_only})


@require_POST
@role_required(Role.FOSTERING_TEAM, Role.CARER, Role.ADMINISTRATOR)
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """One click: "still accurate". Records who and when; the vacancy turns fresh."""
    household = _household_managed_by(request.user, pk)
    services.confirm_availability(request.user, household)
    messages.success(request, f"Vacancy for household {household.reference} confirmed.")
    nxt = request.POST.get("next") or reverse("vacancies:service-vacancies")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        nxt = reverse("vacancies:service-vacancies")
    return redirect(nxt)


def _availability_page(request: HttpRequest, household: Household, template: str, done_url: str) -> HttpResponse:
    current = Availability.objects.filter(household=household).first()
    initial = {}
    if current:
        initial = {f: getattr(current, f) for f in ("available_from", "available_until", "temporarily_unavailable",
                                                      "unavailable_reason")}  # fmt: skip
    form = AvailabilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_availability(request.user, household, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "Availability saved and confirmed.")
            return redirect(done_url)
    h = full_household(register_selectors.with_display_data(Household.objects.filter(pk=household.pk)).get())
    return render(request, template, {"form": form, "h": h, "household": household})


@role_required(Role.CARER)
def my_availability(request: HttpRequest) -> HttpResponse:
    household = register_selectors.my_household(request.user)
    if household is None:
        return render(request, "vacancies/my_availability.html", {"h": None})
    return _availability_page(
        request, household, "vacancies/my_availability.html", reverse("vacancies:my-availability")
    )


@role_required(Role.FOSTERING_TEAM, Role.ADMINISTRATOR)
def household_availability(request: HttpRequest, pk: int) -> HttpResponse:
    household = _household_managed_by(request.user, pk)
    return _availability_page(
        request, household, "vacancies/household_availability.html",
        reverse("register:household-detail", args=[household.pk]),
    )  # fmt: skip


def _officer_referrals(user):
    from fostering.accounts.scoping import local_authority_codes
    from fostering.referrals.models import Referral

    return Referral.objects.filter(
        local_authority_id__in=local_authority_codes(user), status__in=[Referral.Status.OPEN, Referral.Status.MATCHED]
    ).order_by("-created_at")


@role_required(Role.PLACEMENT_OFFICER)
def hold(request: HttpRequest, pk: int) -> HttpResponse:
    """Hold places in a household for a referral; a refusal says why (another officer was first)."""
    from fostering.register.models import Household as H
    from fostering.register.serialisers import public_household

    from . import reservations

    if not register_selectors.visible_households(request.user).filter(pk=pk).exists():
        raise Http404("No such household.")
    form = HoldForm(request.POST if request.method == "POST" else None, referrals=_officer_referrals(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            held = reservations.place_hold(request.user, pk, referral=d["referral"],
                                           officer_reference=d["officer_reference"] or "", places=d["places"])  # fmt: skip
        except VacancyError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"{held.places} place{'s' if held.places != 1 else ''} held until "
                                      f"{timezone.localtime(held.reserved_until):%H:%M on %d %B %Y}.")  # fmt: skip
            return redirect("vacancies:holds")
    h = public_household(register_selectors.with_display_data(H.objects.filter(pk=pk)).get())
    return render(request, "vacancies/hold.html", {"form": form, "h": h})


@role_required(Role.PLACEMENT_OFFICER)
def holds(request: HttpRequest) -> HttpResponse:
    """Active holds placed by the officer's organisation, with a release button."""
    active = (
        Hold.objects.active()
        .filter(held_by__organisation_id=request.user.organisation_id)
        .select_related("household", "household__fostering_service", "referral", "held_by")
        .order_by("reserved_until")
    )
    return render(request, "vacancies/holds.html", {"holds": active})


@require_POST
@role_required(Role.PLACEMENT_OFFICER)
def release(request: HttpRequest, pk: int) -> HttpResponse:
    from django.core.exceptions import PermissionDenied

    from . import reservations

    try:
        reservations.release_hold(request.user, pk, reason="Released by the placement officer")
    except Hold.DoesNotExist:
        raise Http404("No such hold.")
    except PermissionDenied:
        raise
    except VacancyError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Hold released: the places are free again.")
    return redirect("vacancies:holds")
