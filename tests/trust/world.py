"""The world the trust tests attack: the small demo (every kind of record, one demo user per
persona) plus planted records of OTHER organisations whose names must never leak.

Built once per test module inside a transaction that is rolled back at the end, so the
rest of the suite never sees it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import secrets
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
    own: dict[str, object] = field(default_factory=dict)  # records planted for the personas' own organisations

    clients: dict[str, tuple[Client, dict]] = field(default_factory=dict)

    def client(self, persona: str) -> Client:
        """One signed-in client per persona; its cookies are reset before each use, so a request
        that signs out (and is rolled back) does not sign the persona out for the next one.

        The session is made again when it is gone: the world outlives each test's transaction,
        and a session made inside one test is rolled back with it."""
        from django.conf import settings
        from django.contrib.sessions.models import Session

        if persona in self.clients and persona != access.ANONYMOUS:
            key = self.clients[persona][1].get(settings.SESSION_COOKIE_NAME)
            if not Session.objects.filter(session_key=key).exists():
                del self.clients[persona]
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

    def _sample_carer(self, persona: str):
        from fostering.register.models import Carer

        return (
            Carer.objects.filter(household_id=self._sample_household(persona))
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )

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

    def _sample_network(self, persona: str):
        from fostering.support.models import PeerNetwork

        qs = PeerNetwork.objects.filter(fostering_service__in=self._services(persona))
        return qs.order_by("pk").values_list("pk", flat=True).first()

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

    def _sample_shared_photo(self, persona: str):
        """A photo of the home profile the share link (sample ``token``) shows."""
        from fostering.homes.models import HomePhoto, ProfileShare

        share = ProfileShare.objects.filter(token=self._sample_token(persona)).first()
        found = HomePhoto.objects.filter(profile_id=share.profile_id).order_by("pk").first() if share else None
        return found.pk if found else None

    def _sample_survey_token(self, persona: str):
        """The raw token of a live survey link of the placement officer's authority."""
        return self.own.get("survey_token") or MISSING_TOKEN

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

    def _sample_offer_referral(self, persona: str):
        """The referral the sampled offer answers (accepting needs the two to match)."""
        from fostering.matching.models import Offer

        return Offer.objects.filter(pk=self._sample_offer(persona)).values_list("referral_id", flat=True).first()

    def _sample_notification(self, persona: str):
        """One of the persona's own notifications (planted for each persona in _plant_own_records)."""
        from fostering.notifications.models import Notification

        user = self.users.get(persona)
        return Notification.objects.filter(recipient=user).order_by("pk").values_list("pk", flat=True).first()

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
    """A child and referral of another LA, a household of another IFA, with names to hunt for;
    a photo of that household, a home share link and a referral share of that LA and IFA."""
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
    from django.utils import timezone

    from fostering.accounts.tests.factories import placement_officer
    from fostering.homes.models import ProfileShare
    from fostering.matching.models import ReferralShare

    photo = _plant_photo(household.pk, PHOTO_FILE_NAMES[-1])
    officer_b = placement_officer()
    later = timezone.now() + dt.timedelta(days=14)
    share = ProfileShare.objects.create(
        profile=photo.profile, referral=referral, created_by=officer_b, expires_at=later
    )
    referral_share = ReferralShare.objects.create(
        referral=referral, fostering_service=service, shared_by=officer_b, respond_by=later
    )
    return {
        "child": child.pk,
        "referral": referral.pk,
        "household": household.pk,
        "photo": photo.pk,
        "share": share.pk,
        "referral_share": referral_share.pk,
    }


PHOTO_FILE_NAMES = tuple(f"trust-world-{n}.jpg" for n in range(1, 5))


def _plant_photo(household_id: int, file_name: str, uploaded_by=None):
    """A photo on the household's home profile, its file written under MEDIA_ROOT/homes/.

    File names are fixed and the bytes identical every run, so repeated and concurrent runs
    share a handful of small files instead of leaving new ones behind."""
    from PIL import Image

    from fostering.homes import photos
    from fostering.homes.models import HomePhoto, HomeProfile

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (40, 120, 60)).save(buffer, format="PNG")
    jpeg, width, height = photos.reencode(buffer.getvalue())
    path = photos.path_of(file_name)
    if not path.exists() or path.read_bytes() != jpeg:
        temporary = path.with_name(f".{file_name}.{secrets.token_hex(4)}")
        temporary.write_bytes(jpeg)
        os.replace(temporary, path)
    profile, _ = HomeProfile.objects.get_or_create(household_id=household_id)
    HomePhoto.objects.filter(file_name=file_name).delete()
    return HomePhoto.objects.create(
        profile=profile, kind="home", caption="Our garden", file_name=file_name, width=width, height=height,
        uploaded_by=uploaded_by,
    )  # fmt: skip


