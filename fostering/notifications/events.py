"""The register's notification events: who is told what, in one place.

Each function takes the record that changed (or the job's clock), picks the recipients
(notifications.recipients) and writes the sentence they read, with a link to the page
where they act on it. Services call these with one line after the change, inside their
transaction; the scheduled jobs (fostering.jobs) call the time-driven ones.

No text here names a child or a carer, or gives a date of birth, an address or a postcode:
referrals, households and enquiries are named by their references, organisations by name.
``tests/test_privacy.py`` checks the e-mails of every event against a planted child.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from . import recipients
from .models import Event, FreshnessNotice
from .services import acknowledge_enquiry, notify

REPLY_WARNING_HOURS = 12
HOLD_WARNING_HOURS = 6


def _when(moment: dt.datetime) -> str:
    """ "14:00 on 3 March 2026", in local time."""
    local = timezone.localtime(moment)
    return f"{local:%H:%M} on {local.day} {local:%B %Y}"


def _children(referral) -> str:
    n = referral.referral_children.count()
    return "one child" if n == 1 else f"a group of {n} brothers and sisters"


# ------------------------------------------------------------------ matching


def referral_shared(shares, now: dt.datetime | None = None) -> None:
    """A placement officer shared a referral: tell the fostering team of each service."""
    for share in shares:
        referral = share.referral
        notify(
            Event.REFERRAL_SHARED,
            recipients.fostering_team_of([share.fostering_service_id]),
            title=f"Referral {referral.reference} shared with {share.fostering_service.name}",
            body=(
                f"{referral.local_authority.name} has shared referral {referral.reference} (a home for "
                f"{_children(referral)}) with {share.fostering_service.name}, and is holding a place in one or more "
                f"of your households for it. Read the anonymised referral and offer a household or say why you "
                f"are declining by {_when(share.respond_by)}."
            ),
            url=reverse("matching:inbox-share", args=[share.pk]),
            dedupe_key=f"share:{share.pk}",
            now=now,
        )


def reply_deadline_passed(share, now: dt.datetime | None = None) -> None:
    """A share's reply deadline passed unanswered: remind the service and tell the officer."""
    referral = share.referral
    day = timezone.localdate(now or timezone.now())
    notify(
        Event.REPLY_DEADLINE_PASSED,
        recipients.fostering_team_of([share.fostering_service_id]),
        title=f"Reply overdue: referral {referral.reference}",
        body=(
            f"{share.fostering_service.name} was asked to answer referral {referral.reference} from "
            f"{referral.local_authority.name} by {_when(share.respond_by)} and has not. Offer a household or "
            f"decline with a reason, so the placement officer can plan."
        ),
        url=reverse("matching:inbox-share", args=[share.pk]),
        dedupe_key=f"share-overdue:{share.pk}:{day:%Y-%m-%d}",
        now=now,
    )
    notify(
        Event.REPLY_DEADLINE_PASSED,
        [share.shared_by],
        title=f"No answer from {share.fostering_service.name}: referral {referral.reference}",
        body=(
            f"{share.fostering_service.name} has not answered referral {referral.reference} by the deadline, "
            f"{_when(share.respond_by)}. They have been reminded."
        ),
        url=reverse("matching:referral", args=[referral.pk]),
        dedupe_key=f"share-overdue:{share.pk}:{day:%Y-%m-%d}",
        now=now,
    )


def reply_deadlines_near(now: dt.datetime | None = None, hours: int = REPLY_WARNING_HOURS) -> int:
    """Shares due within ``hours`` and not answered: tell each service once. Returns how many."""
    from fostering.matching.models import ReferralShare
    from fostering.referrals.models import Referral

    now = now or timezone.now()
    due = ReferralShare.objects.filter(
        responded_at__isnull=True,
        respond_by__gt=now,
        respond_by__lte=now + dt.timedelta(hours=hours),
        referral__status__in=[Referral.Status.OPEN, Referral.Status.MATCHED],
    ).select_related("referral", "fostering_service")
    count = 0
    for share in due.order_by("respond_by", "pk"):
        made = notify(
            Event.REPLY_DEADLINE_NEAR,
            recipients.fostering_team_of([share.fostering_service_id]),
            title=f"Reply due by {_when(share.respond_by)}: referral {share.referral.reference}",
            body=(
                f"Referral {share.referral.reference} shared with {share.fostering_service.name} needs an answer "
                f"by {_when(share.respond_by)}: offer a household or decline with a reason."
            ),
            url=reverse("matching:inbox-share", args=[share.pk]),
            dedupe_key=f"share-near:{share.pk}",
            now=now,
        )
        count += bool(made)
    return count


