"""Demo households: 67% with LA services, the rest with IFAs operating in their region;
on real postcodes weighted by postcode density; full detail (carers, approval, training,
capability, preferences) so matching has something real to work with."""

from __future__ import annotations

import datetime as dt

import numpy as np

from fostering.core.bulk import insert_instances
from fostering.core.codes import PlacementType
from fostering.core.dates import years_after
from fostering.core.demo.names import FIRST_NAMES_F, FIRST_NAMES_M, STREETS, SURNAMES
from fostering.core.needs import DOMAIN_CODES

from .models import (
    Approval,
    Capability,
    Carer,
    CarerAccount,
    CarerPreferences,
    Household,
    HouseholdStatus,
    HouseholdStatusChange,
    Training,
    TrainingCourse,
    Transfer,
)

# Carers' ethnicity (approximate: fostering households are mostly White British, more
# diverse in London).
CARER_ETHNICITY = {
    "WBRI": 0.80, "WIRI": 0.01, "WOTH": 0.03, "MWBC": 0.015, "MWBA": 0.005, "MWAS": 0.005, "MOTH": 0.01,
    "AIND": 0.02, "APKN": 0.025, "ABAN": 0.01, "AOTH": 0.005, "BCRB": 0.02, "BAFR": 0.03, "BOTH": 0.005,
    "CHNE": 0.003, "OOTH": 0.007,
}  # fmt: skip
LANGUAGE_BY_ETHNICITY = {
    "APKN": ["ur", "pa"], "ABAN": ["bn"], "AIND": ["gu", "pa", "ta"], "BAFR": ["so", "ti", "am", "fr"],
    "WOTH": ["pl", "ro", "lt", "pt"], "AOTH": ["ar", "fa"], "OOTH": ["ar", "ku", "tr"], "CHNE": ["zh"],
}  # fmt: skip
RELIGION_BY_ETHNICITY = {"APKN": "muslim", "ABAN": "muslim", "AIND": "hindu", "WOTH": "christian"}
AGE_RANGES = [((0, 18), 0.5), ((0, 10), 0.18), ((8, 18), 0.2), ((0, 4), 0.07), ((11, 21), 0.05)]
MAX_CHILDREN = [(1, 0.22), (2, 0.42), (3, 0.26), (4, 0.10)]


def _choice(rng, pairs, size):
    values = [v for v, _ in pairs]
    p = np.array([w for _, w in pairs], dtype=float)
    idx = rng.choice(len(values), size=size, p=p / p.sum())
    return [values[i] for i in idx]


