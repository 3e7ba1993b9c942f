"""Issue 7: the referral page, the child's page (placements) and the household's page show
whether the child opened the home's shared profile before moving in, and when; only to the
staff who may see each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fostering.accounts.tests.factories import fostering_team, placement_officer
from fostering.children.tests.factories import ChildFactory
from fostering.homes import selectors, services
from fostering.organisations.tests.factories import MEDWAY, LocalAuthorityOrganisationFactory, authority
from fostering.placements.models import Placement
from fostering.referrals.models import Referral
from fostering.referrals.tests.factories import ReferralFactory

from .factories import HomeProfileFactory, ProfileShareFactory
from .test_homes import carer_of

pytestmark = pytest.mark.django_db


def _scene(*, moves_in_days: int, viewed_after_days: float | None):
    """A Kent child's matched referral, a home shared with them, the child's view of it
    ``viewed_after_days`` from now (None: never opened) and a placement there starting
    ``moves_in_days`` from today."""
    child = ChildFactory(first_name="Zebedee")
    referral = ReferralFactory(children=[child], status=Referral.Status.MATCHED, reference="REF-SEEN-1")
    profile = HomeProfileFactory()
    share = ProfileShareFactory(profile=profile, referral=referral)
    if viewed_after_days is not None:
        services.open_share(share.token, now=timezone.now() + dt.timedelta(days=viewed_after_days))
    placement = Placement.objects.create(
        child=child,
        household=profile.household,
        fostering_service=profile.household.fostering_service,
        started_on=timezone.localdate() + dt.timedelta(days=moves_in_days),
        place="U4",
    )
    return child, referral, profile.household, placement


def test_the_referral_page_says_the_child_saw_the_home_three_days_before_moving(client):
    child, referral, household, _ = _scene(moves_in_days=3, viewed_after_days=0)
    client.force_login(placement_officer())
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert 'id="seen-before-moving"' in page
    assert f"Household {household.reference}" in page
    assert "3 days before moving" in page and "(1 view)" in page
    assert timezone.localdate().strftime("%-d %B %Y") in page


def test_a_first_view_after_the_move_is_shown_as_only_after_moving(client):
    child, referral, household, placement = _scene(moves_in_days=0, viewed_after_days=1)
    client.force_login(placement_officer())
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Only after moving" in page
    child_page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    assert f'data-testid="seen-{placement.pk}"' in child_page and "Only after moving" in child_page


def test_the_childs_placements_say_whether_they_saw_each_home_first(client):
    child, referral, household, placement = _scene(moves_in_days=2, viewed_after_days=0)
    earlier = Placement.objects.create(child=child, started_on=dt.date(2020, 1, 1), ended_on=dt.date(2021, 1, 1),
                                       place="U6")  # fmt: skip
    client.force_login(placement_officer())
    page = client.get(reverse("children:detail", args=[child.pk])).content.decode()
    cell = page.split(f'data-testid="seen-{placement.pk}"')[1].split("</td>")[0]
    assert "Yes" in cell and "2 days before moving" in cell
    assert page.split(f'data-testid="seen-{earlier.pk}"')[1].split("</td>")[0].strip(">").strip() == "–"


def test_an_unopened_link_says_so_and_a_home_not_yet_moved_into_counts_as_before(client):
    _, referral, household, placement = _scene(moves_in_days=5, viewed_after_days=None)
    (row,) = selectors.seen_for_referral(referral)
    assert row.before_moving is None and row.moved_on == placement.started_on
    placement.delete()
    services.open_share(referral.profile_shares.get().token)
    (row,) = selectors.seen_for_referral(referral)
    assert row.before_moving is True and row.moved_on is None


def test_the_households_service_sees_it_on_the_home_page_but_carers_and_other_authorities_do_not(client):
    _, referral, household, _ = _scene(moves_in_days=3, viewed_after_days=0)
    url = reverse("homes:profile", args=[household.pk])

    client.force_login(fostering_team(organisation=household.fostering_service.organisation))
    page = client.get(url).content.decode()
    assert 'id="seen-before-moving"' in page and "REF-SEEN-1" in page and "3 days before moving" in page
    assert "Zebedee" not in page  # the reference only, never the child's name

    client.force_login(placement_officer())  # the referring authority
    assert "REF-SEEN-1" in client.get(url).content.decode()

    medway = LocalAuthorityOrganisationFactory(local_authority=authority(MEDWAY))
    client.force_login(placement_officer(organisation=medway))
    page = client.get(url).content.decode()
    assert "REF-SEEN-1" not in page and 'id="seen-before-moving"' not in page

    client.force_login(carer_of(household))
    page = client.get(url).content.decode()
    assert "REF-SEEN-1" not in page and 'id="seen-before-moving"' not in page

    client.force_login(fostering_team())  # another service
    assert client.get(url).status_code == 403