def _plant_own_records(world: World) -> dict[str, object]:
    """Records of kinds the small demo may not hold, for the personas' own organisations, so
    that every allowed case of the matrix is tried with a real record: a photo of each
    editing persona's home, a share link of the officer's authority (to a home with a photo),
    a live survey link of that authority, a referral of that authority shared with the IFA, and
    a peer network of the IFA."""
    from django.utils import timezone

    from fostering.experience.models import SurveyLink, SurveyRound, hash_token
    from fostering.homes.models import ProfileShare
    from fostering.matching.models import ReferralShare
    from fostering.referrals.models import Referral
    from fostering.support import models as support

    now = timezone.now()
    officer = world.users[access.PLACEMENT_OFFICER]
    households = {
        p: world.sample("household", p) for p in (access.FOSTERING_TEAM_LA, access.FOSTERING_TEAM_IFA, access.CARER)
    }
    photos = {}
    for household_id, file_name in zip(dict.fromkeys(households.values()), PHOTO_FILE_NAMES, strict=False):
        photos[household_id] = _plant_photo(household_id, file_name)
    own: dict[str, object] = {"photos": [p.pk for p in photos.values()]}

    referrals = Referral.objects.filter(local_authority=world.la_a).order_by("pk")
    shared_for = referrals.filter(status__in=("matched", "placed")).first() or referrals.first()
    profile = photos[households[access.FOSTERING_TEAM_LA]].profile
    if not ProfileShare.objects.filter(referral__local_authority=world.la_a).exists():
        share = ProfileShare.objects.create(
            profile=profile, referral=shared_for, created_by=officer, expires_at=now + dt.timedelta(days=14)
        )
        own["share"] = share.pk

    survey_round = SurveyRound.objects.order_by("-opens_on").first()
    token = secrets.token_urlsafe(24)
    SurveyLink.objects.create(
        round=survey_round, local_authority=world.la_a, child=None, age_group="11-18", token_hash=hash_token(token),
        issued_by=officer, expires_at=now + dt.timedelta(days=28),
    )  # fmt: skip
    own["survey_token"] = token

    from fostering.notifications.models import Event, Notification

    for user in world.users.values():
        Notification.objects.create(
            recipient=user, event=Event.REFERRAL_SHARED, title="Trust world notification", body="Planted.",
            url="/notifications/", emailed_at=now,
        )  # fmt: skip

    ifa_services = list(world._services(access.FOSTERING_TEAM_IFA))
    if not support.PeerNetwork.objects.filter(fostering_service__in=ifa_services).exists():
        hub = households[access.FOSTERING_TEAM_IFA]
        started = now.date() - dt.timedelta(days=200)
        network = support.PeerNetwork.objects.create(
            fostering_service_id=ifa_services[0].pk, name="Trust world network", hub_id=hub, started_on=started
        )
        hub_terms = getattr(support, "PeerNetworkHub", None)  # the hub's history, where the app keeps it
        if hub_terms is not None:
            hub_terms.objects.create(network=network, household_id=hub, from_on=started)
        own["network"] = network.pk
    if not ReferralShare.objects.filter(fostering_service__in=ifa_services).exists():
        # Not the referral the matrix samples, so what the IFA may see of THAT one is unchanged.
        sampled = world.sample("referral", access.PLACEMENT_OFFICER)
        referral = referrals.filter(status="open").exclude(pk=sampled).last()
        own["referral_share"] = ReferralShare.objects.create(
            referral=referral,
            fostering_service=ifa_services[0],
            shared_by=officer,
            respond_by=now + dt.timedelta(days=2),
        ).pk
    return own


def make_world(plant: bool = True) -> World:
    """Generate the small demo (seed 1) and, with ``plant``, records of kinds the demo may lack
    for the personas' own organisations and other organisations' records to hunt for."""
    from fostering.core.demo import generate

    generate("small", 1, log=lambda *_: None, today=dt.date.today())
    users = {p: User.objects.get(username=u) for p, u in PERSONA_USERNAMES.items()}
    tokens = {p: ApiToken.issue(u, name="trust tests")[1] for p, u in users.items()}
    la_a = users[access.PLACEMENT_OFFICER].organisation.local_authority
    world = World(users=users, tokens=tokens, la_a=la_a)
    if plant:
        world.own = _plant_own_records(world)
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
