"""The anonymised summary shared with services and carers: no names, exact dates of birth,
addresses, postcodes, phone numbers or e-mail addresses survive, even when planted in the
child's own words; only the referring authority and services holding a place may see it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from fostering.accounts.tests.factories import analyst, fostering_team, placement_officer
from fostering.children.models import ChildVoice, ImportantPerson, SiblingGroup
from fostering.children.tests.factories import ChildFactory
from fostering.referrals.anonymise import may_see_summary, scrub, summary_for
from fostering.referrals.tests.factories import ReferralFactory
from fostering.register.tests.factories import CarerFactory, HouseholdFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "planted",
    ["ME14 1AA", "me141aa", "CT1 2EH", "03/04/2015", "3-4-15", "2015-04-03", "3rd of April 2015", "April 3, 2015",
     "07700 900123", "+44 7700 900123", "(01622) 694000", "jamie.smith@example.org", "Mrs Pemberton"],
)  # fmt: skip
def test_identifiers_of_every_shape_are_removed(planted):
    text = scrub(f"Ask about {planted} please.")
    assert planted.lower() not in text.lower()
    assert text.startswith("Ask about [") and text.endswith("] please.")


def test_known_names_are_removed_as_whole_words_with_possessives():
    assert scrub("Tyler's nan Bernadette said Tyler is kind", ["Tyler Okonkwo-Reid", "Bernadette"]) == (
        "[name] nan [name] said [name] is kind"
    )
    assert scrub("I like Lego", ["Leo"]) == "I like Lego"


def test_the_summary_contains_no_personal_identifiers_planted_in_the_childs_words():
    group = SiblingGroup.objects.create(name="Okonkwo")
    child = ChildFactory(
        first_name="Tyler", last_name="Okonkwo", date_of_birth=dt.date(2014, 5, 17), home_postcode="ME14 1AA",
        school_postcode="ME15 6AA", sibling_group=group, voice=False,
    )  # fmt: skip
    sister = ChildFactory(first_name="Precious", last_name="Okonkwo", sibling_group=group, voice=False)
    household = HouseholdFactory()
    CarerFactory(household=household, first_name="Marguerite", last_name="Fairweather")
    from fostering.placements.models import Placement

    Placement.objects.create(child=child, household=household, started_on=dt.date(2022, 1, 1),
                             ended_on=dt.date(2023, 1, 1), place="U6", reason_place_change="CARPL")  # fmt: skip
    ImportantPerson.objects.create(child=child, name="Auntie Gwendolyn Baptiste", relationship="Aunt")
    ChildVoice.objects.create(
        child=child,
        about_me="My name is Tyler Okonkwo, I was born on 17/05/2014 and I live at 4 Elm Road ME14 1AA. "
        "My sister Precious is my best friend. I miss Marguerite's cooking.",
        want_carers_to_know="Call Gwendolyn on 07700 900123 or gwen.baptiste@example.org. My birthday is 17 May.",
        matters_for_new_home="Staying near TYLER'S school and Mrs Fairweather",
    )
    referral = ReferralFactory(children=[child, sister])
    summary = summary_for(referral)
    text = json.dumps(summary).lower()
    for identifier in ["tyler", "okonkwo", "precious", "marguerite", "fairweather", "gwendolyn", "baptiste",
                       "17/05/2014", "2014-05-17", "me14 1aa", "07700", "example.org", "17 may", "me15 6aa"]:  # fmt: skip
        assert identifier not in text, identifier
    first = summary["children"][0]
    assert first["age"] == child.age_on()
    assert first["home_postcode_district"] == "ME14" and first["school_postcode_district"] == "ME15"
    assert "[name]" in first["voice"]["about_me"] and "[date]" in first["voice"]["about_me"]
    assert first["important_people"] == [{"relationship": "Aunt", "keep_in_touch": True, "contact": "Face to face"}]
    assert set(first["needs_levels"]) >= {"emotional", "risk_others"}


def test_the_summary_is_seen_by_the_authority_and_services_holding_a_place_only():
    from fostering.vacancies.models import Hold

    referral = ReferralFactory()
    officer = placement_officer()
    household = HouseholdFactory()
    team = fostering_team(organisation=household.fostering_service.organisation)
    other_team = fostering_team()
    assert may_see_summary(officer, referral)
    assert not may_see_summary(team, referral)
    Hold.objects.create(household=household, referral=referral, held_by=officer,
                        reserved_until=timezone.now() + dt.timedelta(days=2))  # fmt: skip
    assert may_see_summary(team, referral)
    assert not may_see_summary(other_team, referral)
    assert not may_see_summary(analyst(), referral)
