"""The SSDA903 upload page: placement officers upload their authority's return; a bad
return is rejected whole with every error in a GOV.UK error summary."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fostering.accounts.models import AuditEvent
from fostering.accounts.tests.factories import fostering_team, placement_officer
from fostering.children.models import Child
from fostering.placements.models import Placement

from .conftest import EPISODES, GOOD_EPISODES, GOOD_HEADER, GOOD_OC2

pytestmark = pytest.mark.django_db


def upload(header, episodes, oc2=None):
    data = {
        "header": SimpleUploadedFile("header.csv", header.encode()),
        "episodes": SimpleUploadedFile("episodes.csv", episodes.encode()),
    }
    if oc2:
        data["oc2"] = SimpleUploadedFile("oc2.csv", oc2.encode())
    return data


def test_an_officer_uploads_a_return_for_their_authority(client):
    client.force_login(placement_officer())
    url = reverse("interop:ssda903-upload")
    assert client.get(url).status_code == 200
    response = client.post(url, upload(GOOD_HEADER, GOOD_EPISODES, GOOD_OC2))
    assert response.status_code == 200 and "Return imported" in response.content.decode()
    assert Child.objects.filter(local_authority_id="E10000016").count() == 2
    assert AuditEvent.objects.filter(object_type="interop.ssda903", object_id="E10000016").exists()
    again = client.post(url, upload(GOOD_HEADER, GOOD_EPISODES, GOOD_OC2)).content.decode()
    assert "Nothing had changed" in again


def test_a_bad_upload_lists_every_error_and_saves_nothing(client):
    client.force_login(placement_officer())
    bad = EPISODES + "A1,01/01/2020,S,C2,N1,Q9,PR1,,,,,,\nA2,32/01/2020,S,C2,N1,U4,PR1,,,,,,\n"
    response = client.post(reverse("interop:ssda903-upload"), upload(GOOD_HEADER, bad))
    page = response.content.decode()
    assert response.status_code == 400 and "govuk-error-summary" in page
    assert "episodes.csv line 2, column PLACE" in page and "episodes.csv line 3, column DECOM" in page
    assert not Child.objects.exists() and not Placement.objects.exists()


def test_only_placement_officers_may_upload(client):
    client.force_login(fostering_team())
    assert client.get(reverse("interop:ssda903-upload")).status_code == 403
