"""Pages for carers' support. Thin: rules live in delegation.py, allegations.py,
networks.py and staying_put.py, which scope every query through accounts.scoping."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from fostering.accounts import audit, scoping
from fostering.accounts.decorators import role_required
from fostering.accounts.models import Role
from fostering.children.models import Child
from fostering.core.dates import years_before
from fostering.core.suppression import display
from fostering.organisations.models import FosteringService
from fostering.register.models import Household, HouseholdStatus

from . import allegations, delegation, networks, staying_put
from .forms import (
    AddSatelliteForm,
    AllegationForm,
    AllegationTargetForm,
    ChangeHubForm,
    ConcludeForm,
    DelegatedAuthorityForm,
    NetworkForm,
    RemoveSatelliteForm,
    StayingPutForm,
)

R = Role


def _table(table) -> dict | None:
    if table is None:
        return None
    return {"title": table.title, "note": table.note, "columns": table.columns,
            "rows": [[display(r, c) for c in table.columns] for r in table.rows]}  # fmt: skip


def _form_error(form, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


# Delegated authority ---------------------------------------------------------------


@role_required(R.PLACEMENT_OFFICER)
def delegation_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(delegation.la_placements(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "support/delegation_list.html", {"page": page})


@role_required(R.PLACEMENT_OFFICER)
def delegation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        placement = delegation.get_la_placement(request, pk)
    except ObjectDoesNotExist as exc:
        raise Http404("No such current placement.") from exc
    current = getattr(placement, "delegated_authority", None)
    form = DelegatedAuthorityForm(
        request.POST if request.method == "POST" else None, decisions=delegation.decisions_for(placement),
        initial={"agreed_on": current.agreed_on if current else timezone.localdate()},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            delegation.record(request.user, placement, form.exceptions(), form.cleaned_data["agreed_on"])
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Delegated authority saved. The carers can see it when they sign in.")
            return redirect("support:delegation-list")
    return render(request, "support/delegation_form.html", {"form": form, "placement": placement, "current": current})


@role_required(R.CARER)
def my_delegated_authority(request: HttpRequest) -> HttpResponse:
    """The carer's own page: what they may decide for each child living with them."""
    return render(request, "support/my_delegated_authority.html", {
        "placements": delegation.carer_placements(request.user), "network": networks.carer_network(request.user),
    })  # fmt: skip


@role_required(R.FOSTERING_TEAM)
def service_delegation_list(request: HttpRequest) -> HttpResponse:
    """Read-only: what the carers of the service's households may decide for each child."""
    placements = delegation.service_list(request)
    return render(request, "support/service_delegation_list.html", {"placements": placements})


@role_required(R.FOSTERING_TEAM)
def service_delegation_detail(request: HttpRequest, placement_id: int) -> HttpResponse:
    try:
        placement = delegation.get_service_placement(request, placement_id)
    except ObjectDoesNotExist as exc:
        raise Http404("No such current placement in your households.") from exc
    return render(request, "support/service_delegation_detail.html", {"p": placement})


# Allegations -----------------------------------------------------------------------

ALLEGATION_ROLES = (R.FOSTERING_TEAM, R.ADMINISTRATOR)


def _allegation_or_404(request, pk: int):
    try:
        return allegations.get(request, pk)
    except ObjectDoesNotExist as exc:
        raise Http404("No such allegation.") from exc


def _household_or_404(request, pk: int) -> Household:
    household = Household.objects.select_related("fostering_service").filter(pk=pk).first()
    if household is None or not allegations.may_manage(request.user, household):
        raise Http404("No such household.")
    return household


@role_required(*ALLEGATION_ROLES)
def allegation_list(request: HttpRequest) -> HttpResponse:
    open_only = request.GET.get("show") != "all"
    rows = allegations.list_for(request, open_only=open_only)
    return render(request, "support/allegation_list.html", {
        "allegations": rows, "open_only": open_only, "targets": allegations.current_targets(request.user),
        "may_set_target": bool(allegations.target_services(request.user)),
    })  # fmt: skip


