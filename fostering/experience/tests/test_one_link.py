"""A placement officer issues one survey link for one child (their age picks the version)
and sees it once to pass on; answers stay unlinked from the child."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from fostering.accounts.models import AuditEvent
from fostering.accounts.tests.factories import commissioner, fostering_team, placement_officer
from fostering.children.tests.factories import ChildFactory
from fostering.experience import links
from fostering.experience.models import SurveyLink, SurveyResponse
from fostering.experience.tests.factories import SurveyRoundFactory, make_link
from fostering.geography.models import LocalAuthority
from fostering.organisations.tests.factories import MEDWAY, LocalAuthorityOrganisationFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
ANSWERS = {"safe": 3, "trust_carers": 3, "settled": 3, "know_why": 3, "know_social_worker": 3,
           "have_say": 3, "see_people": 3, "like_school": 3, "wellbeing": 3}  # fmt: skip


def born(years_ago: int) -> dt.date:
    return dt.date(TODAY.year - years_ago, 1, 1) if TODAY.month > 1 else dt.date(TODAY.year - years_ago - 1, 1, 1)


def open_round():
    return SurveyRoundFactory(opens_on=TODAY - dt.timedelta(days=10), closes_on=TODAY + dt.timedelta(days=30))


def url(survey_round) -> str:
    return f"/experience/survey-links/{survey_round.pk}/one-child/"


def test_one_child_gets_the_version_for_their_age_and_an_anonymous_answer():
    officer = placement_officer()
    six, nine, fifteen = (ChildFactory(date_of_birth=born(a)) for a in (6, 9, 15))
    survey_round = open_round()
    versions = {c: links.issue_one_link(officer, survey_round, c.la_child_id).issued.link.age_group
                for c in (six, nine, fifteen)}  # fmt: skip
    assert versions == {six: "4-7", nine: "8-11", fifteen: "11-18"}
    one = links.issue_one_link(officer, open_round(), f"  {nine.la_child_id.lower()} ")  # typed loosely
    assert one.issued.child == nine and not one.replaced
    assert SurveyLink.objects.get(pk=one.issued.link.pk).token_hash == links.hash_token(one.issued.token)
    response = links.submit(one.issued.token, ANSWERS, "")
    assert response.age_group == "8-11" and response.local_authority_id == nine.local_authority_id
    assert not {f.name for f in SurveyResponse._meta.get_fields()} & {"child", "link", "token_hash"}


def test_an_unused_link_is_replaced_and_the_old_one_stops_working():
    officer = placement_officer()
    child = ChildFactory(date_of_birth=born(12))
    survey_round = open_round()
    _, old_token = make_link(child, survey_round, expires_in=dt.timedelta(days=-1))  # ran out
    one = links.issue_one_link(officer, survey_round, child.la_child_id)
    assert one.replaced and SurveyLink.objects.filter(round=survey_round, child=child).count() == 1
    with pytest.raises(links.LinkUnusable):
        links.find_link(old_token)
    assert links.find_link(one.issued.token).pk == one.issued.link.pk


def test_no_second_link_once_the_child_has_answered_the_round():
    officer = placement_officer()
    child = ChildFactory(date_of_birth=born(12))
    survey_round = open_round()
    make_link(child, survey_round, used=True)
    with pytest.raises(ValidationError, match="already been used"):
        links.issue_one_link(officer, survey_round, child.la_child_id)


@pytest.mark.parametrize(
    ("child_kwargs", "typed", "message"),
    [
        ({}, "NOPE123", "There is no child with the reference NOPE123 in your authority's care"),
        ({"in_care": False}, None, "in your authority's care"),
        ({"local_authority_id": MEDWAY}, None, "in your authority's care"),
        ({"date_of_birth": born(2)}, None, "The survey is for children aged 4 to 17"),
        ({"date_of_birth": born(19)}, None, "The survey is for children aged 4 to 17"),
    ],
)
def test_a_child_who_cannot_have_a_link_is_refused_with_a_reason(child_kwargs, typed, message):
    if "local_authority_id" in child_kwargs:
        child_kwargs = {"local_authority": LocalAuthority.objects.get(code=MEDWAY)}
    child = ChildFactory(**{"date_of_birth": born(10), **child_kwargs})
    with pytest.raises(ValidationError, match=message):
        links.issue_one_link(placement_officer(), open_round(), typed or child.la_child_id)
    assert not SurveyLink.objects.exists()


def test_a_closed_round_gets_no_new_links():
    child = ChildFactory(date_of_birth=born(10))
    closed = SurveyRoundFactory(opens_on=TODAY - dt.timedelta(days=90), closes_on=TODAY - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="Choose an open round"):
        links.issue_one_link(placement_officer(), closed, child.la_child_id)


def test_the_officer_sees_the_link_once_on_the_page_and_the_read_is_audited():
    officer = placement_officer()
    child = ChildFactory(date_of_birth=born(9))
    survey_round = open_round()
    c = Client()
    c.force_login(officer)
    assert "Send a survey link to one child" in c.get(url(survey_round)).content.decode()
    empty = c.post(url(survey_round), {"la_child_id": ""}).content.decode()
    assert "There is a problem" in empty and "Enter the child&#x27;s reference" in empty
    unknown = c.post(url(survey_round), {"la_child_id": "<b>X</b>"}).content.decode()
    assert "&lt;b&gt;X&lt;/b&gt;" in unknown and "<b>X</b>" not in unknown
    page = c.post(url(survey_round), {"la_child_id": child.la_child_id})
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    body = page.content.decode()
    link = SurveyLink.objects.get(child=child)
    assert link.age_group == "8-11" and "Ages 8 to 11" in body
    shown = [w for w in body.replace("<", " ").replace(">", " ").split() if "/experience/s/" in w]
    assert len(shown) == 1 and links.find_link(shown[0].rsplit("/s/", 1)[1].strip("/")).pk == link.pk
    assert AuditEvent.objects.filter(object_type="children.child", object_id=str(child.pk), action="read").exists()
    again = c.post(url(survey_round), {"la_child_id": child.la_child_id}).content.decode()
    assert "no longer works" in again  # the first link was never used, so it is replaced
    assert "Send a link to one child" in c.get("/experience/survey-links/").content.decode()


def test_only_placement_officers_of_an_authority_issue_one_link():
    survey_round = open_round()
    child = ChildFactory(date_of_birth=born(9))
    for user in (commissioner(), fostering_team()):
        c = Client()
        c.force_login(user)
        assert c.get(url(survey_round)).status_code == 403
    with pytest.raises(PermissionDenied):
        links.issue_one_link(fostering_team(organisation=LocalAuthorityOrganisationFactory()), survey_round,
                             child.la_child_id)  # fmt: skip
