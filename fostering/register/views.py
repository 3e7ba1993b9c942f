"""Register pages. Thin: selectors and services decide what is shown and changed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from fostering.accounts import audit
from fostering.accounts.decorators import role_required
from fostering.accounts.models import Role
from fostering.accounts.scoping import fostering_service_ids
from fostering.core.needs import NEED_DOMAINS
from fostering.organisations.models import FosteringService

from . import selectors, services
from .forms import (
    ApprovalForm,
    CapabilityForm,
    CarerForm,
    HouseholdForm,
    NewHouseholdForm,
    PreferencesForm,
    SearchForm,
    StatusForm,
    TrainingForm,
    TransferForm,
    UploadForm,
)
from .models import Carer, CarerPreferences, Household, HouseholdStatus
from .rules import MAX_CARERS
from .search import distance_km, search_page
from .serialisers import (
    DOMAIN_LABELS,
    LANGUAGE_LABELS,
    PLACEMENT_TYPE_LABELS,
    RELIGION_LABELS,
    full_household,
    household_shape,
    public_household,
)
from .upload import UploadRejected, import_households

PAGE_SIZE = 25
LABELS = {
    "domains": DOMAIN_LABELS,
    "placement_types": PLACEMENT_TYPE_LABELS,
    "religions": RELIGION_LABELS,
    "languages": LANGUAGE_LABELS,
    "need_domains": NEED_DOMAINS,
    "status_labels": dict(HouseholdStatus.choices),
}


def _form_errors_from(exc: ValidationError, form) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _my_services(user):
    return list(FosteringService.objects.filter(pk__in=fostering_service_ids(user)).order_by("name"))


def _load(user, pk: int, *, full_required: bool = False) -> tuple[Household, bool]:
    try:
        return selectors.get_household(user, pk, full_required=full_required)
    except Household.DoesNotExist:
        raise Http404("No such household.")


def _display(pk: int) -> Household:
    return selectors.with_display_data(Household.objects.filter(pk=pk)).get()


@role_required(Role.PLACEMENT_OFFICER, Role.FOSTERING_TEAM, Role.COMMISSIONER, Role.ADMINISTRATOR)
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page, origin = None, None
    if form.is_bound and form.is_valid():
        result = search_page(request.user, form.criteria(), page=request.GET.get("page"), page_size=PAGE_SIZE)
        page, origin = result.page, result.origin
        page.rows = [public_household(h, distance_km=distance_km(h)) for h in result.households]
    can_hold = request.user.has_role(Role.PLACEMENT_OFFICER)
    return render(
        request, "register/search.html", {"form": form, "page": page, "origin": origin, "can_hold": can_hold, **LABELS}
    )


@role_required(Role.FOSTERING_TEAM, Role.ADMINISTRATOR)
def household_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or ""
    query = request.GET.get("q") or ""
    qs = selectors.service_households(request.user, status=status if status in HouseholdStatus.values else None,
                                      query=query)  # fmt: skip
    page = Paginator(selectors.with_display_data(qs), PAGE_SIZE).get_page(request.GET.get("page"))
    page.rows = [full_household(h) for h in page.object_list]
    return render(
        request,
        "register/household_list.html",
        {"page": page, "status": status, "query": query, "statuses": HouseholdStatus.choices,
         "transfers": selectors.transfers_for(request.user)[:20], **LABELS},
    )  # fmt: skip


def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    household, full = _load(request.user, pk)
    h = _display(pk)
    audit.record(request, "read", household, detail="full record" if full else "public fields")
    data = full_household(h, history=True) if full else public_household(h)
    is_team = household.fostering_service_id in fostering_service_ids(request.user)
    return render(request, "register/household_detail.html", {"h": data, "household": household, "full": full,
                                                               "is_team": is_team,
                                                               "can_add_carer": is_team and len(data.get("carers", ())) < MAX_CARERS,
                                                               "preferences_url": _preferences_url(request.user, household, is_team),
                                                               "can_hold": request.user.has_role(Role.PLACEMENT_OFFICER),
                                                               **_support_links(request.user, household),
                                                               **LABELS})  # fmt: skip


@role_required(Role.FOSTERING_TEAM, Role.ADMINISTRATOR)
def household_new(request: HttpRequest) -> HttpResponse:
    my_services = _my_services(request.user)
    if not my_services:
        raise PermissionDenied("Your organisation runs no fostering service.")
    form = NewHouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            h = services.create_household(
                request.user, my_services[0], household=form.household_data(), carers=[form.carer_data()],
                approval=form.approval_data(),
            )  # fmt: skip
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            audit.record(request, "create", h, detail="household and first carer added")
            messages.success(request, f"Household {h.reference} added to the register.")
            return redirect("register:household-detail", pk=h.pk)
    return render(request, "register/household_form.html", {"form": form, "title": "Add a household"})


@role_required(Role.FOSTERING_TEAM, Role.ADMINISTRATOR)
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    household, _ = _load(request.user, pk, full_required=True)
    initial = {k: getattr(household, k) for k in HouseholdForm.base_fields}
    initial["other_children_ages"] = ";".join(str(a) for a in household.other_children_ages or [])
    form = HouseholdForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_household(request.user, household, form.household_data())
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            audit.record(request, "update", household, detail="household details (address, rooms, other children)")
            messages.success(request, "Household details saved.")
            return redirect("register:household-detail", pk=household.pk)
    else:
        audit.record(request, "read", household, detail="household details form (address)")
    return render(request, "register/household_form.html",
                  {"form": form, "title": f"Edit household {household.reference}", "household": household})  # fmt: skip


@role_required(Role.FOSTERING_TEAM, Role.ADMINISTRATOR)
def household_status(request: HttpRequest, pk: int) -> HttpResponse:
    household, _ = _load(request.user, pk, full_required=True)
    form = StatusForm(request.POST or None, initial={"status": household.status})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        services.change_status(request.user, household, d["status"], changed_on=d["changed_on"], reason=d["reason"])
        audit.record(request, "update", household, detail=f"status changed to {household.status}")
        messages.success(request, f"Status changed to {household.get_status_display().lower()}.")
        return redirect("register:household-detail", pk=household.pk)
    return render(request, "register/household_form.html",
                  {"form": form, "title": f"Change the status of {household.reference}", "household": household})  # fmt: skip


@role_required(Role.FOSTERING_TEAM, Role.ADMINISTRATOR)
def household_training(request: HttpRequest, pk: int) -> HttpResponse:
    household, _ = _load(request.user, pk, full_required=True)
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_training(request.user, household, **form.cleaned_data)
        audit.record(request, "update", household, detail="training recorded")
        messages.success(request, "Training recorded.")
        return redirect("register:household-detail", pk=household.pk)
    return render(request, "register/household_form.html",
                  {"form": form, "title": f"Record training for {household.reference}", "household": household})  # fmt: skip


@role_required(Role.FOSTERING_TEAM, Role.ADMINISTRATOR)
def household_upload(request: HttpRequest) -> HttpResponse:
    my_services = _my_services(request.user)
    if not my_services:
        raise PermissionDenied("Your organisation runs no fostering service.")
    form = UploadForm(request.POST or None, request.FILES or None, services=my_services)
    problems = []
    if request.method == "POST" and form.is_valid():
        chosen = str(form.cleaned_data.get("service") or my_services[0].pk)
        service = next(s for s in my_services if str(s.pk) == chosen)
        upload = form.cleaned_data["file"]
        try:
            created = import_households(upload.read(), upload.name, service, request.user)
        except UploadRejected as exc:
            problems = exc.problems
        else:
            messages.success(
                request, f"{len(created)} household{'s' if len(created) != 1 else ''} added to the register."
            )
            return redirect(reverse("register:household-list"))
    return render(request, "register/upload.html", {"form": form, "problems": problems})


@role_required(Role.FOSTERING_TEAM, Role.ADMINISTRATOR)
def household_capability(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the service's assessment or the carers' own view, per need domain."""
    household, _ = _load(request.user, pk, full_required=True)
    source = request.POST.get("source") or request.GET.get("source") or "service"
    current = household.capabilities.filter(source=source).first()
    initial = {"source": source}
    if current is not None:
        initial.update({d.code: str(getattr(current, d.code)) for d in NEED_DOMAINS})
    form = CapabilityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_capability(request.user, household, form.cleaned_data["source"], form.levels())
        audit.record(request, "update", household, detail=f"capability ({form.cleaned_data['source']}) saved")
        messages.success(request, "Capability saved.")
        return redirect("register:household-detail", pk=household.pk)
    return render(request, "register/household_form.html",
                  {"form": form, "title": f"Capability of {household.reference}", "household": household})  # fmt: skip


