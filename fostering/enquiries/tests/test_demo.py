"""The small demo has enquiries at every stage for the demo fostering teams, resigned
carers with exit interviews, and home profiles (including the demo carer's)."""

import datetime as dt

import pytest

from fostering.core.demo import generate
from fostering.enquiries.models import ServiceEnquiry, Stage
from fostering.exits.models import Departure, ExitInterview
from fostering.homes.models import HomeProfile
from fostering.register.models import CarerAccount

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_has_enquiries_at_every_stage_leavers_with_interviews_and_home_profiles():
    ctx = generate("small", 1, log=lambda *_: None, progress=False, today=dt.date(2026, 11, 1))
    lead = ctx.state["la_services"][ctx.state["lead_authority"]]
    demo_ifa = ctx.state["ifa_services"][0]
    for service in (lead, demo_ifa):
        stages = set(ServiceEnquiry.objects.filter(fostering_service=service).values_list("stage", flat=True))
        assert stages == set(Stage.values), (service, set(Stage.values) - stages)
    approved = ServiceEnquiry.objects.filter(stage=Stage.APPROVED)
    assert approved.exists() and not approved.filter(household__isnull=True).exists()
    assert Departure.objects.filter(fostering_service=lead, kind="resigned").count() >= 5
    assert ExitInterview.objects.filter(departure__fostering_service=lead).exists()
    carer_household = CarerAccount.objects.get(user__username="carer").household_id
    assert HomeProfile.objects.filter(household_id=carer_household).exclude(about_us="").exists()
