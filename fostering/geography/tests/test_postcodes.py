"""A placement officer types a postcode any way they like and gets the right place."""

import pytest

from fostering.geography.models import LocalAuthority, Region
from fostering.geography.services import (
    InvalidPostcode,
    UnknownPostcode,
    distance_km,
    geocode,
    is_valid_postcode,
    local_authority_for,
    normalise_postcode,
    postcode_district,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("me14 1aa", "ME14 1AA"), ("ME141AA", "ME14 1AA"), ("  ct1  2ej ", "CT1 2EJ"), ("n1 9gu", "N1 9GU"),
     ("sw1a1aa", "SW1A 1AA"), ("W1A 0AX", "W1A 0AX")],
)  # fmt: skip
def test_postcodes_are_normalised_however_they_are_typed(typed, expected):
    assert normalise_postcode(typed) == expected


@pytest.mark.parametrize("typed", ["", "   ", None, "hello", "ME14", "12345", "ME14 1A", "ME14 1AAA", "Q1 1AA!", "ME14-1AA"])
def test_malformed_postcodes_get_a_plain_english_error(typed):
    with pytest.raises(InvalidPostcode) as err:
        normalise_postcode(typed)
    assert "postcode" in str(err.value).lower()
    assert not is_valid_postcode(typed)


def test_postcode_district_is_the_outward_code():
    assert postcode_district("me14 1aa") == "ME14"


def test_every_english_upper_tier_authority_is_loaded_with_its_region():
    assert Region.objects.count() == 9
    assert LocalAuthority.objects.count() == 153
    kent = LocalAuthority.objects.get(code="E10000016")
    assert kent.name == "Kent"
    assert kent.region.name == "South East"
    # The 2023 unitaries are there; the county councils they replaced are not.
    assert LocalAuthority.objects.filter(code="E06000065", name="North Yorkshire").exists()
    assert not LocalAuthority.objects.filter(code__in=["E10000006", "E10000023", "E10000027"]).exists()
    assert LocalAuthority.objects.filter(region__name="London").count() == 33


def test_authority_centroids_are_inside_england():
    for la in LocalAuthority.objects.all():
        assert 80_000 < la.centroid_easting < 660_000, la
        assert 5_000 < la.centroid_northing < 660_000, la


@pytest.mark.django_db
def test_a_postcode_is_geocoded_to_its_grid_reference_and_authority():
    location = geocode("me14 1aa")
    assert location.postcode == "ME14 1AA"
    assert location.local_authority_code == "E10000016"
    assert location.local_authority_name == "Kent"
    assert 570_000 < location.easting < 580_000
    assert 150_000 < location.northing < 160_000
    assert local_authority_for("ME4 4TR").name == "Medway"


@pytest.mark.django_db
def test_distance_between_maidstone_and_canterbury_is_about_40_km():
    # Maidstone (ME14) to Canterbury (CT1): about 38 km as the crow flies.
    assert 34 < distance_km("ME14 1AA", "CT1 2EH") < 42


@pytest.mark.django_db
def test_distance_is_symmetric_and_zero_to_itself():
    assert distance_km("ME14 1AA", "ME14 1AA") == 0
    assert distance_km("ME14 1AA", "TN1 1AA") == pytest.approx(distance_km("TN1 1AA", "ME14 1AA"))


@pytest.mark.django_db
def test_a_well_formed_postcode_we_do_not_know_is_a_clear_error():
    with pytest.raises(UnknownPostcode) as err:
        geocode("ZZ99 9ZZ")
    assert "ZZ99 9ZZ" in str(err.value)


@pytest.mark.django_db
def test_postcode_api_answers_404_with_a_reason_for_an_unknown_postcode(client):
    from fostering.accounts.tests.factories import placement_officer

    client.force_login(placement_officer())
    ok = client.get("/api/postcodes/me141aa")
    assert ok.status_code == 200
    assert ok.json()["local_authority_code"] == "E10000016"
    unknown = client.get("/api/postcodes/ZZ999ZZ")
    assert unknown.status_code == 404
    assert "ZZ99 9ZZ" in unknown.json()["detail"]
    bad = client.get("/api/postcodes/nonsense")
    assert bad.status_code == 400
    distance = client.get("/api/postcodes/ME141AA/distance/CT12EH")
    assert 34 < distance.json()["km"] < 42