def contribute(ctx) -> None:
    rng = ctx.rng("register")
    today = ctx.today
    sampler = ctx.state["postcodes"]
    authorities = ctx.authorities
    n = ctx.count("households", minimum=40)
    weights = np.array([la.postcode_count for la in authorities], dtype=float)
    la_idx = rng.choice(len(authorities), size=n, p=weights / weights.sum())
    is_la = rng.random(n) < 0.67

    ifa_by_region: dict[str, list] = {}
    for s in ctx.state["ifa_services"]:
        for region in s.regions.all():
            ifa_by_region.setdefault(region.code, []).append(s)
    all_ifas = ctx.state["ifa_services"]

    households = []
    max_children = _choice(rng, MAX_CHILDREN, n)
    age_ranges = _choice(rng, AGE_RANGES, n)
    years = np.clip(rng.exponential(7.0, n), 0.2, 35)
    statuses = _choice(
        rng,
        [(HouseholdStatus.ACTIVE, 0.93), (HouseholdStatus.ON_HOLD, 0.04), (HouseholdStatus.UNDER_INVESTIGATION, 0.01),
         (HouseholdStatus.RESIGNED, 0.015), (HouseholdStatus.DEREGISTERED, 0.005)],
        n,
    )  # fmt: skip
    counters: dict[int, int] = {}
    for i in range(n):
        la = authorities[la_idx[i]]
        if is_la[i]:
            service = ctx.state["la_services"][la.code]
        else:
            pool = ifa_by_region.get(la.region_id) or all_ifas
            service = pool[int(rng.integers(len(pool)))]
        counters[service.id] = counters.get(service.id, 0) + 1
        pc = sampler.sample(rng, la.code, 1)
        other_kids = sorted(int(a) for a in rng.integers(0, 25, size=int(rng.choice([0, 0, 0, 1, 2]))))
        beds = max_children[i]
        households.append(
            Household(
                fostering_service=service, reference=f"H{counters[service.id]:05d}",
                address_line_1=f"{int(rng.integers(1, 200))} {STREETS[int(rng.integers(len(STREETS)))]}",
                town=la.name, postcode=str(pc.postcodes[0]), postcode_district=str(pc.districts[0]),
                easting=float(pc.eastings[0]), northing=float(pc.northings[0]), local_authority=la,
                bedrooms=beds + len([a for a in other_kids if a < 18]) + 1, beds_for_fostering=beds,
                wheelchair_accessible=bool(rng.random() < 0.06), other_children_ages=other_kids,
                has_pets=bool(rng.random() < 0.45), smokers=bool(rng.random() < 0.08),
                status=statuses[i], status_since=today - dt.timedelta(days=int(rng.integers(0, 900))),
                status_reason="" if statuses[i] == HouseholdStatus.ACTIVE else "Recorded by the service",
            )
        )  # fmt: skip
    households = Household.objects.bulk_create(households, batch_size=2000)

    carers, approvals, capabilities, training, preferences = [], [], [], [], []
    ethnicities = list(CARER_ETHNICITY)
    eth_p = np.array(list(CARER_ETHNICITY.values()))
    eth_p /= eth_p.sum()
    courses = [c.value for c in TrainingCourse]
    types_all = [pt.value for pt in PlacementType]
    for i, h in enumerate(households):
        since = today - dt.timedelta(days=int(years[i] * 365.25))
        surname = SURNAMES[int(rng.integers(len(SURNAMES)))]
        eth = ethnicities[int(rng.choice(len(ethnicities), p=eth_p))]
        couple = rng.random() < 0.65
        genders = ["female", "male"] if couple else [str(rng.choice(["female", "female", "female", "male"]))]
        for g in genders:
            first = (FIRST_NAMES_F if g == "female" else FIRST_NAMES_M)[int(rng.integers(30))]
            age = int(np.clip(rng.normal(52, 9), 25, 75))
            langs = ["en"] + (
                [str(rng.choice(LANGUAGE_BY_ETHNICITY[eth]))]
                if eth in LANGUAGE_BY_ETHNICITY and rng.random() < 0.7
                else []
            )
            religion = RELIGION_BY_ETHNICITY.get(eth) or str(
                rng.choice(["christian", "none", "none", "christian", "muslim", "other"])
            )
            carers.append(
                Carer(
                    household=h, first_name=first, last_name=surname,
                    date_of_birth=today - dt.timedelta(days=age * 365 + int(rng.integers(365))),
                    gender=g, ethnicity=eth, religion=religion, languages=langs, fostering_since=since,
                )
            )  # fmt: skip
        age_min, age_max = age_ranges[i]
        kinds = {"short_term", "long_term"}
        if rng.random() < 0.35:
            kinds.add("emergency")
        if rng.random() < 0.25:
            kinds.add("short_breaks")
        if rng.random() < 0.05:
            kinds.add("parent_and_child")
        if rng.random() < 0.04:
            kinds.add("remand")
        if age_max >= 18 and rng.random() < 0.3:
            kinds.add("staying_put")
        if age_min == 0 and rng.random() < 0.05:
            kinds.add("fostering_for_adoption")
        approved_on = since if rng.random() < 0.7 else today - dt.timedelta(days=int(rng.integers(30, 1000)))
        review = years_after(approved_on, today.year - approved_on.year)
        if review < today:
            review = years_after(review, 1)
        approvals.append(
            Approval(
                household=h, fostering_service_id=h.fostering_service_id, approved_on=approved_on,
                panel_date=approved_on - dt.timedelta(days=int(rng.integers(1, 21))),
                max_children=h.beds_for_fostering, age_min=age_min, age_max=age_max,
                placement_types=[t for t in types_all if t in kinds], review_due=review,
            )
        )  # fmt: skip
        experience = min(years[i] / 10, 1.0)
        base = np.clip(np.round(rng.normal(0.8 + 1.4 * experience, 0.8, size=len(DOMAIN_CODES))), 0, 3).astype(int)
        carers_view = np.clip(
            base + (rng.random(len(DOMAIN_CODES)) < 0.15) * rng.choice([-1, 1], len(DOMAIN_CODES)), 0, 3
        )
        capabilities.append(
            Capability(
                household=h,
                source=Capability.Source.SERVICE,
                assessed_on=approved_on,
                **{d: int(v) for d, v in zip(DOMAIN_CODES, base, strict=True)},
            )
        )
        capabilities.append(
            Capability(
                household=h,
                source=Capability.Source.CARERS,
                assessed_on=approved_on,
                **{d: int(v) for d, v in zip(DOMAIN_CODES, carers_view, strict=True)},
            )
        )
        for course in rng.choice(courses, size=int(rng.integers(2, 6)), replace=False):
            done = today - dt.timedelta(days=int(rng.integers(10, max(11, int(years[i] * 365)))))
            training.append(Training(household=h, course=str(course), completed_on=done))
        preferences.append(
            CarerPreferences(
                household=h, preferred_age_min=age_min, preferred_age_max=min(age_max, 18),
                max_sibling_group=int(min(h.beds_for_fostering, rng.choice([1, 2, 2, 3]))),
            )
        )  # fmt: skip
    insert_instances(Carer, carers)
    insert_instances(Approval, approvals)
    insert_instances(Capability, capabilities)
    insert_instances(Training, training)
    insert_instances(CarerPreferences, preferences)

    _status_history(households, approvals)
    _transfers(ctx, rng, households)

    # A carer sign-in for the demo: a household of the lead authority's own service.
    from fostering.accounts.demo import make_user
    from fostering.accounts.models import Role

    lead_service = ctx.state["la_services"][ctx.state["lead_authority"]]
    household = next(h for h in households if h.fostering_service_id == lead_service.id and h.is_active)
    carer = household.carers.first()
    user = make_user("carer", carer.first_name, carer.last_name, lead_service.organisation, [Role.CARER])
    CarerAccount.objects.create(user=user, household=household, carer=carer)
    ctx.state["users"]["carer"] = user
    ctx.state["households"] = households
    ctx.log(f"  register: {len(households):,} households, {len(carers):,} carers")