@role_required(R.FOSTERING_TEAM)
def allegation_target(request: HttpRequest) -> HttpResponse:
    """The service's own target for concluding allegations (its fostering team only)."""
    services = FosteringService.objects.filter(pk__in=[s.pk for s in allegations.target_services(request.user)])
    if not services:
        raise Http404("You have no fostering service.")
    targets = allegations.current_targets(request.user)
    form = AllegationTargetForm(
        request.POST if request.method == "POST" else None, services=services,
        initial={"service": targets[0]["service"].pk, "target_days": targets[0]["target_days"]},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            allegations.set_target(request.user, form.cleaned_data["service"], form.cleaned_data["target_days"])
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            days = form.cleaned_data["target_days"]
            messages.success(
                request, f"Target saved: allegations should be concluded within {days} day{'s' if days != 1 else ''}."
            )
            return redirect("support:allegations")
    return render(request, "support/allegation_target.html", {
        "form": form, "targets": targets, "single": len(services) == 1,
        "default_days": allegations.default_target_days(),
    })  # fmt: skip


@role_required(*ALLEGATION_ROLES)
def allegation_new(request: HttpRequest, household_pk: int) -> HttpResponse:
    household = _household_or_404(request, household_pk)
    form = AllegationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            allegation = allegations.open_allegation(request.user, household, **form.cleaned_data)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request, f"Allegation recorded. Household {household.reference} is now under investigation."
            )
            return redirect("support:allegation-detail", allegation.pk)
    return render(request, "support/allegation_form.html", {"form": form, "household": household})


@role_required(*ALLEGATION_ROLES)
def allegation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    allegation = _allegation_or_404(request, pk)
    form = ConcludeForm(request.POST if request.method == "POST" else None, received_on=allegation.received_on)
    if request.method == "POST" and allegation.is_open and form.is_valid():
        try:
            allegations.conclude(request.user, allegation, **form.cleaned_data)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Outcome recorded.")
            return redirect("support:allegation-detail", allegation.pk)
    history = allegation.household.status_changes.order_by("-changed_on", "-id")[:10]
    return render(
        request, "support/allegation_detail.html", {"allegation": allegation, "form": form, "history": history}
    )


@role_required(R.FOSTERING_TEAM, R.ADMINISTRATOR, R.ANALYST)
def allegation_figures(request: HttpRequest) -> HttpResponse:
    per_service, england = allegations.figures(request.user)
    return render(request, "support/figures.html", {
        "title": "Allegations: time to conclude and outcomes", "tables": [_table(per_service), _table(england)],
        "intro": "Time from receiving an allegation to its conclusion, against each service's target, and the outcomes.",
    })  # fmt: skip


# Households and peer-support networks ---------------------------------------------------


@role_required(*ALLEGATION_ROLES)
def household_support(request: HttpRequest, pk: int) -> HttpResponse:
    """A household's support at a glance for its own service: network, allegations, status history."""
    household = _household_or_404(request, pk)
    audit.record(request, "read", household, detail="support summary")
    return render(request, "support/household.html", {
        "household": household, "network": networks.network_of(household),
        "allegations": allegations.list_for(request, household=household),
        "history": household.status_changes.order_by("-changed_on", "-id")[:10],
    })  # fmt: skip


@role_required(*ALLEGATION_ROLES)
def network_list(request: HttpRequest) -> HttpResponse:
    rows = []
    for n in networks.networks_for(request.user):
        satellites = [m for m in n.members.all() if m.left_on is None]
        rows.append(
            {
                "network": n,
                "satellites": satellites,
                "size_ok": networks.MIN_SATELLITES <= len(satellites) <= networks.MAX_SATELLITES,
            }
        )
    return render(request, "support/network_list.html", {"rows": rows})


@role_required(R.FOSTERING_TEAM)
def network_new(request: HttpRequest) -> HttpResponse:
    households = scoping.scope_to_fostering_service(
        Household.objects.filter(status=HouseholdStatus.ACTIVE), request.user
    )
    form = NetworkForm(request.POST if request.method == "POST" else None, households=households.order_by("reference"))
    if request.method == "POST" and form.is_valid():
        try:
            networks.create_network(request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, f"Network {form.cleaned_data['name']} started.")
            return redirect("support:networks")
    return render(request, "support/network_form.html", {"form": form})