@role_required(Role.FOSTERING_TEAM, Role.ADMINISTRATOR)
def household_approval(request: HttpRequest, pk: int) -> HttpResponse:
    """A new approval (after review or panel): the current one ends and is kept as history."""
    household, _ = _load(request.user, pk, full_required=True)
    current = household.approvals.filter(ended_on__isnull=True).first()
    initial = {}
    if current is not None:
        initial = {
            k: getattr(current, k) for k in ("max_children", "age_min", "age_max", "placement_types", "review_due")
        }
    form = ApprovalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_approval(request.user, household, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            audit.record(request, "update", household, detail="new approval recorded")
            messages.success(request, "New approval recorded; the previous one is kept in the history.")
            return redirect("register:household-detail", pk=household.pk)
    return render(request, "register/household_form.html",
                  {"form": form, "title": f"Record a new approval for {household.reference}", "household": household})  # fmt: skip


@role_required(Role.FOSTERING_TEAM, Role.ADMINISTRATOR)
def household_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the household to another fostering service, keeping its history."""
    household, _ = _load(request.user, pk, full_required=True)
    form = TransferForm(request.POST or None, exclude_service_id=household.fostering_service_id)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.transfer_household(request.user, household, d["to_service"], transferred_on=d["transferred_on"],
                                        reason=d["reason"], new_reference=d["new_reference"] or None)  # fmt: skip
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            audit.record(request, "update", household, detail=f"transferred to service {d['to_service'].pk}")
            messages.success(request, f"Household transferred to {d['to_service'].name}.")
            return redirect("register:household-list")
    return render(request, "register/household_form.html",
                  {"form": form, "title": f"Transfer {household.reference} to another service", "household": household})  # fmt: skip


@role_required(Role.CARER)
def my_household(request: HttpRequest) -> HttpResponse:
    household = selectors.my_household(request.user)
    if household is None:
        return render(request, "register/my_household.html", {"h": None})
    h = _display(household.pk)
    audit.record(request, "read", household, detail="own household (carer)")
    return render(request, "register/my_household.html", {"h": full_household(h, history=True), "household": household,
                                                          "preferences_url": reverse("register:my-preferences"),
                                                          **_support_links(request.user, household), **LABELS})  # fmt: skip


def _preferences_url(user, household: Household, is_team: bool) -> str:
    if is_team:
        return reverse("register:household-preferences", kwargs={"pk": household.pk})
    if household.pk in selectors.carer_household_ids(user):
        return reverse("register:my-preferences")
    return ""


def _support_links(user, household: Household) -> dict:
    """Links to the support app's pages, only for users those pages let in."""
    from fostering.support.allegations import may_manage

    return {
        "show_support": user.has_role(Role.FOSTERING_TEAM, Role.ADMINISTRATOR) and may_manage(user, household),
        "show_delegated_authority": user.has_role(Role.CARER) and household.pk in selectors.carer_household_ids(user),
    }


def _preferences_initial(household: Household) -> dict:
    prefs = CarerPreferences.objects.filter(household=household).first() or CarerPreferences(household=household)
    return {k: getattr(prefs, k) for k in services.PREFERENCE_FIELDS}


def _edit_preferences(request: HttpRequest, household: Household, *, done_url: str, title: str) -> HttpResponse:
    form = PreferencesForm(request.POST or None, initial=_preferences_initial(household))
    if request.method == "POST" and form.is_valid():
        try:
            prefs = services.update_preferences(request.user, household, form.cleaned_data)
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            audit.record(request, "update", prefs, detail=f"carers' preferences of household {household.pk}")
            messages.success(request, "Preferences saved.")
            return redirect(done_url)
    return render(request, "register/household_form.html",
                  {"form": form, "title": title, "household": household, "cancel_url": done_url,
                   "intro": "What the carers would like. The approval's terms still decide which children "
                            "placement officers can match with the household."})  # fmt: skip


@role_required(Role.FOSTERING_TEAM, Role.ADMINISTRATOR)
def household_preferences(request: HttpRequest, pk: int) -> HttpResponse:
    """The household's service records or corrects the carers' preferences."""
    household, _ = _load(request.user, pk, full_required=True)
    done = reverse("register:household-detail", kwargs={"pk": household.pk})
    return _edit_preferences(request, household, done_url=done, title=f"Carers' preferences for {household.reference}")


@role_required(Role.CARER)
def my_preferences(request: HttpRequest) -> HttpResponse:
    """A carer says what they would like: ages, sibling groups, anything else."""
    household = selectors.my_household(request.user)
    if household is None:
        raise Http404("Your sign-in is not linked to a household yet.")
    return _edit_preferences(request, household, done_url=reverse("register:my-household"), title="Our preferences")


@role_required(Role.FOSTERING_TEAM, Role.ADMINISTRATOR)
def carer_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a second carer to a household (a household has one or two carers)."""
    household, _ = _load(request.user, pk, full_required=True)
    done = reverse("register:household-detail", kwargs={"pk": household.pk})
    if household.carers.count() >= MAX_CARERS:
        return render(request, "register/carer_full.html", {"household": household, "done_url": done})
    form = CarerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            carer = services.add_carer(request.user, household, form.carer_data())
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            audit.record(request, "create", carer, detail=f"carer added to household {household.pk}")
            messages.success(request, f"{carer.first_name} {carer.last_name} added to household {household.reference}.")
            return redirect(done)
    return render(request, "register/household_form.html",
                  {"form": form, "title": f"Add a carer to household {household.reference}", "household": household,
                   "cancel_url": done})  # fmt: skip


@role_required(Role.FOSTERING_TEAM, Role.ADMINISTRATOR)
def carer_edit(request: HttpRequest, pk: int, carer_pk: int) -> HttpResponse:
    """Correct or update a carer's details; reading and changing them is audited."""
    household, _ = _load(request.user, pk, full_required=True)
    carer = Carer.objects.filter(household=household, pk=carer_pk).first()
    if carer is None:
        raise Http404("No such carer in this household.")
    done = reverse("register:household-detail", kwargs={"pk": household.pk})
    form = CarerForm(request.POST or None, initial={k: getattr(carer, k) for k in services.CARER_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_carer(request.user, carer, form.carer_data())
        except ValidationError as exc:
            _form_errors_from(exc, form)
        else:
            audit.record(request, "update", carer, detail=f"carer details of household {household.pk}")
            messages.success(request, f"Details of {carer.first_name} {carer.last_name} saved.")
            return redirect(done)
    # The form shows the carer's personal details (or the changes that were refused).
    audit.record(request, "read", carer, detail=f"carer details of household {household.pk}")
    return render(request, "register/household_form.html",
                  {"form": form, "title": f"Edit the details of {carer.first_name} {carer.last_name}",
                   "household": household, "cancel_url": done})  # fmt: skip


def shape_for(user, household: Household) -> dict:
    return household_shape(_display(household.pk), selectors.sees_in_full(user, household))
