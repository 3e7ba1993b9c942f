"""Pages for carers leaving: record a departure, the prompt to offer an exit interview,
the interview itself, and the analytics (services unsuppressed for their own leavers;
analysts aggregates only, small numbers suppressed)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fostering.accounts.decorators import role_required
from fostering.accounts.models import Role
from fostering.accounts.scoping import has_role
from fostering.enquiries.govuk import error_links

from . import analytics, selectors, services
from .forms import DepartureForm, InterviewForm, OfferForm
from .models import Departure, InterviewStatus


@role_required(Role.FOSTERING_TEAM)
def departure_list(request: HttpRequest) -> HttpResponse:
    departures = selectors.departures_for(request.user)
    return render(request, "exits/list.html", {"departures": departures[:500], "count": departures.count()})


@role_required(Role.FOSTERING_TEAM)
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest) -> HttpResponse:
    form = DepartureForm(request.POST or None, households=selectors.households_that_may_leave(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            departure = services.record_departure(
                request.user, form.cleaned_data["household"], form.cleaned_data["kind"],
                form.cleaned_data["left_on"], form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(
                request,
                f"Household {departure.household.reference} recorded as {departure.get_kind_display().lower()}. Now offer them an exit interview.",
            )
            return redirect("exits:detail", pk=departure.pk)
    return render(request, "exits/record.html", {"form": form, "errors": error_links(form)})


@role_required(Role.FOSTERING_TEAM)
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    departure = selectors.departure_for(request.user, pk)
    form = OfferForm(request.POST or None) if departure.interview_status != InterviewStatus.HELD else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.record_offer(request.user, departure, form.cleaned_data["outcome"], dt.date.today())
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, "Saved.")
            return redirect("exits:detail", pk=departure.pk)
    return render(request, "exits/detail.html", {"d": departure, "form": form, "errors": error_links(form)})


@role_required(Role.FOSTERING_TEAM)
@require_http_methods(["GET", "POST"])
def interview(request: HttpRequest, pk: int) -> HttpResponse:
    departure: Departure = selectors.departure_for(request.user, pk)
    if departure.interview_status == InterviewStatus.HELD:
        return redirect("exits:detail", pk=departure.pk)
    form = InterviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_interview(request.user, departure, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, "Exit interview recorded.")
            return redirect("exits:detail", pk=departure.pk)
    return render(request, "exits/interview.html", {"d": departure, "form": form, "errors": error_links(form)})


@role_required(Role.FOSTERING_TEAM, Role.ANALYST)
def leaving_analytics(request: HttpRequest) -> HttpResponse:
    user = request.user
    summaries, service_rows, scope_name = [], [], None
    if has_role(user, Role.FOSTERING_TEAM):
        for service in selectors.services_of(user):
            summaries.append(
                analytics.summarise(service.name, Departure.objects.filter(fostering_service=service), suppress=False)
            )
    scope = selectors.aggregate_scope(user)
    if scope is None and has_role(user, Role.FOSTERING_TEAM):
        scope = ("England", Departure.objects.all())
        national_only = True
    else:
        national_only = False
    if scope is None:
        raise PermissionDenied("This needs the analyst or fostering team role.")
    scope_name, qs = scope
    summaries.append(analytics.summarise(scope_name, qs, suppress=True))
    if not national_only:
        service_rows = analytics.per_service(qs, suppress=True)
    return render(
        request, "exits/analytics.html",
        {"summaries": summaries, "service_rows": service_rows, "scope_name": scope_name,
         "threshold": analytics.threshold()},
    )  # fmt: skip