STATUS_REASONS = {
    HouseholdStatus.ON_HOLD: "Carers taking a break after a long placement",
    HouseholdStatus.UNDER_INVESTIGATION: "Allegation under investigation (section 47)",
    HouseholdStatus.RESIGNED: "Carers retired from fostering",
    HouseholdStatus.DEREGISTERED: "Approval terminated after review",
}


def _status_history(households, approvals) -> None:
    """Every household's history starts at approval; those no longer active have the change too."""
    approved_on = {a.household_id: a.approved_on for a in approvals}
    rows = []
    for h in households:
        start = min(approved_on[h.id], h.status_since)
        rows.append(HouseholdStatusChange(household=h, status=HouseholdStatus.ACTIVE, changed_on=start,
                                          reason="Approved at panel"))  # fmt: skip
        if h.status != HouseholdStatus.ACTIVE:
            reason = STATUS_REASONS.get(h.status, "Recorded by the service")
            rows.append(HouseholdStatusChange(household=h, status=h.status, changed_on=h.status_since, reason=reason))
    insert_instances(HouseholdStatusChange, rows)


def _transfers(ctx, rng, households) -> None:
    """A few households moved from one agency to another, keeping their history: the old
    approval ends, the new agency's starts on the same terms, both services see the transfer.
    One moves into the demo's IFA so ``ifa.team`` sees a transfer in."""
    ifas = ctx.state["ifa_services"]
    if len(ifas) < 2:
        return
    target = ifas[0]
    candidates = [h for h in households if h.is_active and h.fostering_service_id in {s.id for s in ifas[1:]}]
    n = min(len(candidates), max(2, len(households) // 500))
    picks = [candidates[int(i)] for i in sorted(rng.choice(len(candidates), size=n, replace=False))] if n else []
    for k, h in enumerate(picks):
        to_service = target if k % 2 == 0 else ifas[1 + (k % (len(ifas) - 1))]
        if to_service.id == h.fostering_service_id:
            to_service = target
        when = ctx.today - dt.timedelta(days=int(rng.integers(30, 400)))
        current = Approval.objects.get(household=h, ended_on__isnull=True)
        when = max(when, current.approved_on)
        from_id = h.fostering_service_id
        Transfer.objects.create(household=h, from_service_id=from_id, to_service=to_service, transferred_on=when,
                                reason="Carers moved agency for support closer to home")  # fmt: skip
        current.ended_on, current.end_reason = when, f"Transferred to {to_service.name}"[:200]
        current.save(update_fields=["ended_on", "end_reason"])
        Approval.objects.create(
            household=h, fostering_service=to_service, approved_on=when, panel_date=when,
            max_children=current.max_children, age_min=current.age_min, age_max=current.age_max,
            placement_types=current.placement_types, review_due=current.review_due,
        )  # fmt: skip
        h.fostering_service = to_service
        h.reference = f"T{k + 1:04d}-{h.reference}"
        h.save(update_fields=["fostering_service", "reference"])
        HouseholdStatusChange.objects.create(household=h, status=h.status, changed_on=when,
                                             reason=f"Transferred to {to_service.name}"[:300])  # fmt: skip
    if picks:
        ctx.log(f"  register: {len(picks)} households transferred between agencies")
