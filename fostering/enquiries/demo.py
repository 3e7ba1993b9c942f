"""Demo front door: enquiries over the last eighteen months at every stage, sent to the
enquirer's council service and sometimes a nearby IFA, with stage histories, drop-out
reasons and sources; approved ones become register households. The lead authority's
service and the demo IFA get at least one enquiry at every stage."""

from __future__ import annotations

import datetime as dt

import numpy as np

from fostering.core.demo.names import FIRST_NAMES_F, FIRST_NAMES_M, SURNAMES
from fostering.organisations.models import FosteringService

from .models import (
    PIPELINE,
    ContactTime,
    DropOutReason,
    Enquiry,
    Interest,
    ServiceEnquiry,
    ServiceProfile,
    Source,
    Stage,
    StageChange,
)
from .services import household_from_enquiry
from .working_days import LONDON, next_working_day

FINAL_STAGES = [
    (Stage.ENQUIRY, 0.08), (Stage.FIRST_CONTACT, 0.12), (Stage.INITIAL_VISIT, 0.10), (Stage.APPLICATION, 0.08),
    (Stage.ASSESSMENT_1, 0.06), (Stage.ASSESSMENT_2, 0.05), (Stage.PANEL, 0.03), (Stage.APPROVED, 0.06),
    (Stage.WITHDRAWN, 0.32), (Stage.DECLINED, 0.10),
]  # fmt: skip
# Days spent reaching each stage from the one before (low, high).
STAGE_DAYS = {
    Stage.INITIAL_VISIT: (5, 21), Stage.APPLICATION: (7, 40), Stage.ASSESSMENT_1: (10, 30),
    Stage.ASSESSMENT_2: (40, 80), Stage.PANEL: (60, 120), Stage.APPROVED: (7, 28),
}  # fmt: skip
SOURCES = [(Source.SEARCH, 0.28), (Source.SOCIAL_MEDIA, 0.2), (Source.FRIEND, 0.16), (Source.FOSTER_CARER, 0.1),
           (Source.COUNCIL, 0.1), (Source.ADVERT, 0.08), (Source.EVENT, 0.05), (Source.OTHER, 0.03)]  # fmt: skip
DESCRIPTIONS = [
    "Local support groups every month, a 24-hour helpline and training close to home.",
    "We specialise in teenagers and brothers and sisters who want to stay together.",
    "Therapeutic fostering with a dedicated therapist for every household.",
    "Short breaks and parent and child placements; flexible training in the evenings.",
]


def _pick(rng, pairs):
    values = [v for v, _ in pairs]
    p = np.array([w for _, w in pairs], dtype=float)
    return values[int(rng.choice(len(values), p=p / p.sum()))]


def _path(rng, final: str) -> list[tuple[str, int]]:
    """Stages after 'enquiry' with the days each took, ending at ``final``."""
    if final in (Stage.WITHDRAWN, Stage.DECLINED):
        reached = PIPELINE[int(rng.integers(0, 6)) if final == Stage.WITHDRAWN else int(rng.integers(1, 7))]
    else:
        reached = final
    steps = []
    for stage in PIPELINE[1 : PIPELINE.index(reached) + 1]:
        if stage == Stage.FIRST_CONTACT:
            days = int(rng.choice([0, 1, 1, 1, 2, 3, 5]))
        else:
            lo, hi = STAGE_DAYS[stage]
            days = int(rng.integers(lo, hi))
        steps.append((stage, days))
    if final in (Stage.WITHDRAWN, Stage.DECLINED):
        steps.append((final, int(rng.integers(1, 30))))
    return steps


