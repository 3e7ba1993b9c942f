"""The world the trust tests attack: the small demo (every kind of record, one demo user per
persona) plus planted records of OTHER organisations whose names must never leak.

Built once per test module inside a transaction that is rolled back at the end, so the
rest of the suite never sees it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.test import Client

from fostering.accounts.models import ApiToken, User
from fostering.core import access

PERSONA_USERNAMES = {
    access.PLACEMENT_OFFICER: "placement.officer",
    access.FOSTERING_TEAM_LA: "fostering.team",
    access.FOSTERING_TEAM_IFA: "ifa.team",
    access.CARER: "carer",
    access.COMMISSIONER: "commissioner",
    access.ANALYST_NATIONAL: "analyst",
    access.ANALYST_REGIONAL: "regional.analyst",
    access.ADMINISTRATOR: "admin",
}

# Strings only records of organisations no persona belongs to carry.
PLANTED_CHILD_SURNAME = "Plantedchild-Zq"
PLANTED_CARER_SURNAME = "Plantedcarer-Zq"
PLANTED_ADDRESS = "7 Plantedsecret Lane"
MISSING_TOKEN = "no-such-token"
MISSING_ID = 999_999  # when the demo has no record of a kind for a persona: the endpoint must refuse it cleanly
PLANTED_SECRETS = (PLANTED_CHILD_SURNAME, PLANTED_CARER_SURNAME, PLANTED_ADDRESS)


@dataclass
class World:
    users: dict[str, User]
    tokens: dict[str, str]
    la_a: object  # the placement officer's LocalAuthority
    foreign: dict[str, object] = field(default_factory=dict)  # planted other-org objects by sample kind

    clients: dict[str, tuple[Client, dict]] = field(default_factory=dict)

    def client(self, persona: str) -> Client:
        """One signed-in client per persona; its cookies are reset before each use, so a request
        that signs out (and is rolled back) does not sign the persona out for the next one."""
        if persona not in self.clients:
            client = Client(raise_request_exception=False)
            if persona != access.ANONYMOUS:
                client.force_login(self.users[persona])
            self.clients[persona] = (client, {k: v.value for k, v in client.cookies.items()})
        client, cookies = self.clients[persona]
        client.cookies.clear()
        for key, value in cookies.items():
            client.cookies[key] = value
        return client

    def api_headers(self, persona: str) -> dict[str, str]:
        if persona == access.ANONYMOUS:
            return {}
        return {"HTTP_AUTHORIZATION": f"Bearer {self.tokens[persona]}"}

    # ---- samples: an object of the given kind the persona's own organisation holds ----
    def sample(self, kind: str, persona: str):
        resolver = getattr(self, f"_sample_{kind}", None)
        if resolver is None:
            raise LookupError(f"No sample kind {kind!r}: add World._sample_{kind} in tests/trust/world.py")
        try:
            found = resolver(persona)
        except AttributeError:  # the demo holds no such record for this persona
            found = None
        return MISSING_ID if found is None else found

    def _services(self, persona: str):
        from fostering.organisations.models import FosteringService

        user = self.users.get(persona)
        if user is not None and persona in access.FOSTERING_TEAMS:
            return FosteringService.objects.filter(organisation=user.organisation)
        return FosteringService.objects.filter(organisation__local_authority=self.la_a, kind="la")

    def _sample_household(self, persona: str):
        from fostering.register.models import Household

        if persona == access.CARER:
            return self.users[persona].carer_account.household.pk
        qs = Household.objects.filter(fostering_service__in=self._services(persona), status="active")
        preferred = qs.filter(placements__ended_on__isnull=True, home_profile__isnull=False).order_by("pk").first()
        return (preferred or qs.order_by("pk").first()).pk

    def _sample_listed_household(self, persona: str):
        """A household on the register a placement officer may hold places in."""
        from fostering.register.selectors import visible_households

        officer = self.users[access.PLACEMENT_OFFICER]
        return visible_households(officer).order_by("pk").values_list("pk", flat=True).first()

    def _sample_child(self, persona: str):
        from fostering.children.models import Child

        qs = Child.objects.filter(local_authority=self.la_a)
        preferred = qs.filter(important_people__isnull=False, placements__ended_on__isnull=True).order_by("pk").first()
        return (preferred or qs.order_by("pk").first()).pk

    def _sample_person(self, persona: str):
        from fostering.children.models import ImportantPerson

        return ImportantPerson.objects.filter(child_id=self._sample_child(persona)).order_by("pk").first().pk

    def _sample_referral(self, persona: str):
        from fostering.referrals.models import Referral

        return Referral.objects.filter(local_authority=self.la_a, status="open").order_by("pk").first().pk

    def _sample_hold(self, persona: str):
        from fostering.vacancies.models import Hold

        qs = Hold.objects.active()
        if persona in access.FOSTERING_TEAMS:
            qs = qs.filter(household__fostering_service__in=self._services(persona))
        else:
            qs = qs.filter(held_by=self.users[access.PLACEMENT_OFFICER])
        found = qs.order_by("pk").first() or Hold.objects.order_by("pk").first()
        return found.pk

    def _sample_placement(self, persona: str):
        from fostering.placements.models import Placement

        qs = Placement.objects.current()
        if persona in access.FOSTERING_TEAMS:
            qs = qs.filter(household__fostering_service__in=self._services(persona))
        elif persona == access.CARER:
            qs = qs.filter(household_id=self._sample_household(persona))
        else:
            qs = qs.filter(child__local_authority=self.la_a, household__isnull=False)
        return qs.order_by("pk").first().pk

    def _sample_allegation(self, persona: str):
        from fostering.support.models import Allegation

        qs = Allegation.objects.filter(household__fostering_service__in=self._services(persona))
        found = qs.order_by("pk").first() or Allegation.objects.order_by("pk").first()
        return found.pk

    def _sample_enquiry(self, persona: str):
        from fostering.enquiries.models import ServiceEnquiry

        qs = ServiceEnquiry.objects.filter(fostering_service__in=self._services(persona))
        found = qs.filter(household__isnull=True).order_by("pk").first() or qs.order_by("pk").first()
        return found.pk

    def _sample_departure(self, persona: str):
        from fostering.exits.models import Departure

        qs = Departure.objects.filter(fostering_service__in=self._services(persona))
        return (qs.order_by("pk").first() or Departure.objects.order_by("pk").first()).pk

    def _sample_photo(self, persona: str):
        from fostering.homes.models import HomePhoto

        qs = HomePhoto.objects.filter(profile__household_id=self._sample_household(persona))
        found = (
            qs.order_by("pk").first()
            or HomePhoto.objects.filter(profile__household__fostering_service__in=self._services(persona))
            .order_by("pk")
            .first()
        )
        return found.pk if found else None

    def _sample_share(self, persona: str):
        from fostering.homes.models import ProfileShare

        found = ProfileShare.objects.filter(referral__local_authority=self.la_a).order_by("pk").first()
        return found.pk if found else None

    def _sample_token(self, persona: str):
        from fostering.homes.models import ProfileShare

        found = ProfileShare.objects.filter(referral__local_authority=self.la_a).order_by("pk").first()
        return found.token if found else MISSING_TOKEN

    def _sample_referral_share(self, persona: str):
        from fostering.matching.models import ReferralShare

        qs = ReferralShare.objects.all()
        if persona in access.FOSTERING_TEAMS:
            qs = qs.filter(fostering_service__in=self._services(persona))
        else:
            qs = qs.filter(referral__local_authority=self.la_a)
        return qs.order_by("pk").values_list("pk", flat=True).first()

    def _sample_offer(self, persona: str):
        from fostering.matching.models import Offer

        return (
            Offer.objects.filter(referral__local_authority=self.la_a)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )

    def _sample_survey_round(self, persona: str):
        from fostering.experience.models import SurveyRound

        return SurveyRound.objects.order_by("pk").first().pk

    def _sample_postcode(self, persona: str):
        return "ME14 1AA"

    def _sample_la_code(self, persona: str):
        return self.la_a.code

    def _sample_slug(self, persona: str):
        return "about-you"

    def _sample_age_group(self, persona: str):
        from fostering.experience.rights import RIGHTS

        return str(next(iter(RIGHTS)))

    def _sample_referral_status(self, persona: str):
        return "matched"

    def _sample_eligible_referral(self, persona: str):
        """A referral the carer persona may see (the matching engine decides eligibility)."""
        from fostering.matching.services import eligible_referrals_for_carer

        if persona != access.CARER:
            return self._sample_referral(persona)
        found = eligible_referrals_for_carer(self.users[persona], limit=1)
        return found[0][0].pk if found else None


def _plant_other_organisations(la_a) -> dict[str, object]:
    """A child and referral of another LA, a household of another IFA, with names to hunt for."""
    from fostering.children.tests.factories import ChildFactory
    from fostering.geography.models import LocalAuthority
    from fostering.organisations.tests.factories import FosteringServiceFactory
    from fostering.referrals.tests.factories import ReferralFactory
    from fostering.register.tests.factories import CarerFactory, HouseholdFactory

    la_b = LocalAuthority.objects.exclude(pk=la_a.pk).filter(code__in=["E06000035", "E10000016"]).first()
    child = ChildFactory(local_authority=la_b, first_name="Zebedee", last_name=PLANTED_CHILD_SURNAME)
    referral = ReferralFactory(children=[child], reference="PLANTED-B-1")
    service = FosteringServiceFactory(name="Planted Agency B")
    household = HouseholdFactory(
        fostering_service=service, carers=False, capability={}, address_line_1=PLANTED_ADDRESS, postcode="ME14 1AA"
    )
    CarerFactory(household=household, first_name="Ophelia", last_name=PLANTED_CARER_SURNAME)
    return {"child": child.pk, "referral": referral.pk, "household": household.pk}


def make_world(plant: bool = True) -> World:
    """Generate the small demo (seed 1) and, with ``plant``, the other organisations' records."""
    from fostering.core.demo import generate

    generate("small", 1, log=lambda *_: None, today=dt.date.today())
    users = {p: User.objects.get(username=u) for p, u in PERSONA_USERNAMES.items()}
    tokens = {p: ApiToken.issue(u, name="trust tests")[1] for p, u in users.items()}
    la_a = users[access.PLACEMENT_OFFICER].organisation.local_authority
    world = World(users=users, tokens=tokens, la_a=la_a)
    if plant:
        world.foreign = _plant_other_organisations(la_a)
    return world


@contextlib.contextmanager
def built_world():
    """The world inside a transaction rolled back at the end."""
    with transaction.atomic():
        world = make_world()
        try:
            yield world
        finally:
            transaction.set_rollback(True)
