"""Survey links: unguessable, issued in bulk to the officer's own children, single use,
expiring, and the answers they give carry no trace of the child."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from fostering.accounts.tests.factories import fostering_team, placement_officer
from fostering.children.tests.factories import ChildFactory
from fostering.experience import links
from fostering.experience.models import SurveyLink, SurveyResponse
from fostering.experience.tests.factories import SurveyRoundFactory, make_link
from fostering.geography.models import LocalAuthority
from fostering.organisations.tests.factories import MEDWAY, LocalAuthorityOrganisationFactory

pytestmark = pytest.mark.django_db

ANSWERS = {"safe": 3, "trust_carers": 2, "settled": 1, "know_why": None, "know_social_worker": 3,
           "have_say": 3, "see_people": 2, "like_school": 3, "wellbeing": 3}  # fmt: skip


def born(years_ago: int) -> dt.date:
    today = dt.date.today()
    return dt.date(today.year - years_ago, 1, 1) if today.month > 1 else dt.date(today.year - years_ago - 1, 1, 1)


def test_a_link_gives_exactly_one_anonymous_response_and_is_then_spent():
    child = ChildFactory()
    link, raw = make_link(child)
    response = links.submit(raw, ANSWERS, "  More time with my sister.  ")
    link.refresh_from_db()
    assert link.used is True
    assert response.local_authority_id == child.local_authority_id
    assert response.better_care == "More time with my sister."
    assert response.know_why is None
    # The response has no field that points at a child or a link.
    names = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not names & {"child", "link", "token", "token_hash"}
    with pytest.raises(links.LinkUnusable) as second:
        links.submit(raw, ANSWERS, "")
    assert second.value.reason == "used"
    assert SurveyResponse.objects.count() == 1


def test_an_expired_link_cannot_be_opened_or_used():
    link, raw = make_link(ChildFactory(), expires_in=dt.timedelta(days=-1))
    with pytest.raises(links.LinkUnusable) as opened:
        links.find_link(raw)
    assert opened.value.reason == "expired"
    with pytest.raises(links.LinkUnusable):
        links.submit(raw, ANSWERS, "")
    assert SurveyResponse.objects.count() == 0


def test_a_link_expires_28_days_after_it_is_issued():
    officer = placement_officer()
    ChildFactory(date_of_birth=born(9))
    now = timezone.now()
    [issued] = links.issue_links(officer, SurveyRoundFactory(), now=now)
    links.find_link(issued.token, now=now + dt.timedelta(days=27))
    with pytest.raises(links.LinkUnusable):
        links.find_link(issued.token, now=now + dt.timedelta(days=28, seconds=1))


def test_an_unknown_token_is_refused():
    with pytest.raises(links.LinkUnusable) as exc:
        links.find_link("not-a-real-token")
    assert exc.value.reason == "unknown"


def test_officers_issue_links_in_bulk_to_their_own_children_aged_4_to_17_once_per_round():
    officer = placement_officer()
    six, nine, fifteen = (
        ChildFactory(date_of_birth=born(6)),
        ChildFactory(date_of_birth=born(9)),
        ChildFactory(date_of_birth=born(15)),
    )
    ChildFactory(date_of_birth=born(2))  # too young
    ChildFactory(date_of_birth=born(12), in_care=False)  # left care
    ChildFactory(date_of_birth=born(10), local_authority=LocalAuthority.objects.get(code=MEDWAY))  # another LA
    survey_round = SurveyRoundFactory()
    issued = links.issue_links(officer, survey_round)
    assert {i.child for i in issued} == {six, nine, fifteen}
    assert {i.child: i.link.age_group for i in issued} == {six: "4-7", nine: "8-11", fifteen: "11-18"}
    # Only the hash is stored; tokens are long and all different.
    for i in issued:
        assert len(i.token) >= 40 and i.link.token_hash != i.token
        assert SurveyLink.objects.get(pk=i.link.pk).token_hash == links.hash_token(i.token)
    assert len({i.token for i in issued}) == 3
    assert links.issue_links(officer, survey_round) == []


def test_only_a_local_authoritys_placement_officers_issue_links():
    with pytest.raises(PermissionDenied):
        links.issue_links(fostering_team(organisation=LocalAuthorityOrganisationFactory()), SurveyRoundFactory())
