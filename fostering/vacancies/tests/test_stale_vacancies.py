"""The daily command lists stale vacancies per service with amber and red counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from fostering.organisations.tests.factories import FosteringServiceFactory
from fostering.register.tests.factories import HouseholdFactory
from fostering.vacancies.tests.factories import AvailabilityFactory

pytestmark = pytest.mark.django_db


def test_stale_vacancies_are_listed_per_service_with_amber_and_red_counts():
    now = timezone.now()
    a = FosteringServiceFactory(name="Alpha Fostering", ofsted_urn="SC000001")
    b = FosteringServiceFactory(name="Beta Fostering", ofsted_urn="SC000002")
    fresh = HouseholdFactory(fostering_service=a, reference="A-FRESH")
    AvailabilityFactory(household=fresh, last_confirmed_at=now - dt.timedelta(days=1))
    amber = HouseholdFactory(fostering_service=a, reference="A-AMBER")
    AvailabilityFactory(household=amber, last_confirmed_at=now - dt.timedelta(days=9))
    HouseholdFactory(fostering_service=a, reference="A-NEVER")  # never confirmed: red
    red = HouseholdFactory(fostering_service=b, reference="B-RED")
    AvailabilityFactory(household=red, last_confirmed_at=now - dt.timedelta(days=30))
    gone = HouseholdFactory(fostering_service=b, reference="B-RESIGNED", status="resigned")
    AvailabilityFactory(household=gone, last_confirmed_at=now - dt.timedelta(days=30))
    out = io.StringIO()
    call_command("stale_vacancies", stdout=out)
    text = out.getvalue()
    assert "Alpha Fostering (SC000001): 1 amber, 1 red of 3 active households" in text
    assert "Beta Fostering (SC000002): 0 amber, 1 red of 1 active households" in text
    assert "A-AMBER" in text and "A-NEVER" in text and "B-RED" in text
    assert "A-FRESH" not in text and "B-RESIGNED" not in text
    assert text.strip().endswith("2 service(s) with stale vacancies: 1 amber, 2 red.")
    out = io.StringIO()
    call_command("stale_vacancies", "--service", "SC000002", stdout=out)
    assert "Alpha" not in out.getvalue() and "B-RED" in out.getvalue()
