"""A small, hand-made world for sufficiency tests, with its figures worked out by hand.

Kent (E10000016):
* H1 — Kent's own service, 3 places (ages 0–18, parent and child), 1 child placed,
  confirmed today: 2 fresh vacancies.
* H2 — an IFA, 2 places (ages 11–18), emotional capability 3, nobody placed, confirmed
  30 days ago: 2 stale vacancies.
* H3 — the IFA, 1 place, 1 child placed (35 km from home): no vacancy.
Children of Kent: Ali (10, with H1), Bea (14, with H3, far from home), Cal (16, not
placed, waiting in an open referral; emotional need 3; first language Urdu).
Medway (E06000035): one IFA household (M1, 2 places, never confirmed: 2 stale).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fostering.children.tests.factories import ChildFactory
from fostering.organisations.tests.factories import FosteringServiceFactory, LaFosteringServiceFactory
from fostering.placements.models import Placement
from fostering.referrals.models import Referral, ReferralChild
from fostering.register.tests.factories import HouseholdFactory
from fostering.sufficiency.periods import years_before
from fostering.vacancies.models import Availability


def _approval(household, **terms):
    approval = household.approvals.get(ended_on__isnull=True)
    for k, v in terms.items():
        setattr(approval, k, v)
    approval.save()


def build_world() -> dict:
    today = timezone.localdate()
    now = timezone.now()
    la_service = LaFosteringServiceFactory()
    ifa = FosteringServiceFactory()
    h1 = HouseholdFactory(fostering_service=la_service, beds_for_fostering=3)
    _approval(h1, max_children=3, placement_types=["short_term", "long_term", "parent_and_child"])
    h2 = HouseholdFactory(fostering_service=ifa, beds_for_fostering=2, capability={"emotional": 3})
    _approval(h2, max_children=2, age_min=11, age_max=18)
    h3 = HouseholdFactory(fostering_service=ifa, beds_for_fostering=1)
    _approval(h3, max_children=1)
    m1 = HouseholdFactory(fostering_service=ifa, beds_for_fostering=2, postcode="ME4 4TR")
    Availability.objects.create(household=h1, last_confirmed_at=now)
    Availability.objects.create(household=h2, last_confirmed_at=now - dt.timedelta(days=30))
    Availability.objects.create(household=h3, last_confirmed_at=now)

    def born(age: int) -> dt.date:
        return years_before(today, age) - dt.timedelta(days=40)

    ali = ChildFactory(date_of_birth=born(10))
    bea = ChildFactory(date_of_birth=born(14))
    cal = ChildFactory(date_of_birth=born(16), first_language="ur", needs={"emotional": 3})
    start = today - dt.timedelta(days=100)
    Placement.objects.create(child=ali, household=h1, fostering_service=la_service, started_on=start, place="U4",
                             place_provider="PR1", distance_from_home_km=3)  # fmt: skip
    Placement.objects.create(child=bea, household=h3, fostering_service=ifa, started_on=start, place="U6",
                             place_provider="PR4", distance_from_home_km=35)  # fmt: skip
    referral = Referral.objects.create(
        local_authority_id="E10000016", reference="R-TEST-1", status=Referral.Status.OPEN, placement_type="long_term",
        wanted_start=today, opened_at=now,
    )  # fmt: skip
    ReferralChild.objects.create(referral=referral, child=cal, needs_profile=cal.needs_profiles.first())
    return {"h1": h1, "h2": h2, "h3": h3, "m1": m1, "ali": ali, "bea": bea, "cal": cal, "la_service": la_service,
            "ifa": ifa, "referral": referral}  # fmt: skip
