"""The in-app list of notifications and the e-mail preference, for every signed-in user."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import services
from .forms import PreferenceForm
from .models import Notification


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(services.notifications_for(request.user), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page_obj": page, "notifications": page.object_list, "delivery": services.delivery_of(request.user)},
    )


@login_required
def open_one(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark it read and go to the page it is about (a link in the list or in the e-mail)."""
    try:
        n = services.open_notification(request.user, pk)
    except Notification.DoesNotExist as exc:
        raise Http404("No such notification.") from exc
    if not url_has_allowed_host_and_scheme(n.url, allowed_hosts=None):
        return redirect("notifications:list")
    return redirect(n.url)


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    n = services.mark_all_read(request.user)
    messages.success(request, f"{n} notification{'s' if n != 1 else ''} marked as read.")
    return redirect("notifications:list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST if request.method == "POST" else None, initial={"delivery": services.delivery_of(request.user)})
    if request.method == "POST" and form.is_valid():
        services.set_delivery(request.user, form.cleaned_data["delivery"])
        messages.success(request, "Your notification settings have been saved.")
        return redirect("notifications:list")
    return render(request, "notifications/preferences.html", {"form": form})
