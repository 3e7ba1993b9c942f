"""A household leaves: the service records why, is prompted to offer an exit interview,
records it; analytics say why carers leave and how long they fostered, with counts
below 5 shown as "fewer than 5" to analysts."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fostering.accounts.tests.factories import analyst, fostering_team
from fostering.exits import analytics, services
from fostering.exits.models import Departure, InterviewStatus
from fostering.organisations.tests.factories import FosteringServiceFactory
from fostering.register.models import HouseholdStatus
from fostering.register.tests.factories import HouseholdFactory

from .factories import DepartureFactory, ExitInterviewFactory

pytestmark = pytest.mark.django_db


def test_recording_a_resignation_changes_status_ends_approval_and_remembers_years_fostered():
    household = HouseholdFactory()
    user = fostering_team(organisation=household.fostering_service.organisation)
    d = services.record_departure(user, household, "resigned", dt.date(2026, 3, 1), "Moving abroad")
    household.refresh_from_db()
    assert household.status == HouseholdStatus.RESIGNED and household.status_since == dt.date(2026, 3, 1)
    assert household.status_changes.get().reason == "Moving abroad"
    assert household.approvals.get().ended_on == dt.date(2026, 3, 1)
    assert d.fostered_since == dt.date(2015, 3, 1) and round(d.years_fostered, 1) == 11.0
    assert d.interview_status == InterviewStatus.NOT_OFFERED
    with pytest.raises(ValidationError, match="already left"):
        services.record_departure(user, household, "resigned", dt.date(2026, 3, 1), "Again")


def test_another_service_cannot_record_a_household_leaving():
    with pytest.raises(PermissionDenied):
        services.record_departure(fostering_team(), HouseholdFactory(), "resigned", dt.date(2026, 3, 1), "x")


def test_an_exit_interview_records_reasons_including_the_main_one():
    d = DepartureFactory()
    user = fostering_team(organisation=d.fostering_service.organisation)
    services.record_offer(user, d, "offered", dt.date(2026, 6, 2))
    interview = services.record_interview(
        user, d, {"held_on": dt.date(2026, 6, 9), "reasons": ["allowances"], "main_reason": "support",
                  "would_foster_again": "not_sure", "comments": "Felt alone."},
    )  # fmt: skip
    d.refresh_from_db()
    assert d.interview_status == "held" and d.interview_offered_on == dt.date(2026, 6, 2)
    assert interview.reasons == ["allowances", "support"]
    with pytest.raises(ValidationError):
        services.record_offer(user, d, "declined", dt.date(2026, 6, 20))


def test_counts_below_five_are_suppressed_for_analysts_but_not_for_the_service():
    service = FosteringServiceFactory()
    for _ in range(6):
        ExitInterviewFactory(departure__household__fostering_service=service, main_reason="retirement")
    for _ in range(2):
        ExitInterviewFactory(departure__household__fostering_service=service, main_reason="support")
    DepartureFactory(household__fostering_service=service, kind="deregistered", fostered_since=dt.date(2026, 1, 1))
    qs = Departure.objects.filter(fostering_service=service)
    national = analytics.summarise("England", qs, suppress=True)
    own = analytics.summarise(service.name, qs, suppress=False)
    assert national.households == "9"
    assert dict(national.main_reasons)["Retirement"] == "6"
    assert dict(national.main_reasons)["Support from the fostering service"] == "fewer than 5"
    assert dict(national.main_reasons)["Allowances and fees"] == "0"
    assert dict(national.by_kind)["Deregistered by the service"] == "fewer than 5"
    assert dict(national.years)["Under 1 year"] == "fewer than 5"
    assert dict(national.years)["6 to 10 years"] == "8"
    assert national.median_years == "10.0 years"
    assert dict(own.main_reasons)["Support from the fostering service"] == "2"
    assert dict(own.by_kind)["Deregistered by the service"] == "1"


def test_a_median_over_fewer_than_five_households_is_not_shown_to_analysts():
    service = FosteringServiceFactory()
    for _ in range(3):
        DepartureFactory(household__fostering_service=service)
    rows = analytics.per_service(Departure.objects.all(), suppress=True)
    assert [(r.households, r.median_years) for r in rows] == [("fewer than 5", "not shown")]
    assert analytics.summarise("x", Departure.objects.all(), suppress=True).median_years == "not shown"


def test_analysts_see_only_suppressed_aggregates_and_no_household(client):
    ExitInterviewFactory(departure__household__reference="SECRET-REF")
    client.force_login(analyst())
    body = client.get(reverse("exits:analytics")).content.decode()
    assert "fewer than 5" in body and "SECRET-REF" not in body
    assert client.get(reverse("exits:list")).status_code == 403


def test_the_service_records_a_leaver_and_is_prompted_to_offer_an_interview(client):
    household = HouseholdFactory(reference="H-LEAVE")
    client.force_login(fostering_team(organisation=household.fostering_service.organisation))
    bad = client.post(reverse("exits:record"), {"household": household.pk, "left_on": "31/02/2026"})
    assert b"Select whether the household resigned or was deregistered" in bad.content
    assert b"as a real date" in bad.content and b"Enter the reason" in bad.content
    response = client.post(
        reverse("exits:record"),
        {"household": household.pk, "kind": "resigned", "left_on": "01/11/2026", "reason": "<b>Moving</b>"},
        follow=True,
    )
    body = response.content.decode()
    assert "Offer this household an exit interview" in body
    assert "&lt;b&gt;Moving&lt;/b&gt;" in body
    d = Departure.objects.get()
    response = client.post(
        reverse("exits:interview", args=[d.pk]),
        {"held_on": "05/11/2026", "reasons": ["support", "allowances"], "main_reason": "support",
         "would_foster_again": "yes", "what_would_have_helped": "More respite"},
    )  # fmt: skip
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.interview.main_reason == "support"
    page = client.get(reverse("exits:analytics")).content.decode()
    assert household.fostering_service.name in page


def test_a_household_resigning_through_the_register_is_also_prompted_for_an_exit_interview():
    from fostering.register.services import change_status

    household = HouseholdFactory()
    user = fostering_team(organisation=household.fostering_service.organisation)
    change_status(user, household, "deregistered", changed_on=dt.date(2026, 5, 1), reason="Standards of care")
    d = Departure.objects.get(household=household)
    assert (d.kind, d.left_on, d.reason, d.interview_status) == (
        "deregistered",
        dt.date(2026, 5, 1),
        "Standards of care",
        "not_offered",
    )
    change_status(user, household, "on_hold", reason="Paused")
    assert Departure.objects.count() == 1


def test_the_api_gives_analysts_suppressed_figures_and_refuses_others(client):
    from fostering.accounts.models import ApiToken
    from fostering.accounts.tests.factories import placement_officer

    for _ in range(5):
        ExitInterviewFactory(main_reason="allowances")
    ExitInterviewFactory(main_reason="support", departure__household__reference="ONLY-ONE")
    token = ApiToken.issue(analyst())[1]
    body = client.get("/api/exits/summary", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    [england] = body["summaries"]
    main = {c["label"]: c["count"] for c in england["main_reasons"]}
    assert main["Allowances and fees"] == "5" and main["Support from the fostering service"] == "fewer than 5"
    assert england["households"] == "6" and "ONLY-ONE" not in str(body)
    other = ApiToken.issue(placement_officer())[1]
    assert client.get("/api/exits/summary", HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 403
