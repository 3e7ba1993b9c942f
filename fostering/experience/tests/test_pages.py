"""Pages and API: the child's survey without an account, results for authorities, rights
pages with the advocacy contact, and the authority keeping that contact up to date."""

import pytest
from django.test import Client

from fostering.accounts.tests.factories import analyst, fostering_team, placement_officer
from fostering.children.tests.factories import ChildFactory
from fostering.experience.models import AdvocacyContact, SurveyResponse
from fostering.experience.tests.factories import (
    AdvocacyContactFactory,
    SurveyResponseFactory,
    SurveyRoundFactory,
    make_link,
)
from fostering.organisations.tests.factories import LocalAuthorityOrganisationFactory

pytestmark = pytest.mark.django_db

ALL_YES = {code: "3" for code in ("safe", "trust_carers", "settled", "know_why", "know_social_worker",
                                  "have_say", "see_people", "like_school", "wellbeing")}  # fmt: skip


def signed_in(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_a_child_answers_without_signing_in_and_a_missing_answer_is_explained(client):
    link, raw = make_link(ChildFactory(), age_group="4-7")
    page = client.get(f"/experience/s/{raw}/")
    assert page.status_code == 200
    assert "Do you feel safe where you live?" in page.content.decode()
    incomplete = client.post(f"/experience/s/{raw}/", {**ALL_YES, "safe": ""})
    assert incomplete.status_code == 200
    assert "Some questions need an answer" in incomplete.content.decode()
    assert SurveyResponse.objects.count() == 0
    done = client.post(f"/experience/s/{raw}/", {**ALL_YES, "know_why": "skip", "better_care": "A dog"})
    assert "Thank you" in done.content.decode()
    response = SurveyResponse.objects.get()
    assert response.know_why is None and response.safe == 3 and response.age_group == "4-7"
    again = client.get(f"/experience/s/{raw}/")
    assert again.status_code == 410
    assert "already filled in" in again.content.decode()


def test_a_wrong_link_says_so_plainly(client):
    page = client.get("/experience/s/nonsense/")
    assert page.status_code == 404
    assert "This link does not work" in page.content.decode()


def test_an_officer_issues_links_and_sees_them_once():
    officer = placement_officer()
    ChildFactory()
    r = SurveyRoundFactory()
    c = signed_in(officer)
    assert "Send links to 1 child" in c.get("/experience/survey-links/").content.decode()
    page = c.post(f"/experience/survey-links/{r.pk}/issue/")
    assert page.status_code == 200
    assert "/experience/s/" in page.content.decode()
    assert page["Cache-Control"] == "no-store"


def test_the_results_page_shows_benchmarks_and_suppresses_small_numbers():
    r = SurveyRoundFactory(name="Autumn 2026")
    SurveyResponseFactory.create_batch(5, round=r)
    SurveyResponseFactory.create_batch(3, round=r, local_authority_id="E06000035")
    page = signed_in(placement_officer()).get("/experience/results/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Autumn 2026: Kent against South East and England" in text
    assert "100%" in text  # Kent, 5 "yes" to feeling safe
    analyst_page = signed_in(analyst()).get("/experience/results/?la=E06000035")
    assert "fewer than 5" in analyst_page.content.decode()
    assert "what your children said" not in analyst_page.content.decode()
    assert signed_in(analyst()).get("/experience/results/what-would-make-care-better/").status_code == 403
    assert signed_in(fostering_team()).get("/experience/results/").status_code == 403


def test_the_api_gives_null_for_suppressed_figures_and_refuses_free_text_to_analysts():
    r = SurveyRoundFactory()
    SurveyResponseFactory.create_batch(3, round=r, better_care="More visits")
    body = signed_in(analyst()).get(f"/api/experience/results?la=E10000016&round_id={r.pk}").json()
    safe = next(row for row in body["rows"] if row["question"] == "Feel safe where they live")
    assert safe["la_share"] is None and "la_share" in safe["suppressed"]
    assert signed_in(analyst()).get("/api/experience/comments?la=E10000016").status_code == 403
    assert signed_in(placement_officer()).get("/api/experience/comments").json() == ["More visits"] * 3


def test_the_authority_keeps_its_advocacy_contact_and_children_see_it():
    officer = placement_officer()
    c = signed_in(officer)
    empty = c.post("/experience/advocacy/", {"service_name": "Kent Advocacy"})
    assert "Enter at least one way for a child to get in touch" in empty.content.decode()
    saved = c.post("/experience/advocacy/", {"service_name": "Kent Advocacy", "phone": "0800 111 222"})
    assert saved.status_code == 302
    assert AdvocacyContact.objects.get().updated_by == officer
    rights = Client().get("/experience/rights/8-11/?la=E10000016").content.decode()
    assert "Kent Advocacy" in rights and "0800 111 222" in rights
    assert "Your rights in care" in rights


def test_another_authoritys_contact_is_not_changed_by_an_officer():
    AdvocacyContactFactory(local_authority_id="E06000035", service_name="Medway Voices")
    officer = placement_officer(organisation=LocalAuthorityOrganisationFactory())
    signed_in(officer).post("/experience/advocacy/", {"service_name": "Kent Advocacy", "phone": "1"})
    assert AdvocacyContact.objects.get(local_authority_id="E06000035").service_name == "Medway Voices"


def test_every_age_group_has_a_rights_page(client):
    for group in ("4-7", "8-11", "11-18"):
        assert client.get(f"/experience/rights/{group}/").status_code == 200
    assert client.get("/experience/rights/99/").status_code == 404