def contribute(ctx) -> None:
    rng = ctx.rng("enquiries")
    today = ctx.today
    now = dt.datetime.combine(today, dt.time(17, 0), tzinfo=LONDON)
    sampler = ctx.state["postcodes"]
    users = ctx.state["users"]
    la_services: dict[str, FosteringService] = ctx.state["la_services"]
    ifas: list[FosteringService] = list(ctx.state["ifa_services"])
    lead = ctx.state["lead_authority"]
    demo_ifa = ifas[0]

    ServiceProfile.objects.bulk_create(
        [ServiceProfile(fostering_service=s, description=DESCRIPTIONS[i % len(DESCRIPTIONS)])
         for i, s in enumerate([*la_services.values(), *ifas])]
    )  # fmt: skip
    ifa_e = np.array([s.office_easting or 0.0 for s in ifas])
    ifa_n = np.array([s.office_northing or 0.0 for s in ifas])
    ifa_km = np.array([s.recruits_within_km for s in ifas], dtype=float)

    authorities = [la for la in ctx.authorities if la.code in la_services]
    weights = np.array([la.postcode_count for la in authorities], dtype=float)
    n = max(80, int(ctx.count("households") * 0.25))
    plans = []  # (la code, [(service, final stage)])
    for stage in [s for s, _ in FINAL_STAGES]:
        plans.append((lead, [(la_services[lead], stage)]))
    ifa_home = demo_ifa.local_authority_id if demo_ifa.local_authority_id in la_services else lead
    for stage in [s for s, _ in FINAL_STAGES]:
        plans.append((ifa_home, [(demo_ifa, stage)]))
    la_idx = rng.choice(len(authorities), size=n, p=weights / weights.sum())
    for i in range(n):
        plans.append((authorities[la_idx[i]].code, None))

    enquiries, routes = [], []
    for la_code, forced in plans:
        pc = sampler.sample(rng, la_code, 1)
        e, nn = float(pc.eastings[0]), float(pc.northings[0])
        if forced is None:
            route = [(la_services[la_code], _pick(rng, FINAL_STAGES))]
            near = np.flatnonzero(np.hypot(ifa_e - e, ifa_n - nn) <= ifa_km * 1000)
            if len(near) and rng.random() < 0.45:
                final = _pick(rng, [p for p in FINAL_STAGES if p[0] != Stage.APPROVED])
                route.append((ifas[int(rng.choice(near))], final))
        else:
            route = forced
        paths = [(svc, _path(rng, final)) for svc, final in route]
        longest = max(sum(d for _, d in p) for _, p in paths)
        created = now - dt.timedelta(days=longest + int(rng.integers(0, 60)), hours=int(rng.integers(0, 10)))
        if all(not p for _, p in paths):  # still waiting: recent
            created = now - dt.timedelta(hours=int(rng.integers(1, 96)))
        female = rng.random() < 0.7
        first = (FIRST_NAMES_F if female else FIRST_NAMES_M)[int(rng.integers(30))]
        last = SURNAMES[int(rng.integers(len(SURNAMES)))]
        k = len(enquiries)
        interests = sorted(set(rng.choice([c.value for c in Interest], size=int(rng.integers(1, 4)), replace=False)))
        enquiries.append(
            Enquiry(
                reference=f"ENQ-D{k:07d}", first_name=first, last_name=last,
                email=f"{first.lower()}.{last.lower().replace(chr(39), '')}{k}@example.org",
                phone=f"07700{900000 + k % 1000:06d}", postcode=str(pc.postcodes[0]),
                postcode_district=str(pc.districts[0]), easting=e, northing=nn, local_authority_id=la_code,
                adults=int(rng.choice([1, 2, 2, 2, 3])), children_at_home=int(rng.choice([0, 0, 1, 2])),
                spare_bedrooms=int(rng.choice([0, 1, 1, 1, 2])), interests=[str(x) for x in interests],
                contact_times=[str(rng.choice([c.value for c in ContactTime]))], source=str(_pick(rng, SOURCES)),
                consent_to_share=True, let_council_decide=bool(rng.random() < 0.2), created_at=created,
            )
        )  # fmt: skip
        routes.append(paths)
    enquiries = Enquiry.objects.bulk_create(enquiries, batch_size=2000)

    ses, histories = [], []
    for enquiry, paths in zip(enquiries, routes, strict=True):
        for svc, path in paths:
            at, changes, first_contact = enquiry.created_at, [("", Stage.ENQUIRY, enquiry.created_at)], None
            previous = Stage.ENQUIRY
            for stage, days in path:
                if stage == Stage.FIRST_CONTACT:
                    day = at.astimezone(LONDON).date()
                    for _ in range(days):
                        day = next_working_day(day)
                    at = max(at, dt.datetime.combine(day, dt.time(int(rng.integers(9, 17))), tzinfo=LONDON))
                else:
                    at = at + dt.timedelta(days=days)
                at = min(at, now)
                if first_contact is None and stage in PIPELINE:
                    first_contact = at
                changes.append((previous, stage, at))
                previous = stage
            final = previous
            reason = ""
            if final in (Stage.WITHDRAWN, Stage.DECLINED):
                options = [r.value for r in DropOutReason]
                reason = str(rng.choice(options))
            ses.append(
                ServiceEnquiry(
                    enquiry=enquiry, fostering_service=svc, stage=Stage.PANEL if final == Stage.APPROVED else final,
                    stage_changed_at=at, first_contact_at=first_contact, drop_out_reason=reason,
                )
            )  # fmt: skip
            histories.append(changes)
    ses = ServiceEnquiry.objects.bulk_create(ses, batch_size=2000)
    team = users.get("fostering.team")
    changes = []
    approved = 0
    for se, history in zip(ses, histories, strict=True):
        who = team if se.fostering_service_id == la_services[lead].id else None
        for from_stage, to_stage, at in history:
            if to_stage == Stage.APPROVED:
                continue
            changes.append(StageChange(service_enquiry=se, from_stage=from_stage, to_stage=to_stage, changed_at=at,
                                       changed_by=who if from_stage else None))  # fmt: skip
    StageChange.objects.bulk_create(changes, batch_size=5000)
    for se, history in zip(ses, histories, strict=True):
        if history[-1][1] != Stage.APPROVED:
            continue
        at = history[-1][2]
        approved_on = at.astimezone(LONDON).date()
        types = ["short_term", "long_term"] + (["short_breaks"] if "short_breaks" in se.enquiry.interests else [])
        terms = {
            "reference": f"E{se.enquiry.reference[-6:]}", "address_line_1": f"{int(rng.integers(1, 120))} New Road",
            "town": "", "bedrooms": se.enquiry.spare_bedrooms + 2, "approved_on": approved_on,
            "panel_date": approved_on - dt.timedelta(days=7), "max_children": max(1, se.enquiry.spare_bedrooms),
            "age_min": 0, "age_max": 18, "placement_types": types,
            "carer_date_of_birth": dt.date(1970 + int(rng.integers(0, 25)), 1 + int(rng.integers(0, 12)), 1 + int(rng.integers(0, 28))),
            "carer_gender": "female", "carer_ethnicity": "WBRI",
        }  # fmt: skip
        se.stage = Stage.PANEL
        household_from_enquiry(se, terms, team if se.fostering_service_id == la_services[lead].id else None, at)
        approved += 1
    ctx.state["enquiries"] = enquiries
    ctx.log(f"  enquiries: {len(enquiries):,} enquiries, {len(ses):,} in service queues, {approved} approved")
