"""Factories and a ready-made matching scene for the workflow tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fostering.accounts.models import Role, User
from fostering.accounts.tests.factories import UserFactory, fostering_team, placement_officer
from fostering.children.tests.factories import ChildFactory
from fostering.organisations.tests.factories import FosteringServiceFactory
from fostering.referrals.models import Referral
from fostering.referrals.tests.factories import ReferralFactory
from fostering.register.models import CarerAccount, Household
from fostering.register.tests.factories import HouseholdFactory

CHILD_FIRST, CHILD_LAST = "Zebedee", "Quartermaine"
CHILD_DOB = dt.date.today().replace(month=3, day=7) - dt.timedelta(days=9 * 365)
CHILD_POSTCODE = "ME14 1AA"


@dataclass
class Scene:
    officer: User
    referral: Referral
    near: Household
    far: Household
    team_near: User
    team_far: User
    carer: User


def carer_user(household: Household) -> User:
    user = UserFactory(roles=[Role.CARER], organisation=household.fostering_service.organisation)
    CarerAccount.objects.create(user=user, household=household)
    return user


def scene(**referral_kw) -> Scene:
    """A Kent referral for one 9-year-old, and two IFA households with free places."""
    officer = placement_officer()
    child = ChildFactory(
        first_name=CHILD_FIRST, last_name=CHILD_LAST, date_of_birth=CHILD_DOB, home_postcode=CHILD_POSTCODE,
        school_postcode="ME15 6AA",
    )  # fmt: skip
    referral_kw.setdefault("max_distance_km", 80)
    referral = ReferralFactory(children=[child], **referral_kw)
    near = HouseholdFactory(postcode="ME14 1AA", fostering_service=FosteringServiceFactory())
    far = HouseholdFactory(postcode="CT1 2EH", fostering_service=FosteringServiceFactory())
    return Scene(
        officer=officer,
        referral=referral,
        near=near,
        far=far,
        team_near=fostering_team(organisation=near.fostering_service.organisation),
        team_far=fostering_team(organisation=far.fostering_service.organisation),
        carer=carer_user(near),
    )
