"""Pages for home profiles: carers and their service edit, placement officers read and
share, and a child opens a shared link (no sign-in) until it expires.

Photos are never served from a public media URL: ``photo`` checks the signed-in user,
``shared_photo`` checks the share token, both answer with private, uncached responses.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from fostering.accounts import audit
from fostering.accounts.decorators import role_required
from fostering.accounts.models import Role
from fostering.accounts.scoping import has_role
from fostering.enquiries.govuk import error_links, is_db_id

from . import photos, selectors, services
from .forms import HomeProfileForm, PhotoForm, ShareForm
from .models import HomePhoto, ProfileShare

EDITOR_ROLES = (Role.CARER, Role.FOSTERING_TEAM)


def _photo_groups(profile, url) -> list[tuple[str, list[tuple[HomePhoto, str]]]]:
    groups = []
    for kind, label in HomePhoto.Kind.choices:
        items = [(p, url(p)) for p in profile.photos.all() if p.kind == kind]
        if items:
            groups.append((label, items))
    return groups


@role_required(Role.CARER)
def my_profile(request: HttpRequest) -> HttpResponse:
    household_id = selectors.carer_household_id(request.user)
    if household_id is None:
        raise PermissionDenied("Your sign-in is not linked to a household.")
    return redirect("homes:profile", household_id=household_id)


@role_required(Role.CARER, Role.FOSTERING_TEAM, Role.PLACEMENT_OFFICER)
def profile(request: HttpRequest, household_id: int, printable: bool = False) -> HttpResponse:
    household = selectors.household_for(request.user, household_id)
    home = selectors.profile_of(household)
    if not selectors.may_edit(request.user, household):
        audit.record(request, "read", home, detail="Home profile")
    context = {
        "household": household, "profile": home, "may_edit": selectors.may_edit(request.user, household),
        "may_share": has_role(request.user, Role.PLACEMENT_OFFICER),
        "groups": _photo_groups(home, lambda p: reverse("homes:photo", args=[p.pk])),
        "seen": [] if printable else selectors.seen_for_household(request.user, household),
    }  # fmt: skip
    return render(request, "homes/print.html" if printable else "homes/profile.html", context)


@role_required(*EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, household_id: int) -> HttpResponse:
    household = selectors.household_for(request.user, household_id, edit=True)
    home = selectors.profile_of(household)
    form = HomeProfileForm(request.POST or None, instance=home)
    if request.method == "POST" and form.is_valid():
        services.update_profile(request.user, home, form.cleaned_data)
        messages.success(request, "Your home profile has been saved.")
        return redirect("homes:profile", household_id=household.id)
    return render(request, "homes/edit.html", {"household": household, "form": form, "errors": error_links(form)})


@role_required(*EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def manage_photos(request: HttpRequest, household_id: int) -> HttpResponse:
    household = selectors.household_for(request.user, household_id, edit=True)
    home = selectors.profile_of(household)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["photo"]
        try:
            if upload.size > photos.MAX_UPLOAD_BYTES:
                raise ValidationError("The photo must be smaller than 10 MB")
            services.add_photo(
                request.user, home, upload.read(), form.cleaned_data["kind"], form.cleaned_data["caption"]
            )
        except ValidationError as exc:
            form.add_error("photo", exc.messages[0])
        else:
            messages.success(request, "Photo added.")
            return redirect("homes:photos", household_id=household.id)
    return render(
        request, "homes/photos.html",
        {"household": household, "form": form, "errors": error_links(form),
         "groups": _photo_groups(home, lambda p: reverse("homes:photo", args=[p.pk]))},
    )  # fmt: skip


@role_required(*EDITOR_ROLES)
@require_POST
def remove_photo(request: HttpRequest, photo_id: int) -> HttpResponse:
    photo = selectors.photo_for(request.user, photo_id)
    household_id = photo.profile.household_id
    services.remove_photo(request.user, photo)
    messages.success(request, "Photo removed.")
    return redirect("homes:photos", household_id=household_id)


def _image_response(photo: HomePhoto) -> FileResponse:
    try:
        handle = open(photos.path_of(photo.file_name), "rb")  # noqa: SIM115 - FileResponse closes it
    except FileNotFoundError:
        raise Http404("The photo file is missing.")
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@role_required(Role.CARER, Role.FOSTERING_TEAM, Role.PLACEMENT_OFFICER)
def photo(request: HttpRequest, photo_id: int) -> FileResponse:
    return _image_response(selectors.photo_for(request.user, photo_id))


@role_required(Role.PLACEMENT_OFFICER)
@require_http_methods(["GET", "POST"])
def share(request: HttpRequest, household_id: int) -> HttpResponse:
    household = selectors.household_for(request.user, household_id)
    home = selectors.profile_of(household)
    form = ShareForm(request.POST or None, referrals=selectors.shareable_referrals(request.user))
    if request.method == "POST" and form.is_valid():
        created = services.share_with_child(request.user, home, form.cleaned_data["referral"])
        audit.record(request, "create", created, detail="Home profile shared with a child")
        return redirect("homes:share-created", pk=created.pk)
    return render(
        request, "homes/share.html",
        {"household": household, "form": form, "errors": error_links(form), "days": services.share_days()},
    )  # fmt: skip


@role_required(Role.PLACEMENT_OFFICER)
def share_created(request: HttpRequest, pk: int) -> HttpResponse:
    created = selectors.shares_for(request.user).filter(pk=pk).first() if is_db_id(pk) else None
    if created is None:
        raise Http404("No such link.")
    link = request.build_absolute_uri(reverse("homes:shared", args=[created.token]))
    return render(request, "homes/share_created.html", {"share": created, "link": link})


@role_required(Role.PLACEMENT_OFFICER)
def share_list(request: HttpRequest) -> HttpResponse:
    """Links shared so far; and a way in to a home from its register number (the number in
    the register's household address, /register/households/NUMBER/)."""
    error = ""
    number = (request.GET.get("household") or "").strip()
    if number:
        if number.isdigit() and is_db_id(int(number)) and selectors.Household.objects.filter(pk=int(number)).exists():
            return redirect("homes:profile", household_id=int(number))
        error = "Enter the number of a household on the register, like 1234"
    shares = selectors.shares_for(request.user)[:500]
    return render(
        request, "homes/shares.html",
        {"shares": shares, "number": number, "errors": [("household", error)] if error else [], "error": error},
    )  # fmt: skip


@role_required(Role.FOSTERING_TEAM)
def service_profiles(request: HttpRequest) -> HttpResponse:
    """The service's households and whether each has written its home profile."""
    return render(request, "homes/service_list.html", {"rows": selectors.service_households(request.user)})


@role_required(Role.PLACEMENT_OFFICER)
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.shares_for(request.user).filter(pk=pk).first() if is_db_id(pk) else None
    if found is None:
        raise Http404("No such link.")
    services.revoke(request.user, found)
    messages.success(request, "The link no longer works.")
    return redirect("homes:shares")


@never_cache
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """The child's read-only view: no sign-in, only the token; expired links say so."""
    try:
        found = services.open_share(token)
    except ProfileShare.DoesNotExist:
        return render(request, "homes/shared_gone.html", {"expired": False}, status=404)
    except services.ShareExpired:
        return render(request, "homes/shared_gone.html", {"expired": True}, status=410)
    home = found.profile
    return render(
        request, "homes/shared.html",
        {"profile": home, "share": found,
         "groups": _photo_groups(home, lambda p: reverse("homes:shared-photo", args=[token, p.pk]))},
    )  # fmt: skip


@never_cache
def shared_photo(request: HttpRequest, token: str, photo_id: int) -> FileResponse:
    found = ProfileShare.objects.filter(token=token).first()
    if found is None or not found.is_live():
        raise Http404("This link has expired.")
    item = HomePhoto.objects.filter(pk=photo_id, profile_id=found.profile_id).first() if is_db_id(photo_id) else None
    if item is None:
        raise Http404("No such photo.")
    return _image_response(item)