@role_required(*ALLEGATION_ROLES)
def network_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A network's members and history, and the dated changes its service records: a
    household joins, a satellite leaves, the hub carer household changes."""
    network = networks.networks_for(request.user).filter(pk=pk).first()
    if network is None:
        raise Http404("No such network.")
    action = request.POST.get("action") if request.method == "POST" else None
    satellites = networks.open_satellites(network)
    candidates = networks.candidates(network)
    today = {"joined_on": timezone.localdate(), "left_on": timezone.localdate(), "changed_on": timezone.localdate()}
    data = request.POST if request.method == "POST" else None
    forms_ = {
        "add": AddSatelliteForm(data if action == "add" else None, prefix="add", households=candidates, initial=today),
        "remove": RemoveSatelliteForm(
            data if action == "remove" else None, prefix="remove",
            households=Household.objects.filter(pk__in=satellites.values("household_id")).order_by("reference"),
            initial=today,
        ),
        "hub": ChangeHubForm(
            data if action == "hub" else None, prefix="hub", initial={**today, "former_hub": "stays"},
            households=Household.objects.filter(
                Q(pk__in=satellites.values("household_id")) | Q(pk__in=candidates.values("pk"))
            ).order_by("reference"),
        ),
    }  # fmt: skip
    form = forms_.get(action or "")
    if form is not None and form.is_valid():
        d = form.cleaned_data
        try:
            if action == "add":
                networks.add_satellite(request.user, network, d["household"], d["joined_on"])
                done = f"Household {d['household'].reference} joined {network.name}."
            elif action == "remove":
                networks.remove_satellite(request.user, network, d["household"], d["left_on"])
                done = f"Household {d['household'].reference} left {network.name}. Its time in the network is kept."
            else:
                networks.change_hub(request.user, network, d["new_hub"], d["changed_on"],
                                    former_hub_stays=d["former_hub"] == "stays")  # fmt: skip
                done = f"Household {d['new_hub'].reference} is now the hub carer household of {network.name}."
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("support:network-detail", network.pk)
    return render(request, "support/network_detail.html", {
        "network": network, "satellites": satellites, "history": networks.history(network), "forms": forms_,
        "failed": form if form is not None and form.errors else None,
        "size_ok": networks.MIN_SATELLITES <= satellites.count() <= networks.MAX_SATELLITES,
        "ended": network.ended_on is not None,
    })  # fmt: skip


@role_required(R.FOSTERING_TEAM, R.COMMISSIONER, R.ANALYST, R.ADMINISTRATOR)
def network_analytics(request: HttpRequest) -> HttpResponse:
    service, england = networks.analytics(request.user)
    return render(request, "support/figures.html", {
        "title": "Peer-support networks: stability and retention", "tables": [t for t in (_table(service), _table(england)) if t],
        "intro": "Households in a peer-support network (hub or satellite) compared with those that are not.",
    })  # fmt: skip


# Staying Put ---------------------------------------------------------------------------


@role_required(R.PLACEMENT_OFFICER)
def staying_put_list(request: HttpRequest) -> HttpResponse:
    people = staying_put.young_people(request)
    horizon = years_before(timezone.localdate(), -1)
    without = [c for c in people if not c.has_plan and c.turns_18_on <= horizon]
    return render(request, "support/staying_put_list.html", {"people": people, "without": without})


@role_required(R.PLACEMENT_OFFICER)
def staying_put_record(request: HttpRequest, child_pk: int) -> HttpResponse:
    child = scoping.scope_to_local_authority(Child.objects.filter(pk=child_pk), request.user).first()
    if child is None:
        raise Http404("No such child.")
    audit.record(request, "read", child, detail="Staying Put")
    form = StayingPutForm(
        request.POST if request.method == "POST" else None, initial={"discussed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            staying_put.record(request.user, child, **form.cleaned_data)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, "Staying Put intention recorded.")
            return redirect("support:staying-put")
    history = child.staying_put_intentions.all()
    return render(request, "support/staying_put_form.html", {"form": form, "child": child, "history": history})
