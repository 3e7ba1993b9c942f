"""A household's child-friendly profile: carers and their service edit it, photos are
validated, re-encoded and served only through access checks; a placement officer shares
it with a child by a link that expires and records that the child saw it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from fostering.accounts.models import AuditEvent, Role
from fostering.accounts.tests.factories import UserFactory, fostering_team, placement_officer
from fostering.homes import photos, services
from fostering.homes.models import HomePhoto, ProfileShare
from fostering.organisations.tests.factories import MEDWAY, LocalAuthorityOrganisationFactory, authority
from fostering.register.models import CarerAccount
from fostering.register.tests.factories import HouseholdFactory

from .factories import HomeProfileFactory, ProfileShareFactory, ReferralFactory, image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def carer_of(household):
    user = UserFactory(roles=[Role.CARER], organisation=household.fostering_service.organisation)
    CarerAccount.objects.create(user=user, household=household, carer=household.carers.first())
    return user


def test_uploads_are_reencoded_resized_and_stripped_of_metadata(settings):
    settings.HOME_PHOTO_MAX_PX = 100
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    name, width, height = photos.store(image_bytes((400, 200), "JPEG", exif=exif.tobytes()))
    assert (width, height) == (100, 50)
    assert len(name) == 36 and name.endswith(".jpg")
    with Image.open(photos.path_of(name)) as im:
        assert im.format == "JPEG" and im.size == (100, 50)
        assert not im.getexif()


@pytest.mark.parametrize(
    "data,message",
    [
        (b"<?php echo 'hi'; ?>", "must be a photo in JPG, PNG or WebP format"),
        (b"", "empty"),
        (image_bytes(fmt="BMP"), "must be a photo in JPG, PNG or WebP format"),
    ],
)
def test_files_that_are_not_photos_are_refused(data, message):
    with pytest.raises(ValidationError, match=message):
        photos.reencode(data)


def test_carers_edit_their_own_profile_but_not_another_households():
    household = HouseholdFactory()
    carer = carer_of(household)
    other = HomeProfileFactory()
    own = HomeProfileFactory(household=household)
    services.update_profile(carer, own, {"about_us": "We like cake"})
    own.refresh_from_db()
    assert own.about_us == "We like cake" and own.updated_by == carer
    with pytest.raises(PermissionDenied):
        services.update_profile(carer, other, {"about_us": "hacked"})
    team = fostering_team(organisation=household.fostering_service.organisation)
    services.update_profile(team, own, {"about_us": "Edited by the service"})


def test_photos_are_served_only_to_people_who_may_see_the_profile(client):
    household = HouseholdFactory()
    profile = HomeProfileFactory(household=household)
    photo = services.add_photo(carer_of(household), profile, image_bytes(), "bedroom", "Your room")
    url = reverse("homes:photo", args=[photo.pk])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(fostering_team())  # another service
    assert client.get(url).status_code == 403
    client.force_login(fostering_team(organisation=household.fostering_service.organisation))
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]


def test_a_carer_uploads_a_photo_through_the_page_and_a_bad_file_gets_an_error(client):
    household = HouseholdFactory()
    client.force_login(carer_of(household))
    url = reverse("homes:photos", args=[household.pk])
    bad = client.post(url, {"kind": "home", "photo": SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")})
    assert b"must be a photo in JPG, PNG or WebP format" in bad.content
    ok = client.post(url, {"kind": "bedroom", "photo": SimpleUploadedFile("room.png", image_bytes(), "image/png")})
    assert ok.status_code == 302
    assert HomePhoto.objects.get().kind == "bedroom"
    assert client.get(reverse("homes:print", args=[household.pk])).status_code == 200


def test_placement_officers_read_profiles_and_each_read_is_audited(client):
    profile = HomeProfileFactory(about_us="<script>alert(1)</script>")
    client.force_login(placement_officer())
    body = client.get(reverse("homes:profile", args=[profile.household_id])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert AuditEvent.objects.filter(object_type="homes.homeprofile", object_id=str(profile.pk)).exists()
    assert client.get(reverse("homes:edit", args=[profile.household_id])).status_code == 403


def test_only_the_referrals_own_authority_may_share_and_only_once_a_placement_is_agreed():
    profile = HomeProfileFactory()
    officer = placement_officer()
    services.share_with_child(officer, profile, ReferralFactory())
    with pytest.raises(PermissionDenied):
        services.share_with_child(officer, profile, ReferralFactory(status="open"))
    medway_officer = placement_officer(
        organisation=LocalAuthorityOrganisationFactory(local_authority=authority(MEDWAY))
    )
    with pytest.raises(PermissionDenied):
        services.share_with_child(medway_officer, profile, ReferralFactory())


def test_a_shared_link_records_the_first_and_latest_views(client):
    share = ProfileShareFactory(profile__about_us="We love dogs")
    url = reverse("homes:shared", args=[share.token])
    assert "We love dogs" in client.get(url).content.decode()
    first = ProfileShare.objects.get().first_viewed_at
    client.get(url)
    share.refresh_from_db()
    assert share.view_count == 2 and share.first_viewed_at == first and share.last_viewed_at >= first
    assert share.seen_before_moving is True


def test_a_view_after_the_placement_started_does_not_count_as_seen_before_moving():
    share = ProfileShareFactory(referral__placed_at=timezone.now() - dt.timedelta(days=1))
    services.open_share(share.token)
    share.refresh_from_db()
    assert share.seen_before_moving is False


def test_an_expired_or_withdrawn_link_shows_nothing_of_the_home(client):
    share = ProfileShareFactory(profile__about_us="Secret words", expires_at=timezone.now() - dt.timedelta(minutes=1))
    photo_data = image_bytes()
    name, w, h = photos.store(photo_data)
    photo = HomePhoto.objects.create(profile=share.profile, kind="home", file_name=name, width=w, height=h)
    response = client.get(reverse("homes:shared", args=[share.token]))
    assert response.status_code == 410 and b"Secret words" not in response.content
    assert client.get(reverse("homes:shared-photo", args=[share.token, photo.pk])).status_code == 404
    share.refresh_from_db()
    assert share.first_viewed_at is None
    assert client.get(reverse("homes:shared", args=["not-a-real-token"])).status_code == 404
    live = ProfileShareFactory(profile=share.profile)
    assert client.get(reverse("homes:shared-photo", args=[live.token, photo.pk])).status_code == 200
    services.revoke(placement_officer(), live)
    assert client.get(reverse("homes:shared", args=[live.token])).status_code == 410


def test_the_link_lasts_the_configured_number_of_days(settings):
    settings.HOME_PROFILE_SHARE_DAYS = 3
    share = services.share_with_child(placement_officer(), HomeProfileFactory(), ReferralFactory())
    assert abs((share.expires_at - timezone.now()) - dt.timedelta(days=3)) < dt.timedelta(minutes=1)
    assert len(share.token) >= 40


def test_a_service_sees_which_households_have_written_their_profile(client):
    written = HomeProfileFactory(household__reference="H-WRITTEN")
    empty = HouseholdFactory(reference="H-EMPTY", fostering_service=written.household.fostering_service)
    HouseholdFactory(reference="H-OTHER")
    client.force_login(fostering_team(organisation=written.household.fostering_service.organisation))
    body = client.get(reverse("homes:service-list")).content.decode()
    assert "H-WRITTEN" in body and empty.reference in body and "H-OTHER" not in body
    rows = {r.split("</a>")[0].rsplit(">", 1)[-1]: r for r in body.split('<tr class="govuk-table__row">')[2:]}
    assert ">Written<" in rows["H-WRITTEN"] and "Not written yet" in rows["H-EMPTY"]


def test_an_officer_opens_a_home_by_its_register_number(client):
    profile = HomeProfileFactory()
    client.force_login(placement_officer())
    response = client.get(reverse("homes:shares"), {"household": str(profile.household_id)})
    assert response.url == reverse("homes:profile", args=[profile.household_id])
    bad = client.get(reverse("homes:shares"), {"household": "abc"})
    assert b"Enter the number of a household on the register" in bad.content
