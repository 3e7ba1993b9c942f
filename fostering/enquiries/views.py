"""Web pages for the front door (public, no sign-in) and for services working their queue.

The public journey is plain forms, one question per page, with answers kept in the
session; it needs no JavaScript. Every posted step is rate limited per address, the final
submission more tightly, and the last page carries a honeypot field: a submission with it
filled is dropped silently (the sender sees the usual confirmation, nothing is saved).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms as djforms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from fostering.accounts.decorators import role_required
from fostering.accounts.models import Role
from fostering.geography.services import PostcodeError, geocode

from . import forms, ratelimit, selectors, services
from .govuk import error_links
from .measures import measures_for_services
from .models import ContactTime, Interest, Source, Stage

SESSION_KEY = "enquiry_answers"
SPAM_KEY = "enquiry_spam"


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form: type[djforms.Form]
    caption: str = "Enquire about fostering"


STEPS: tuple[Step, ...] = (
    Step("about-you", "What is your name?", forms.AboutYouForm),
    Step("contact", "How can we contact you?", forms.ContactForm),
    Step("where-you-live", "What is your postcode?", forms.PostcodeForm),
    Step("household", "About your home", forms.HouseholdForm),
    Step("interests", "What kind of fostering are you interested in?", forms.InterestsForm),
    Step("contact-times", "When is a good time to call you?", forms.ContactTimesForm),
    Step("heard-about", "How did you hear about fostering with us?", forms.SourceForm),
    Step("consent", "Sharing your answers", forms.ConsentForm),
)
STEP_BY_SLUG = {s.slug: s for s in STEPS}


def _answers(request: HttpRequest) -> dict:
    return dict(request.session.get(SESSION_KEY, {}))


def _first_unanswered(answers: dict) -> Step | None:
    for step in STEPS:
        if any(name not in answers for name in step.form.base_fields):
            return step
    return None


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "enquiries/too_many.html", status=429)


def start(request: HttpRequest) -> HttpResponse:
    """A plain-English page about fostering, with the button to enquire."""
    return render(request, "enquiries/start.html", {"first_step": STEPS[0].slug})


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, slug: str) -> HttpResponse:
    current = STEP_BY_SLUG.get(slug)
    if current is None:
        raise Http404("There is no such question.")
    answers = _answers(request)
    index = STEPS.index(current)
    missing = _first_unanswered({k: v for k, v in answers.items()})
    if missing is not None and STEPS.index(missing) < index:
        return redirect("enquiries:step", slug=missing.slug)
    changing = request.GET.get("change") == "1"
    if request.method == "POST":
        if not ratelimit.step_allowed(request):
            return _too_many(request)
        if request.POST.get("website", "").strip():
            request.session[SPAM_KEY] = True
        form = current.form(request.POST)
        if form.is_valid():
            answers.update(form.cleaned_data)
            request.session[SESSION_KEY] = answers
            if changing or index + 1 == len(STEPS):
                return redirect("enquiries:check")
            return redirect("enquiries:step", slug=STEPS[index + 1].slug)
    else:
        initial = {k: answers[k] for k in current.form.base_fields if k in answers}
        form = current.form(initial=initial)
    back = reverse("enquiries:check") if changing else (
        reverse("enquiries:step", args=[STEPS[index - 1].slug]) if index else reverse("enquiries:start"))  # fmt: skip
    return render(
        request,
        "enquiries/step.html",
        {"step": current, "form": form, "errors": error_links(form), "back": back, "changing": changing,
         "number": index + 1, "total": len(STEPS)},
    )  # fmt: skip


def _summary(answers: dict) -> list[tuple[str, str, str]]:
    interests = dict(Interest.choices)
    times = dict(ContactTime.choices)
    sources = dict(Source.choices)
    return [
        ("Name", f"{answers['first_name']} {answers['last_name']}", "about-you"),
        ("Email address", answers["email"], "contact"),
        ("Telephone", answers["phone"], "contact"),
        ("Postcode", answers["postcode"], "where-you-live"),
        ("Adults in your home", str(answers["adults"]), "household"),
        ("Children in your home", str(answers["children_at_home"]), "household"),
        ("Spare bedrooms", str(answers["spare_bedrooms"]), "household"),
        ("Interested in", ", ".join(interests.get(i, i) for i in answers["interests"]), "interests"),
        ("Good times to call", ", ".join(times.get(i, i) for i in answers["contact_times"]), "contact-times"),
        ("Heard about us from", sources.get(answers["source"], answers["source"]), "heard-about"),
        ("Agreed to share answers", "Yes" if answers["consent_to_share"] else "No", "consent"),
    ]


def check(request: HttpRequest) -> HttpResponse:
    answers = _answers(request)
    missing = _first_unanswered(answers)
    if missing is not None:
        return redirect("enquiries:step", slug=missing.slug)
    return render(request, "enquiries/check.html", {"rows": _summary(answers)})


@require_http_methods(["GET", "POST"])
def choose(request: HttpRequest) -> HttpResponse:
    answers = _answers(request)
    missing = _first_unanswered(answers)
    if missing is not None:
        return redirect("enquiries:step", slug=missing.slug)
    try:
        location = geocode(answers["postcode"])
    except PostcodeError:
        return redirect("enquiries:step", slug="where-you-live")
    offers = services.services_near(location)
    ids = [o.id for o in offers]
    if request.method == "POST":
        if not ratelimit.step_allowed(request):
            return _too_many(request)
        form = forms.ChooseServicesForm(request.POST, service_ids=ids)
        if form.is_spam() or request.session.get(SPAM_KEY):
            # Silently dropped: the sender sees the usual confirmation, nothing is saved.
            request.session.pop(SESSION_KEY, None)
            request.session.pop(SPAM_KEY, None)
            request.session["enquiry_sent"] = {"reference": None, "services": []}
            return redirect("enquiries:sent")
        if form.is_valid():
            if not ratelimit.enquiry_allowed(request):
                return _too_many(request)
            try:
                enquiry = services.submit_enquiry(
                    answers, form.cleaned_data["services"], form.cleaned_data["let_council_decide"]
                )
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
            else:
                request.session.pop(SESSION_KEY, None)
                request.session["enquiry_sent"] = {
                    "reference": enquiry.reference,
                    "services": [
                        se.fostering_service.name
                        for se in enquiry.service_enquiries.select_related("fostering_service").order_by(
                            "fostering_service__name"
                        )
                    ],  # fmt: skip
                }
                return redirect("enquiries:sent")
    else:
        form = forms.ChooseServicesForm(service_ids=ids)
    chosen = {str(v) for v in (form["services"].value() or [])}
    return render(
        request,
        "enquiries/choose.html",
        {"form": form, "errors": error_links(form), "offers": offers, "chosen": chosen, "location": location},
    )


def sent(request: HttpRequest) -> HttpResponse:
    result = request.session.get("enquiry_sent")
    if result is None:
        return redirect("enquiries:start")
    return render(request, "enquiries/sent.html", {"result": result})


# Fostering services ------------------------------------------------------------------------------------------


@role_required(Role.FOSTERING_TEAM)
def queue(request: HttpRequest) -> HttpResponse:
    stage = request.GET.get("stage") or ""
    if stage and stage not in Stage.values:
        stage = ""
    qs = selectors.queue_for(request.user, stage=stage or None)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request, "enquiries/queue.html", {"page": page, "stage": stage, "stages": Stage.choices, "count": qs.count()}
    )


@role_required(Role.FOSTERING_TEAM)
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    se = selectors.service_enquiry_for(request.user, pk)
    form = forms.MoveStageForm(request.POST or None, current_stage=se.stage) if se.is_open else None
    if request.method == "POST" and form is not None:
        if form.is_valid():
            try:
                services.move_stage(
                    se, form.cleaned_data["to_stage"], request.user, form.cleaned_data["reason"],
                    form.cleaned_data["note"],
                )  # fmt: skip
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    f"Enquiry {se.enquiry.reference} moved to {Stage(form.cleaned_data['to_stage']).label.lower()}.",
                )
                return redirect("enquiries:detail", pk=se.pk)
    return render(
        request,
        "enquiries/detail.html",
        {"se": se, "e": se.enquiry, "form": form, "errors": error_links(form), "history": selectors.history_of(se)},
    )


@role_required(Role.FOSTERING_TEAM)
@require_http_methods(["GET", "POST"])
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    se = selectors.service_enquiry_for(request.user, pk)
    if se.stage != Stage.PANEL:
        messages.info(request, "An enquiry can be approved only after panel.")
        return redirect("enquiries:detail", pk=se.pk)
    e = se.enquiry
    initial = {"bedrooms": e.spare_bedrooms + 1, "max_children": max(1, min(e.spare_bedrooms, 6)), "age_min": 0,
               "age_max": 18}  # fmt: skip
    form = forms.ApprovalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.approve(se, request.user, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, f"Approved. Household {household.reference} is now on the register.")
            return redirect("enquiries:detail", pk=se.pk)
    return render(request, "enquiries/approve.html", {"se": se, "e": e, "form": form, "errors": error_links(form)})


@role_required(Role.FOSTERING_TEAM)
def measures(request: HttpRequest) -> HttpResponse:
    results = measures_for_services(selectors.services_for(request.user))
    return render(request, "enquiries/measures.html", {"results": results})


@role_required(Role.COMMISSIONER, Role.ANALYST)
def comparison_page(request: HttpRequest) -> HttpResponse:
    """First contact compared across services and areas (commissioners: their own
    authorities; analysts: any, suppressed)."""
    from fostering.accounts.scoping import sees_aggregates_only
    from fostering.core.suppression import display_rows

    from . import comparison

    la, tables = comparison.comparison(request.user, request.GET.get("la") or None)
    return render(request, "enquiries/comparison.html", {
        "la": la, "authorities": comparison.authorities_for(request.user),
        "analyst": sees_aggregates_only(request.user),
        "tables": [{"title": t.title, "note": t.note, "columns": t.columns, "rows": display_rows(t)} for t in tables],
    })  # fmt: skip