def answer_received(offer) -> None:
    """A service offered a household or declined: tell the officer who shared the referral."""
    from fostering.matching.models import Offer

    referral = offer.referral
    service = offer.fostering_service
    if offer.status == Offer.Status.OFFERED:
        event, title = Event.OFFER_RECEIVED, f"Offer for referral {referral.reference} from {service.name}"
        body = (
            f"{service.name} has offered household {offer.household.reference} for referral {referral.reference}. "
            f"Compare the offers and accept one on the referral's matching page."
        )
    else:
        event, title = Event.REFERRAL_DECLINED, f"{service.name} declined referral {referral.reference}"
        body = f"{service.name} has declined referral {referral.reference} for household {offer.household.reference}."
    notify(
        event,
        [offer.share.shared_by],
        title=title,
        body=body,
        url=reverse("matching:referral", args=[referral.pk]),
        dedupe_key=f"answer:{offer.pk}",
        now=offer.made_at,
    )


# ------------------------------------------------------------------ vacancies


def holds_expiring(now: dt.datetime | None = None, hours: int = HOLD_WARNING_HOURS) -> int:
    """Active holds ending within ``hours``: tell the officer who placed each, once."""
    from fostering.vacancies.models import Hold

    now = now or timezone.now()
    ending = (
        Hold.objects.active(now)
        .filter(reserved_until__lte=now + dt.timedelta(hours=hours))
        .select_related("held_by", "household__fostering_service", "referral")
        .order_by("reserved_until", "pk")
    )
    count = 0
    for hold in ending:
        what = f"referral {hold.referral.reference}" if hold.referral_id else f"your reference {hold.officer_reference}"
        made = notify(
            Event.HOLD_EXPIRING,
            [hold.held_by],
            title=f"Hold on household {hold.household.reference} ends at {_when(hold.reserved_until)}",
            body=(
                f"Your hold on {hold.places} place{'s' if hold.places != 1 else ''} in household "
                f"{hold.household.reference} ({hold.household.fostering_service.name}) for {what} ends at "
                f"{_when(hold.reserved_until)}. After that the place is free for others to hold."
            ),
            url=reverse("vacancies:holds"),
            dedupe_key=f"hold-expiring:{hold.pk}",
            now=now,
        )
        count += bool(made)
    return count


