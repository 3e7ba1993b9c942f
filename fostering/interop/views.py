"""The SSDA903 upload page for placement officers: the same checks as the import command;
a return with any error is rejected whole and every error is listed with file, line and
column in a GOV.UK error summary."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fostering.accounts import scoping
from fostering.accounts.decorators import role_required
from fostering.accounts.models import Role

from .forms import Ssda903UploadForm
from .importer import import_return

MAX_ERRORS_SHOWN = 500


@role_required(Role.PLACEMENT_OFFICER)
def upload(request: HttpRequest) -> HttpResponse:
    codes = sorted(scoping.local_authority_codes(request.user))
    if not codes:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Only a local authority's placement officers can upload its return.")
    la = codes[0]
    context = {"la": request.user.organisation.local_authority, "result": None}
    if request.method == "POST":
        form = Ssda903UploadForm(request.POST, request.FILES)
        if form.is_valid():
            files = form.cleaned_data
            result = import_return(
                la,
                header=files["header"],
                episodes=files["episodes"],
                oc2=files.get("oc2"),
                user=request,
            )
            context["result"] = result
            context["errors_shown"] = result.errors[:MAX_ERRORS_SHOWN]
            if result.ok:
                form = Ssda903UploadForm()
    else:
        form = Ssda903UploadForm()
    context["form"] = form
    status = 400 if context["result"] is not None and not context["result"].ok else 200
    return render(request, "interop/upload.html", context, status=status)
