"""Issue 5: on the matching page for a sibling group the officer chooses "together in one
home" (the default) or "in separate homes close to each other" with the most the homes may be
apart, and sees joint proposals (a home per child, combined score, distance between them)."""

from __future__ import annotations

import math

import pytest
from django.urls import reverse

from fostering.accounts.tests.factories import placement_officer
from fostering.children.tests.factories import ChildFactory
from fostering.organisations.tests.factories import FosteringServiceFactory
from fostering.referrals.tests.factories import ReferralFactory
from fostering.register.tests.factories import HouseholdFactory
from fostering.vacancies.models import Hold

pytestmark = pytest.mark.django_db


@pytest.fixture
def siblings(client):
    """Ava and Ben (Maidstone), a referral asking for one home; two homes a few km apart in
    Maidstone and one in Canterbury, each with two places."""
    officer = placement_officer()
    ava = ChildFactory(first_name="Ava")
    ben = ChildFactory(first_name="Ben", sibling_group=None)
    referral = ReferralFactory(children=[ava, ben], max_distance_km=80)
    homes = {
        "maidstone": HouseholdFactory(postcode="ME14 1AA", fostering_service=FosteringServiceFactory()),
        "maidstone_south": HouseholdFactory(postcode="ME15 6AA", fostering_service=FosteringServiceFactory()),
        "canterbury": HouseholdFactory(postcode="CT1 2EH", fostering_service=FosteringServiceFactory()),
    }
    client.force_login(officer)
    return client, referral, homes


def _km(a, b) -> float:
    return math.hypot(a.easting - b.easting, a.northing - b.northing) / 1000


def test_a_sibling_group_is_matched_together_by_default_with_the_choice_offered(siblings):
    client, referral, homes = siblings
    page = client.get(reverse("matching:referral", args=[referral.pk])).content.decode()
    assert 'id="siblings-together" name="siblings" type="radio" value="together" checked' in page
    assert 'id="siblings-apart"' in page and 'name="apart_km"' in page and "Ava, Ben" in page
    assert 'id="apart-proposals"' not in page
    assert f'data-household="{homes["maidstone"].pk}"' in page  # one shortlist for the pair


def test_choosing_separate_homes_shows_a_joint_proposal_of_close_homes_with_combined_score(siblings):
    client, referral, homes = siblings
    near_km = _km(homes["maidstone"], homes["maidstone_south"])
    assert near_km < 10 < _km(homes["maidstone"], homes["canterbury"])
    url = reverse("matching:referral", args=[referral.pk])
    page = client.get(url, {"siblings": "apart", "apart_km": "10"}).content.decode()
    assert 'value="apart" checked' in page and 'id="apart-proposals"' in page
    proposal = page.split('data-proposal="1"')[1].split("</table>")[0]
    assert "combined score" in proposal and f"the homes are {round(near_km, 1)} km apart" in proposal
    assert f'data-household="{homes["maidstone"].pk}"' in proposal
    assert f'data-household="{homes["maidstone_south"].pk}"' in proposal
    assert f'data-household="{homes["canterbury"].pk}"' not in proposal
    assert "Ava" in proposal and "Ben" in proposal
    assert 'data-proposal="2"' not in page  # only Canterbury is left, and one home cannot take both apart


def test_no_proposal_when_no_homes_are_close_enough_says_what_to_do(siblings):
    client, referral, _ = siblings
    page = client.get(
        reverse("matching:referral", args=[referral.pk]), {"siblings": "apart", "apart_km": "1"}
    ).content.decode()
    assert 'id="no-apart-proposal"' in page and "Allow a longer distance between the homes" in page


def test_holding_a_proposal_holds_one_place_in_each_home(siblings):
    client, referral, homes = siblings
    response = client.post(
        reverse("matching:hold", args=[referral.pk]),
        {"household": [homes["maidstone"].pk, homes["maidstone_south"].pk], "per_child": "1"},
    )
    assert response.status_code == 302
    held = dict(Hold.objects.filter(referral=referral).values_list("household_id", "places"))
    assert held == {homes["maidstone"].pk: 1, homes["maidstone_south"].pk: 1}


def test_a_bad_distance_between_homes_is_explained(siblings):
    client, referral, _ = siblings
    page = client.get(
        reverse("matching:referral", args=[referral.pk]), {"siblings": "apart", "apart_km": "far"}
    ).content.decode()
    assert "There is a problem with the filters" in page
    assert "The most the homes may be apart must be a number of kilometres above 0 and up to 200." in page
