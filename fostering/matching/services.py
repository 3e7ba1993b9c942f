"""The matching workflow: shortlist → hold → share → offer/decline → accept → placement.

Who may do what (DESIGN.md §4, rules from accounts.scoping):

* placement officers of the referral's authority: shortlist, hold, share, accept;
* a fostering team whose service a referral was shared with: read the anonymised
  summary, offer one of its households or decline, with a reason;
* an approved carer: see open referrals their household passes every hard rule for
  (anonymised summary only) and express interest.

Every step writes a :class:`MatchDecision` (who, when, what, why); the referral's matching
page reads them back as a timeline. Holds and placements go through
``vacancies.reservations`` (row locks, re-derived free places), never around it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import numpy as np
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fostering.accounts import scoping
from fostering.accounts.models import Role
from fostering.notifications import events as notification_events
from fostering.organisations.models import FosteringService
from fostering.referrals import selectors as referral_selectors
from fostering.referrals.models import Referral
from fostering.register.models import CarerAccount, Household
from fostering.vacancies import reservations
from fostering.vacancies.errors import HoldNotActive, InvalidHoldRequest, PlacesNoLongerFree
from fostering.vacancies.models import Hold

from . import engine
from .engine.siblings import DEFAULT_TOP_K as APART_TOP_K
from .features import cached_features, referral_input, referral_inputs
from .models import Interest, MatchDecision, Offer, ReferralShare, Reminder  # noqa: F401 (re-exported)

DEFAULT_RESPOND_HOURS = 48
MAX_HOLDS = 5
MAX_LIMIT = 200

MatchingError = (InvalidHoldRequest, PlacesNoLongerFree, HoldNotActive, ValidationError)


def max_holds() -> int:
    """How many households an officer may hold at once for one referral (``MATCHING_MAX_HOLDS``)."""
    return int(getattr(settings, "MATCHING_MAX_HOLDS", MAX_HOLDS))


def _record(referral: Referral, kind: str, user=None, *, household=None, service=None, reason: str = "", now=None):
    return MatchDecision.objects.create(
        referral=referral,
        kind=kind,
        household=household,
        fostering_service=service,
        made_by=user if getattr(user, "is_authenticated", False) else None,
        made_at=now or timezone.now(),
        reason=reason,
    )


# ------------------------------------------------------------------ officer: shortlist


def referral_for_officer(request_or_user, referral_id: int) -> Referral:
    """The referral, if the user is a placement officer of its authority (audited read; pass the
    request so the audit entry says from where)."""
    user = getattr(request_or_user, "user", request_or_user)
    scoping.require_role(user, Role.PLACEMENT_OFFICER)
    return referral_selectors.get_referral(request_or_user, referral_id)


@dataclass
class Filters:
    """Narrowing the shortlist: provider ("la"/"ifa"/""), a distance cap, minimum needs met (%)."""

    provider: str = ""
    max_distance_km: float | None = None
    min_needs_met: float | None = None
    child_index: int = 0
    siblings: str = ""  # "together" / "apart" for a sibling group; "" follows the referral
    apart_km: float = engine.DEFAULT_MAX_APART_KM  # the most the homes may be apart

    def active(self) -> bool:
        return bool(self.provider or self.max_distance_km is not None or self.min_needs_met is not None)


@dataclass
class Result:
    referral: Referral
    candidates: list[dict]
    why_not: list[dict]
    total: int
    eligible: int
    apart: bool = False
    children: int = 1
    held: dict[int, int] = field(default_factory=dict)
    siblings: str = "together"
    proposals: list[dict] = field(default_factory=list)


def _filtered(sl: engine.Shortlist, filters: Filters) -> np.ndarray:
    keep = np.ones(len(sl), dtype=bool)
    if filters.provider == "ifa":
        keep &= sl.is_ifa
    elif filters.provider == "la":
        keep &= ~sl.is_ifa
    if filters.max_distance_km is not None:
        keep &= np.nan_to_num(sl.distance_km, nan=np.inf) <= filters.max_distance_km
    if filters.min_needs_met is not None:
        col = engine.COMPONENT_CODES.index("needs_met")
        full = float(engine.DEFAULT_WEIGHTS.needs_met)
        keep &= sl.points[:, col] / full * 100.0 >= filters.min_needs_met - 1e-9
    return np.flatnonzero(keep)


def shortlist_for(user, referral: Referral, *, limit: int = 20, filters: Filters | None = None) -> Result:
    """The referral's ranked, explained candidates and the why-not counts per hard rule.

    Sibling groups living apart are shortlisted one child at a time (``filters.child_index``),
    each child's distance score rewarding homes near the family (engine.split_apart).
    """
    scoping.require_role(user, Role.PLACEMENT_OFFICER)
    if referral.local_authority_id not in scoping.local_authority_codes(user):
        raise PermissionDenied("Only the referring authority's placement officers can see this shortlist.")
    filters = filters or Filters()
    limit = max(1, min(int(limit), MAX_LIMIT))
    features = cached_features()
    ref = referral_input(referral)
    if len(ref.children) > 1 and filters.siblings in ("together", "apart"):
        ref = replace(ref, siblings=filters.siblings)  # the officer's choice on the page
    apart = ref.is_split
    proposals = []
    if apart:
        proposals = apart_proposals(features, ref, max_apart_km=filters.apart_km)
        index = max(0, min(filters.child_index, len(ref.children) - 1))
        ref = engine.split_apart(ref)[index]
    sl = engine.shortlist(features, ref, limit=None if filters.active() else limit)
    rows = _filtered(sl, filters)[:limit]
    services = _service_names([int(sl.household_id[i]) for i in rows])
    candidates = []
    for rank, i in enumerate(rows, start=1):
        hid = int(sl.household_id[i])
        distance = float(sl.distance_km[i])
        candidates.append(
            {
                "rank": rank,
                "household_id": hid,
                "score": round(float(sl.score[i]), 2),
                "components": {c: round(float(sl.points[i, j]), 2) for j, c in enumerate(engine.COMPONENT_CODES)},
                "distance_km": None if np.isnan(distance) else round(distance, 1),
                "weekly_cost": round(float(sl.weekly_cost[i]), 2),
                "is_ifa": bool(sl.is_ifa[i]),
                "service": services.get(hid, ("", ""))[0],
                "postcode_district": services.get(hid, ("", ""))[1],
                "held": hid in ref.held_places,
            }
        )
    why = sl.why_not
    why_not = [
        {"rule": r.code, "label": r.label, "excluded": int(why.excluded_by.get(r.code, 0)) if why else 0}
        for r in engine.RULES
    ]
    return Result(
        referral=referral,
        candidates=candidates,
        why_not=why_not,
        total=why.total if why else features.n,
        eligible=int(sl.eligible),
        apart=apart,
        children=referral.referral_children.count(),
        held=dict(ref.held_places),
        siblings="apart" if apart else "together",
        proposals=proposals,
    )


def apart_proposals(
    features: engine.HouseholdFeatures, ref: engine.Referral, *, max_apart_km: float, n: int = 3
) -> list[dict]:
    """Joint proposals for a sibling group living apart: a different home for each child (in
    the referral's child order), every two homes within ``max_apart_km`` of each other, best
    combined score first; no home appears in two proposals (engine.choose_apart_options)."""
    apart = engine.shortlist_apart(features, ref, limit=APART_TOP_K)
    options = engine.choose_apart_options(features, apart, max_apart_km=max_apart_km, n=n)
    names = _service_names([h for o in options for h in o.household_ids])
    out = []
    for number, option in enumerate(options, start=1):
        homes = []
        for child_index, (hid, row, score) in enumerate(
            zip(option.household_ids, option.rows, option.scores, strict=True)
        ):
            sl = apart.per_child[child_index]
            at = int(np.flatnonzero(sl.rows == row)[0])
            distance = float(sl.distance_km[at])
            homes.append(
                {
                    "child_index": child_index,
                    "household_id": hid,
                    "score": score,
                    "rank": at + 1,
                    "distance_km": None if np.isnan(distance) else round(distance, 1),
                    "weekly_cost": round(float(sl.weekly_cost[at]), 2),
                    "is_ifa": bool(sl.is_ifa[at]),
                    "service": names.get(hid, ("", ""))[0],
                    "postcode_district": names.get(hid, ("", ""))[1],
                    "held": hid in ref.held_places,
                }
            )
        out.append(
            {
                "number": number,
                "homes": homes,
                "total_score": option.total_score,
                "apart_km": round(option.max_apart_km, 1),
                "exhaustive": option.exhaustive,
            }
        )
    return out


def _service_names(household_ids: list[int]) -> dict[int, tuple[str, str]]:
    rows = Household.objects.filter(pk__in=household_ids).values_list(
        "pk", "fostering_service__name", "postcode_district"
    )
    return {pk: (name, district) for pk, name, district in rows}


def component_labels() -> list[tuple[str, str]]:
    return [(c.code, c.label) for c in engine.COMPONENTS]


def component_maxima() -> dict[str, float]:
    """Points available per component (its weight), for drawing bars."""
    weights = engine.DEFAULT_WEIGHTS
    out = {}
    for code in engine.COMPONENT_CODES:
        out[code] = float(getattr(weights, code, 0) or 0)
    total = sum(out.values())
    if total and abs(total - 100) > 1e-6:  # weights are relative: scale to 100 points
        out = {k: v * 100.0 / total for k, v in out.items()}
    return out


# ------------------------------------------------------------------ officer: holds, shares


def active_holds(referral: Referral, now=None):
    return (
        Hold.objects.filter(referral=referral)
        .active(now or timezone.now())
        .select_related("household__fostering_service")
    )


def hold_households(
    user, referral: Referral, household_ids: list[int], *, hours: int | None = None, places: int | None = None
) -> list[Hold]:
    """Hold a place in each chosen household for this referral (at most ``max_holds()`` at once).

    ``places`` per household defaults to one per child; siblings living apart hold one each."""
    household_ids = list(dict.fromkeys(int(h) for h in household_ids))
    if not household_ids:
        raise ValidationError("Choose at least one household to hold.")
    already = set(active_holds(referral).values_list("household_id", flat=True))
    wanted = [h for h in household_ids if h not in already]
    if len(already) + len(wanted) > max_holds():
        raise ValidationError(
            f"You can hold at most {max_holds()} households for one referral; "
            f"{len(already)} already held. Release one first."
        )
    holds = []
    for hid in wanted:
        hold = reservations.place_hold(user, hid, referral=referral, hours=hours, places=places)
        _record(referral, MatchDecision.Kind.HOLD, user, household=hold.household, reason=f"{hold.places} place(s)")
        holds.append(hold)
    return holds


def release(user, referral: Referral, hold_id: int, reason: str = "") -> Hold:
    hold = Hold.objects.get(pk=hold_id, referral=referral)
    hold = reservations.release_hold(user, hold.pk, reason)
    _record(referral, MatchDecision.Kind.RELEASE, user, household=hold.household, reason=hold.release_reason)
    return hold


def share(user, referral: Referral, *, respond_hours: int = DEFAULT_RESPOND_HOURS, now=None) -> list[ReferralShare]:
    """Send the anonymised referral to the services of every held household (once each)."""
    scoping.require_role(user, Role.PLACEMENT_OFFICER)
    if referral.local_authority_id not in scoping.local_authority_codes(user):
        raise PermissionDenied("Only the referring authority can share this referral.")
    if referral.status not in (Referral.Status.OPEN, Referral.Status.MATCHED):
        raise ValidationError(f"A {referral.get_status_display().lower()} referral cannot be shared.")
    if not 1 <= respond_hours <= 14 * 24:
        raise ValidationError("Give services between 1 hour and 14 days to respond.")
    now = now or timezone.now()
    service_ids = sorted(set(active_holds(referral, now).values_list("household__fostering_service_id", flat=True)))
    if not service_ids:
        raise ValidationError("Hold at least one household before sharing the referral.")
    created = []
    with transaction.atomic():
        for service in FosteringService.objects.filter(pk__in=service_ids).order_by("pk"):
            obj, new = ReferralShare.objects.get_or_create(
                referral=referral,
                fostering_service=service,
                defaults={"shared_by": user, "shared_at": now, "respond_by": now + dt.timedelta(hours=respond_hours)},
            )
            if new:
                _record(
                    referral,
                    MatchDecision.Kind.SHARE,
                    user,
                    service=service,
                    now=now,
                    reason=f"Respond by {timezone.localtime(obj.respond_by):%d %B %Y %H:%M}",
                )
                created.append(obj)
        notification_events.referral_shared(created, now=now)
    return created


def shared_with_user(user, referral: Referral) -> bool:
    """Registered in referrals.anonymise.SHARE_CHECKS: a service the referral was shared with."""
    services = scoping.fostering_service_ids(user)
    return (
        bool(services) and ReferralShare.objects.filter(referral=referral, fostering_service_id__in=services).exists()
    )


# ------------------------------------------------------------------ fostering team


def inbox_for(user):
    """Shares sent to the user's services, newest first."""
    scoping.require_role(user, Role.FOSTERING_TEAM)
    return scoping.scope_to_fostering_service(
        ReferralShare.objects.select_related("referral", "referral__local_authority", "fostering_service"),
        user,
    ).order_by("-shared_at", "-pk")


def share_for_team(user, share_id: int) -> ReferralShare:
    return inbox_for(user).get(pk=share_id)


def held_households_for_share(share_obj: ReferralShare):
    return Household.objects.filter(
        pk__in=active_holds(share_obj.referral).values("household_id"), fostering_service=share_obj.fostering_service
    ).order_by("pk")


def respond(user, share_id: int, *, household_id: int | None, offer: bool, reason: str, now=None) -> Offer:
    """The service offers a household it holds a place in, or declines; declining needs a reason."""
    now = now or timezone.now()
    share_obj = share_for_team(user, share_id)
    referral = share_obj.referral
    reason = (reason or "").strip()
    if referral.status not in (Referral.Status.OPEN, Referral.Status.MATCHED):
        raise ValidationError("This referral is no longer looking for a home.")
    if not offer and not reason:
        raise ValidationError("Say why you are declining, so the officer can plan.")
    held = held_households_for_share(share_obj)
    if household_id is None:
        household = held.first()
        if household is None:
            raise ValidationError("None of your households is held for this referral any more.")
    else:
        household = held.filter(pk=household_id).first()
        if household is None:
            raise ValidationError("Choose one of your households held for this referral.")
    if Offer.objects.filter(referral=referral, household=household).exists():
        raise ValidationError("You have already answered for this household.")
    with transaction.atomic():
        obj = Offer.objects.create(
            referral=referral,
            share=share_obj,
            household=household,
            fostering_service=share_obj.fostering_service,
            status=Offer.Status.OFFERED if offer else Offer.Status.DECLINED,
            reason=reason,
            made_by=user,
            made_at=now,
        )
        if share_obj.responded_at is None:
            share_obj.responded_at = now
            share_obj.save(update_fields=["responded_at"])
        kind = MatchDecision.Kind.OFFER if offer else MatchDecision.Kind.DECLINE
        _record(referral, kind, user, household=household, service=share_obj.fostering_service, reason=reason, now=now)
        notification_events.answer_received(obj)
    return obj


# ------------------------------------------------------------------ officer: accept


def accept(user, referral: Referral, offer_id: int, *, reason: str, started_on: dt.date | None = None, now=None):
    """Accept one offer: its hold becomes placements, every other hold is released and every
    other open offer is marked not chosen; the referral is placed (reservations.convert_hold)."""
    scoping.require_role(user, Role.PLACEMENT_OFFICER)
    if referral.local_authority_id not in scoping.local_authority_codes(user):
        raise PermissionDenied("Only the referring authority can accept an offer.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Record why this household was chosen.")
    now = now or timezone.now()
    with transaction.atomic():
        offer = Offer.objects.select_for_update().get(pk=offer_id, referral=referral)
        if offer.status != Offer.Status.OFFERED:
            raise ValidationError(f"This offer is {offer.get_status_display().lower()}, not open.")
        hold = active_holds(referral, now).filter(household=offer.household).first()
        if hold is None:
            raise ValidationError("The hold on this household has ended; hold it again before accepting.")
        placements = reservations.convert_hold(user, hold.pk, started_on=started_on, now=now)
        offer.status = Offer.Status.ACCEPTED
        offer.decided_at = now
        offer.decision_reason = reason
        offer.save(update_fields=["status", "decided_at", "decision_reason"])
        _record(
            referral,
            MatchDecision.Kind.ACCEPT,
            user,
            household=offer.household,
            service=offer.fostering_service,
            reason=reason,
            now=now,
        )
        _record(
            referral,
            MatchDecision.Kind.PLACED,
            user,
            household=offer.household,
            now=now,
            reason=f"{len(placements)} child(ren) placed from {placements[0].started_on:%d %B %Y}",
        )
        for other in active_holds(referral, now).order_by("pk"):
            reservations.release_hold(user, other.pk, "Another household was chosen", now=now)
            _record(
                referral,
                MatchDecision.Kind.RELEASE,
                user,
                household=other.household,
                reason="Another household was chosen",
                now=now,
            )
        for other in Offer.objects.filter(referral=referral, status=Offer.Status.OFFERED).exclude(pk=offer.pk):
            other.status = Offer.Status.REJECTED
            other.decided_at = now
            other.decision_reason = "Another household was chosen."
            other.save(update_fields=["status", "decided_at", "decision_reason"])
            _record(
                referral,
                MatchDecision.Kind.REJECT,
                user,
                household=other.household,
                service=other.fostering_service,
                reason=other.decision_reason,
                now=now,
            )
    return placements


# ------------------------------------------------------------------ reminders


def send_reminders(now=None, *, every_hours: int = 24) -> list[ReferralShare]:
    """Mark unanswered shares past their deadline overdue and raise a reminder (at most one a day each)."""
    now = now or timezone.now()
    due = []
    overdue = ReferralShare.objects.filter(
        responded_at__isnull=True,
        respond_by__lte=now,
        referral__status__in=[Referral.Status.OPEN, Referral.Status.MATCHED],
    ).select_related("referral", "fostering_service")
    for share_obj in overdue.order_by("respond_by", "pk"):
        last = share_obj.reminders.order_by("-sent_at").first()
        if last and last.sent_at > now - dt.timedelta(hours=every_hours):
            continue
        with transaction.atomic():
            if share_obj.overdue_at is None:
                share_obj.overdue_at = now
                share_obj.save(update_fields=["overdue_at"])
            Reminder.objects.create(share=share_obj, sent_at=now)
            _record(
                share_obj.referral,
                MatchDecision.Kind.REMINDER,
                None,
                service=share_obj.fostering_service,
                reason=f"No answer since {timezone.localtime(share_obj.respond_by):%d %B %Y %H:%M}",
                now=now,
            )
            notification_events.reply_deadline_passed(share_obj, now=now)
        due.append(share_obj)
    return due


# ------------------------------------------------------------------ carers


def carer_household(user) -> Household:
    scoping.require_role(user, Role.CARER)
    account = CarerAccount.objects.select_related("household").filter(user=user).first()
    if account is None:
        raise PermissionDenied("Your sign-in is not linked to a fostering household.")
    return account.household


def eligible_referrals_for_carer(user, *, limit: int = 50) -> list[tuple[Referral, engine.Explanation]]:
    """Open referrals the carer's household passes every hard rule for, best score first."""
    household = carer_household(user)
    features = cached_features()
    try:
        features.index_of([household.pk])
    except KeyError:
        return []
    row = int(features.index_of([household.pk])[0])
    if not features.active_and_approved[row]:
        return []
    open_refs = list(Referral.objects.filter(status=Referral.Status.OPEN).order_by("pk"))
    by_pk = {r.pk: r for r in open_refs}
    found = []
    for ref in referral_inputs(open_refs):
        parts = engine.split_apart(ref) if ref.is_split else [ref]
        best = None
        for part in parts:
            exp = engine.explain(features, part, household.pk)
            if exp.eligible and (best is None or exp.score > best.score):
                best = exp
        if best is not None:
            found.append((by_pk[ref.referral_id], best))
    found.sort(key=lambda pair: (-pair[1].score, pair[0].pk))
    return found[:limit]


def eligible_referral_for_carer(user, referral_id: int) -> tuple[Referral, engine.Explanation]:
    for referral, exp in eligible_referrals_for_carer(user, limit=10_000):
        if referral.pk == referral_id:
            return referral, exp
    raise Referral.DoesNotExist("No such open referral you are eligible for.")


def express_interest(user, referral_id: int, note: str = "", now=None) -> Interest:
    referral, _ = eligible_referral_for_carer(user, referral_id)
    household = carer_household(user)
    if Interest.objects.filter(referral=referral, household=household).exists():
        raise ValidationError("You have already said you are interested in this referral.")
    with transaction.atomic():
        interest = Interest.objects.create(
            referral=referral,
            household=household,
            expressed_by=user,
            note=(note or "").strip()[:500],
            expressed_at=now or timezone.now(),
        )
        _record(
            referral,
            MatchDecision.Kind.INTEREST,
            user,
            household=household,
            service=household.fostering_service,
            reason=interest.note,
            now=now,
        )
    return interest


def interests_for(referral: Referral):
    return Interest.objects.filter(referral=referral).select_related("household__fostering_service")


def timeline(referral: Referral):
    return (
        MatchDecision.objects.filter(referral=referral)
        .select_related("made_by", "household", "fostering_service")
        .order_by("made_at", "pk")
    )
