"""Survey results: an authority against region and England, suppressed below 5 for
everyone; free text only for the authority's own staff."""

import pytest
from django.core.exceptions import PermissionDenied

from fostering.accounts.tests.factories import analyst, commissioner, placement_officer
from fostering.experience import results
from fostering.experience.tests.factories import SurveyResponseFactory, SurveyRoundFactory
from fostering.geography.models import LocalAuthority
from fostering.organisations.tests.factories import MEDWAY, ConsortiumFactory, LocalAuthorityOrganisationFactory

pytestmark = pytest.mark.django_db


def kent():
    return LocalAuthority.objects.get(code="E10000016")


def medway():
    return LocalAuthority.objects.get(code=MEDWAY)


def row(table, code):
    return next(r for r in table.rows if r["area_key"] == code)


def test_an_authority_sees_its_share_beside_region_and_england():
    r = SurveyRoundFactory()
    SurveyResponseFactory.create_batch(6, round=r, safe=3)
    SurveyResponseFactory.create_batch(2, round=r, safe=1)
    SurveyResponseFactory.create_batch(5, round=r, local_authority=medway(), safe=1)
    SurveyResponseFactory.create_batch(5, round=r, local_authority=LocalAuthority.objects.get(code="E09000001"), safe=3)
    table = results.benchmarks(placement_officer(), kent(), r)
    safe = row(table, "safe")
    assert safe["la_answered"] == 8 and safe["la_share"] == pytest.approx(6 / 8)
    assert safe["region_answered"] == 13 and safe["region_share"] == pytest.approx(6 / 13)  # Kent + Medway
    assert safe["england_answered"] == 18 and safe["england_share"] == pytest.approx(11 / 18)
    assert safe["suppressed"] == []


def test_figures_from_fewer_than_5_answers_are_suppressed_even_for_the_authority_itself():
    r = SurveyRoundFactory()
    SurveyResponseFactory.create_batch(4, round=r, safe=3, know_why=None)
    SurveyResponseFactory.create_batch(1, round=r, safe=3, know_why=3)
    table = results.benchmarks(placement_officer(), kent(), r)
    safe, know_why = row(table, "safe"), row(table, "know_why")
    assert safe["la_share"] == 1.0 and "la_share" not in safe["suppressed"]
    assert know_why["la_share"] is None and {"la_answered", "la_share"} <= set(know_why["suppressed"])


def test_trends_show_each_round_and_suppress_small_rounds():
    first, second = SurveyRoundFactory(), SurveyRoundFactory()
    SurveyResponseFactory.create_batch(3, round=first)
    SurveyResponseFactory.create_batch(5, round=second, wellbeing=3)
    table = results.trends(placement_officer(), kent())
    assert [r["round"] for r in table.rows] == [first.name, second.name]
    assert table.rows[0]["wellbeing"] is None and "wellbeing" in table.rows[0]["suppressed"]
    assert table.rows[1]["wellbeing"] == 1.0


def test_who_may_see_which_authoritys_results():
    officer = placement_officer()
    assert results.authority_for(officer, None) == kent()
    with pytest.raises(PermissionDenied):
        results.authority_for(officer, MEDWAY)
    assert results.authority_for(analyst(), MEDWAY) == medway()
    consortium = commissioner(organisation=ConsortiumFactory(members=[kent(), medway()]))
    assert results.authority_for(consortium, MEDWAY) == medway()


def test_free_text_answers_go_only_to_the_authoritys_own_staff():
    r = SurveyRoundFactory()
    SurveyResponseFactory(round=r, better_care="Seeing my mum more.")
    SurveyResponseFactory(round=r, better_care="")
    SurveyResponseFactory(round=r, local_authority=medway(), better_care="Medway child's words")
    assert results.comments(placement_officer(), kent(), r) == ["Seeing my mum more."]
    assert results.comments(commissioner(), kent(), r) == ["Seeing my mum more."]
    medway_officer = placement_officer(organisation=LocalAuthorityOrganisationFactory(local_authority=medway()))
    for outsider in (medway_officer, analyst(), commissioner(organisation=ConsortiumFactory(members=[kent()]))):
        with pytest.raises(PermissionDenied):
            results.comments(outsider, kent(), r)
