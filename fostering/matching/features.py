"""Build the engine's inputs from the database: household feature arrays and referrals.

Households: :func:`household_features` reads every household in ten bulk queries (one per
table, never one per household) and returns an :class:`engine.HouseholdFeatures`.

Freshness rule (the cache): the feature set is kept in this process. Every request checks
:func:`quick_version` — today's date, this process's write counter (post_save/post_delete
signals in ``apps.py`` bump it), the largest household, placement and hold ids and the
number of holds active *now* — so a new household, placement, hold, a release or an
expiry anywhere, and any write made through this process, rebuild on the next request.
At most every :data:`FULL_CHECK_SECONDS` it also compares :func:`data_version` (row counts
and latest changes of every table read), so in-place edits made by *other* processes (a
placement ending, a new capability assessment, a status change, bulk imports) are seen
within 30 seconds. Holds themselves are always re-checked under a row lock when placed.

Weekly cost (shown beside candidates, never scored): the household's current or last
placement cost (costs.PlacementCost); else, for an IFA, the mean of its service's price
schedules (the spot price list); else the published averages (LA £475, IFA £798, DESIGN.md §3).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import defaultdict
from typing import Any

import numpy as np
from django.db.models import Avg, Count, Max, Min, Q, Sum
from django.utils import timezone

from fostering.children.models import Child as ChildModel
from fostering.core.codes import LANGUAGE_BITS, UNPLANNED_REASONS
from fostering.core.needs import DOMAIN_CODES
from fostering.costs.models import PlacementCost, PriceSchedule
from fostering.geography.models import LocalAuthority
from fostering.placements.models import Placement
from fostering.referrals.models import Referral as ReferralModel
from fostering.register.models import Approval, Capability, Carer, CarerPreferences, Household, HouseholdStatus
from fostering.vacancies.models import Availability, Hold

from . import engine

LA_AVERAGE_WEEKLY = 475.0
IFA_AVERAGE_WEEKLY = 798.0
FULL_CHECK_SECONDS = 30.0
CHUNK = 400

_lock = threading.Lock()
_cache: dict[str, Any] = {"version": None, "full": None, "features": None, "checked": 0.0, "owner": {}}
_local_bumps = [0]


def bump() -> None:
    """Mark the cached features stale (connected to post_save/post_delete in apps.py)."""
    _local_bumps[0] += 1


def day_number(day: dt.date) -> int:
    return day.toordinal() - engine.EPOCH_ORDINAL


def la_index() -> dict[str, int]:
    """A stable integer per local authority code (the engine's ``owner_id``/``la_id``)."""
    if not _cache["owner"]:
        codes = LocalAuthority.objects.order_by("code").values_list("code", flat=True)
        _cache["owner"] = {code: i for i, code in enumerate(codes)}
    return _cache["owner"]


def quick_version(now: dt.datetime | None = None) -> tuple:
    """Checked on every request, cheap (indexed maxima, the small holds table): catches this
    process's writes, every new household, placement or hold anywhere, releases and expiries."""
    now = now or timezone.now()
    return (
        timezone.localdate(now),
        _local_bumps[0],
        Household.objects.aggregate(m=Max("id"))["m"],
        Placement.objects.aggregate(m=Max("id"))["m"],
        tuple(Hold.objects.aggregate(m=Max("id"), a=Count("id", filter=_active_hold_q(now))).values()),
    )


def _active_hold_q(now: dt.datetime) -> Q:
    return Q(released_at__isnull=True, converted_at__isnull=True, reserved_until__gt=now)


def data_version(now: dt.datetime | None = None) -> tuple:
    """The full fingerprint (row counts and latest changes of every table the arrays read);
    a few hundred milliseconds nationally, so checked at most every ``FULL_CHECK_SECONDS``."""
    now = now or timezone.now()
    return (
        tuple(Household.objects.aggregate(n=Count("id"), u=Max("updated_at")).values()),
        tuple(
            Approval.objects.aggregate(
                n=Count("id"), m=Max("id"), e=Count("id", filter=Q(ended_on__isnull=True))
            ).values()
        ),
        tuple(Placement.objects.aggregate(n=Count("id"), c=Count("id", filter=Q(ended_on__isnull=True))).values()),
        tuple(Availability.objects.aggregate(n=Count("id"), c=Max("last_confirmed_at")).values()),
        tuple(Capability.objects.aggregate(n=Count("id"), m=Max("id")).values()),
    )


def cached_features(now: dt.datetime | None = None) -> engine.HouseholdFeatures:
    """The feature set, rebuilt when :func:`quick_version` changes, or when the full
    :func:`data_version` (checked every ``FULL_CHECK_SECONDS``) does."""
    quick = quick_version(now)
    with _lock:
        cached = _cache["features"] if _cache["version"] == quick else None
        full_due = time.monotonic() - _cache["checked"] >= FULL_CHECK_SECONDS
    if cached is not None and not full_due:
        return cached
    full = data_version(now)
    with _lock:
        if cached is not None and _cache["full"] == full:
            _cache["checked"] = time.monotonic()
            return cached
    features = household_features(now)
    with _lock:
        _cache.update(version=quick, full=full, features=features, checked=time.monotonic())
    return features


def clear_cache() -> None:
    with _lock:
        _cache.update(version=None, full=None, features=None, checked=0.0, owner={})


def _age(dob: dt.date, day: dt.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def household_features(now: dt.datetime | None = None) -> engine.HouseholdFeatures:
    """Every household's features in bulk queries (one per table)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    owner = la_index()
    rows = list(
        Household.objects.order_by("id").values_list(
            "id",
            "easting",
            "northing",
            "status",
            "beds_for_fostering",
            "wheelchair_accessible",
            "other_children_ages",
            "has_pets",
            "smokers",
            "fostering_service__kind",
            "fostering_service__local_authority_id",
            "fostering_service_id",
        )
    )
    n = len(rows)
    index = {r[0]: i for i, r in enumerate(rows)}
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    easting = np.array([r[1] if r[1] is not None else np.nan for r in rows], dtype=np.float64)
    northing = np.array([r[2] if r[2] is not None else np.nan for r in rows], dtype=np.float64)
    active = np.array([r[3] == HouseholdStatus.ACTIVE for r in rows], dtype=bool)
    beds = np.array([r[4] for r in rows], dtype=np.int64)
    accessible = np.array([r[5] for r in rows], dtype=bool)
    youngest = np.array([min(r[6]) if r[6] else -1 for r in rows], dtype=np.int64)
    pets = np.array([r[7] for r in rows], dtype=bool)
    smokes = np.array([r[8] for r in rows], dtype=bool)
    is_ifa = np.array([r[9] == "ifa" for r in rows], dtype=bool)
    owner_id = np.array([owner.get(r[10], -1) if r[9] != "ifa" else -1 for r in rows], dtype=np.int64)
    service_of = np.array([r[11] for r in rows], dtype=np.int64)

    approved = np.zeros(n, dtype=bool)
    age_min = np.zeros(n, dtype=np.int64)
    age_max = np.zeros(n, dtype=np.int64)
    max_children = np.zeros(n, dtype=np.int64)
    types = np.zeros(n, dtype=np.int64)
    for hid, mc, lo, hi, pts in Approval.objects.filter(ended_on__isnull=True).values_list(
        "household_id", "max_children", "age_min", "age_max", "placement_types"
    ):
        i = index.get(hid)
        if i is None:
            continue
        approved[i] = True
        age_min[i], age_max[i], max_children[i] = lo, hi, mc
        types[i] = sum(engine.PLACEMENT_TYPE_BIT.get(code, 0) for code in set(pts or []))
    first_approved = np.full(n, np.nan)
    for hid, first in (
        Approval.objects.values("household_id").annotate(f=Min("approved_on")).values_list("household_id", "f")
    ):
        if hid in index and first:
            first_approved[index[hid]] = (today - first).days / 365.25

    filled = np.zeros(n, dtype=np.int64)
    for hid, dob in (
        Placement.objects.current_on(today)
        .filter(household__isnull=False)
        .values_list("household_id", "child__date_of_birth")
    ):
        i = index.get(hid)
        if i is None:
            continue
        filled[i] += 1
        age = _age(dob, today)
        youngest[i] = age if youngest[i] < 0 else min(youngest[i], age)
    ended = np.zeros(n)
    unplanned = np.zeros(n)
    for hid, total, bad in (
        Placement.objects.filter(household__isnull=False, ended_on__isnull=False)
        .values("household_id")
        .annotate(t=Count("id"), u=Count("id", filter=Q(reason_place_change__in=UNPLANNED_REASONS)))
        .values_list("household_id", "t", "u")
    ):
        if hid in index:
            ended[index[hid]], unplanned[index[hid]] = total, bad
    stability = np.where(ended > 0, 1.0 - unplanned / np.maximum(ended, 1), np.nan)

    held = np.zeros(n, dtype=np.int64)
    for hid, places in (
        Hold.objects.active(now).values("household_id").annotate(p=Sum("places")).values_list("household_id", "p")
    ):
        if hid in index:
            held[index[hid]] = places or 0
    approved_places = np.where(approved, np.minimum(max_children, beds), 0)
    free = approved_places - filled - held

    available_from = np.zeros(n, dtype=np.int64)
    available_until = np.full(n, engine.OPEN_ENDED, dtype=np.int64)
    for hid, start, until, off in Availability.objects.values_list(
        "household_id", "available_from", "available_until", "temporarily_unavailable"
    ):
        i = index.get(hid)
        if i is None:
            continue
        if off:
            available_from[i] = engine.OPEN_ENDED  # never: the carers have paused
        elif start:
            available_from[i] = day_number(start)
        if until:
            available_until[i] = day_number(until)

    capability = np.zeros((n, len(DOMAIN_CODES)), dtype=np.int64)
    for row in Capability.objects.filter(source=Capability.Source.SERVICE).values_list("household_id", *DOMAIN_CODES):
        i = index.get(row[0])
        if i is not None:
            capability[i] = row[1:]

    pref_min, pref_max, pref_sib = age_min.copy(), age_max.copy(), max_children.copy()
    for hid, lo, hi, sib in CarerPreferences.objects.values_list(
        "household_id", "preferred_age_min", "preferred_age_max", "max_sibling_group"
    ):
        i = index.get(hid)
        if i is not None:
            pref_min[i], pref_max[i] = min(lo, hi), max(lo, hi)
            pref_sib[i] = sib

    languages = np.zeros(n, dtype=np.int64)
    religions = np.zeros(n, dtype=np.int64)
    ethnicities = np.zeros(n, dtype=np.int64)
    carer_since = np.full(n, np.nan)
    for hid, religion, ethnicity, langs, since in Carer.objects.values_list(
        "household_id", "religion", "ethnicity", "languages", "fostering_since"
    ):
        i = index.get(hid)
        if i is None:
            continue
        r = engine.religion_code(religion)
        if r:
            religions[i] |= 1 << r
        e = engine.ethnicity_code(ethnicity)
        if e:
            ethnicities[i] |= 1 << e
        for code in langs or []:
            if code in LANGUAGE_BITS:
                languages[i] |= 1 << LANGUAGE_BITS[code]
        if since:
            years = (today - since).days / 365.25
            carer_since[i] = years if np.isnan(carer_since[i]) else max(carer_since[i], years)
    experience = np.where(np.isnan(first_approved), carer_since, first_approved)
    experience = np.where(np.isnan(experience), 0.0, np.maximum(experience, 0.0))

    weekly = np.where(is_ifa, IFA_AVERAGE_WEEKLY, LA_AVERAGE_WEEKLY)
    spot = dict(
        PriceSchedule.objects.values("fostering_service_id")
        .annotate(p=Avg("weekly_price"))
        .values_list("fostering_service_id", "p")
    )
    for i in np.flatnonzero(is_ifa):
        price = spot.get(int(service_of[i]))
        if price is not None:
            weekly[i] = float(price)
    for hid, total in (
        PlacementCost.objects.filter(placement__household__isnull=False)
        .order_by("placement__started_on", "placement_id")
        .values_list("placement__household_id", "weekly_total")
    ):
        i = index.get(hid)
        if i is not None:
            weekly[i] = float(total)  # the latest started placement wins

    return engine.HouseholdFeatures(
        household_id=ids,
        easting=easting,
        northing=northing,
        active_and_approved=active & approved,
        age_min=age_min,
        age_max=age_max,
        max_children=max_children,
        placement_types=types,
        free_places=np.clip(free, -30000, 30000),
        available_from=available_from,
        available_until=available_until,
        capability=capability,
        languages=languages,
        religions=religions,
        ethnicities=ethnicities,
        youngest_child_age=youngest,
        has_pets=pets,
        smokes=smokes,
        wheelchair_accessible=accessible,
        experience_years=experience,
        stability=stability,
        weekly_cost=weekly,
        is_ifa=is_ifa,
        pref_age_min=pref_min,
        pref_age_max=pref_max,
        pref_max_siblings=pref_sib,
        held_places=held,
        owner_id=owner_id,
    )


# ---------------------------------------------------------------- referrals


def _languages_of(child: ChildModel) -> int:
    mask = 0
    for code in [child.first_language, *(child.other_languages or [])]:
        if code in LANGUAGE_BITS:
            mask |= 1 << LANGUAGE_BITS[code]
    return mask


def _point(e, n) -> tuple[float, float] | None:
    return (float(e), float(n)) if e is not None and n is not None else None


def _with_children(qs):
    return qs.select_related("local_authority").prefetch_related(
        "referral_children__child__voice",
        "referral_children__child__important_people",
        "referral_children__needs_profile",
    )


def referral_inputs(referrals, now: dt.datetime | None = None) -> list[engine.Referral]:
    """Engine referrals for many referrals in a handful of queries (prefetched children,
    one query for every hold). Referrals without children are skipped."""
    now = now or timezone.now()
    pks = sorted({r.pk for r in referrals})
    loaded: list[ReferralModel] = []
    for start in range(0, len(pks), CHUNK):  # SQLite limits expression depth: fetch in chunks
        loaded.extend(_with_children(ReferralModel.objects.filter(pk__in=pks[start : start + CHUNK])).order_by("pk"))
    referrals = loaded
    held: dict[int, dict[int, int]] = defaultdict(dict)
    for rid, hid, places in (
        Hold.objects.filter(referral__status__in=[ReferralModel.Status.OPEN, ReferralModel.Status.MATCHED])
        .active(now)
        .values("referral_id", "household_id")
        .annotate(p=Sum("places"))
        .values_list("referral_id", "household_id", "p")
    ):
        held[rid][hid] = places
    out = []
    for referral in referrals:
        try:
            out.append(_build(referral, held.get(referral.pk, {})))
        except ValueError:
            continue
    return out


def referral_input(referral: ReferralModel, now: dt.datetime | None = None) -> engine.Referral:
    """The engine's view of one referral (see :func:`_build`)."""
    now = now or timezone.now()
    referral = _with_children(ReferralModel.objects.filter(pk=referral.pk)).get()
    held = dict(
        Hold.objects.filter(referral=referral)
        .active(now)
        .values("household_id")
        .annotate(p=Sum("places"))
        .values_list("household_id", "p")
    )
    return _build(referral, held)


def _build(referral: ReferralModel, held: dict[int, int]) -> engine.Referral:
    """Ages on the wanted start date; needs and strengths from each ReferralChild's needs
    profile snapshot; wishes from ChildVoice (faith/language/culture importance; "does not
    want pets" is taken as cannot live with pets); school and home grid references;
    important people kept in touch with (located ones); the distance limit (none when
    "anywhere"); siblings together/apart; places already held for this referral."""
    entries = sorted(referral.referral_children.all(), key=lambda e: e.pk)
    if not entries:
        raise ValueError(f"Referral {referral.reference} names no child.")
    children = []
    people: list[tuple[float, float]] = []
    home = None
    for entry in entries:
        child, profile = entry.child, entry.needs_profile
        try:
            voice = child.voice
        except ChildModel.voice.RelatedObjectDoesNotExist:
            voice = None
        people.extend(
            (float(p.easting), float(p.northing))
            for p in child.important_people.all()
            if p.keep_in_touch and p.easting is not None and p.northing is not None
        )
        home = home or _point(child.home_easting, child.home_northing)
        children.append(
            engine.Child(
                age=max(0, min(25, _age(child.date_of_birth, referral.wanted_start))),
                needs=tuple(getattr(profile, f"need_{d}") for d in DOMAIN_CODES),
                strengths=tuple(getattr(profile, f"strength_{d}") for d in DOMAIN_CODES),
                religion=engine.religion_code(child.religion),
                languages=_languages_of(child),
                ethnicity=engine.ethnicity_code(child.ethnicity),
                faith_importance=min(2, voice.faith_matters) if voice else 0,
                language_importance=min(2, voice.language_matters) if voice else 0,
                culture_importance=min(2, voice.culture_matters) if voice else 0,
                cannot_live_with_pets=bool(voice and voice.wants_pets is False),
                wants_to_stay_at_school=bool(voice and voice.wants_to_stay_at_school),
                school=_point(child.school_easting, child.school_northing),
            )
        )
    anywhere = referral.distance_from == ReferralModel.DistanceFrom.ANY
    return engine.Referral(
        children=tuple(children),
        placement_type=referral.placement_type,
        start_day=day_number(referral.wanted_start),
        home=home,
        important_people=tuple(people),
        max_distance_km=None if anywhere or not referral.max_distance_km else float(referral.max_distance_km),
        distance_from="home" if referral.distance_from == ReferralModel.DistanceFrom.HOME else "school",
        siblings="together" if referral.siblings_together or len(children) == 1 else "apart",
        held_places={int(k): int(v) for k, v in held.items()},
        la_id=la_index().get(referral.local_authority_id, -1),
        referral_id=referral.pk,
    )