def vacancies_turned_stale(now: dt.datetime | None = None) -> int:
    """Active households whose availability turned amber or red since last told: each one's
    carers get a notification, each service one summary. Returns how many households turned."""
    from fostering.register.models import Household, HouseholdStatus
    from fostering.vacancies.freshness import Freshness, freshness_of, stale_filter

    now = now or timezone.now()
    stale = list(
        Household.objects.filter(status=HouseholdStatus.ACTIVE)
        .filter(stale_filter(now))
        .values_list("pk", "reference", "fostering_service_id", "fostering_service__name", "availability__last_confirmed_at")
        .order_by("pk")
    )
    told = {n.household_id: n for n in FreshnessNotice.objects.filter(household_id__in=[row[0] for row in stale])}
    turned: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    service_names = {}
    changed, created = [], []
    for pk, reference, service_id, service_name, confirmed in stale:
        state = freshness_of(confirmed, now)
        notice = told.get(pk)
        if notice is not None and notice.freshness == state and notice.last_confirmed_at == confirmed:
            continue
        turned[service_id].append((pk, reference, state))
        service_names[service_id] = service_name
        if notice is None:
            created.append(FreshnessNotice(household_id=pk, freshness=state, last_confirmed_at=confirmed, noticed_at=now))
        else:
            notice.freshness, notice.last_confirmed_at, notice.noticed_at = state, confirmed, now
            changed.append(notice)
    FreshnessNotice.objects.bulk_create(created, batch_size=1000)
    FreshnessNotice.objects.bulk_update(changed, ["freshness", "last_confirmed_at", "noticed_at"], batch_size=1000)
    amber_days, red_days = settings.VACANCY_AMBER_AFTER_DAYS, settings.VACANCY_RED_AFTER_DAYS
    for service_id, rows in turned.items():
        reds = [r for r in rows if r[2] == Freshness.RED]
        ambers = [r for r in rows if r[2] == Freshness.AMBER]
        for pk, _reference, state in rows:
            red = state == Freshness.RED
            notify(
                Event.VACANCY_RED if red else Event.VACANCY_AMBER,
                recipients.carers_of([pk]),
                title="Your availability is out of date" if red else "Please confirm your availability",
                body=(
                    f"Your household's availability on the register was last confirmed more than "
                    f"{f'{red_days} days ago, or never' if red else f'{amber_days} days ago'}, so placement officers see it as "
                    f"{'out of date' if red else 'needing confirmation'}. Confirm it, or say when you can take a child."
                ),
                url=reverse("vacancies:my-availability"),
                now=now,
            )
        parts = []
        if reds:
            parts.append(f"{len(reds)} turned red (not confirmed for {red_days} days or more)")
        if ambers:
            parts.append(f"{len(ambers)} turned amber (not confirmed for {amber_days} days or more)")
        listed = ", ".join(r[1] for r in (reds + ambers)[:20]) + (" and others" if len(rows) > 20 else "")
        notify(
            Event.VACANCY_RED if reds else Event.VACANCY_AMBER,
            recipients.fostering_team_of([service_id]),
            title=f"{len(rows)} vacanc{'ies' if len(rows) != 1 else 'y'} of {service_names[service_id]} need confirming",
            body=(
                f"Availability of {len(rows)} household{'s' if len(rows) != 1 else ''} of "
                f"{service_names[service_id]}: {'; '.join(parts)}. Households: {listed}. "
                f"Confirm them so placement officers can trust the register."
            ),
            url=reverse("vacancies:service-vacancies"),
            now=now,
        )
    return sum(len(rows) for rows in turned.values())


# ------------------------------------------------------------------ front door


def enquiry_received(enquiry, now: dt.datetime | None = None) -> None:
    """Someone enquired: tell each chosen service's team, and acknowledge it to the enquirer."""
    for se in enquiry.service_enquiries.select_related("fostering_service").order_by("pk"):
        notify(
            Event.ENQUIRY_RECEIVED,
            recipients.fostering_team_of([se.fostering_service_id]),
            title=f"New enquiry about fostering: {enquiry.reference}",
            body=(
                f"Someone who would like to foster has sent {se.fostering_service.name} an enquiry "
                f"(reference {enquiry.reference}). Read their answers and make first contact."
            ),
            url=reverse("enquiries:detail", args=[se.pk]),
            dedupe_key=f"enquiry:{se.pk}",
            now=now,
        )
    acknowledge_enquiry(enquiry)


# ------------------------------------------------------------------ support


def allegation_recorded(allegation, now: dt.datetime | None = None) -> None:
    """An allegation against a household: tell the authority of each child living there now."""
    from fostering.placements.models import Placement

    household = allegation.household
    placed = (
        Placement.objects.current_on(timezone.localdate(now or timezone.now()))
        .filter(household=household)
        .select_related("child")
        .order_by("pk")
    )
    for placement in placed:
        child = placement.child
        notify(
            Event.ALLEGATION_RECORDED,
            recipients.placement_officers_of([child.local_authority_id]),
            title=f"Allegation recorded: household {household.reference} of {household.fostering_service.name}",
            body=(
                f"{household.fostering_service.name} has recorded an allegation against household "
                f"{household.reference}, where a child your authority looks after is placed. The household is "
                f"under investigation. Open the child's record and speak to the fostering service."
            ),
            url=reverse("children:detail", args=[child.pk]),
            dedupe_key=f"allegation:{allegation.pk}:{child.pk}",
            now=now,
        )
