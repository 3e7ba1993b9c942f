"""Demo leavers: every household the register demo marked resigned or deregistered gets
a departure, plus households that left over the past two years (about one in ten a year,
with carers and an ended approval) so the analytics have something to show. Most are
offered an exit interview; most of those who accept give structured reasons and words."""

from __future__ import annotations

import datetime as dt

import numpy as np

from fostering.core.demo.names import FIRST_NAMES_F, STREETS, SURNAMES
from fostering.register.models import Approval, Carer, Household, HouseholdStatus

from .models import Departure, ExitInterview, ExitReason, InterviewStatus, LeavingKind

MAIN_REASONS = [
    (ExitReason.PERSONAL, 0.27), (ExitReason.RETIREMENT, 0.2), (ExitReason.SUPPORT, 0.18),
    (ExitReason.ALLOWANCES, 0.13), (ExitReason.PLACEMENT_FIT, 0.12), (ExitReason.ALLEGATIONS, 0.1),
]  # fmt: skip
SERVICE_REASONS = {
    ExitReason.PERSONAL: "Family circumstances have changed",
    ExitReason.RETIREMENT: "Retiring from fostering",
    ExitReason.SUPPORT: "Did not feel supported",
    ExitReason.ALLOWANCES: "Cannot afford to continue on the allowance",
    ExitReason.PLACEMENT_FIT: "Recent placements did not suit the household",
    ExitReason.ALLEGATIONS: "Left after an allegation was investigated",
}
HELPED = [
    "Quicker replies from our supervising social worker.",
    "More respite, especially in the school holidays.",
    "Being told more about the child before they arrived.",
    "Being kept informed while the allegation was looked into.",
    "An allowance that kept up with costs.",
    "",
]


def _pick(rng, pairs):
    values = [v for v, _ in pairs]
    p = np.array([w for _, w in pairs], dtype=float)
    return values[int(rng.choice(len(values), p=p / p.sum()))]


def contribute(ctx) -> None:
    rng = ctx.rng("exits")
    today = ctx.today
    sampler = ctx.state["postcodes"]
    team = ctx.state["users"].get("fostering.team")
    lead_service = ctx.state["la_services"][ctx.state["lead_authority"]]
    services = [*ctx.state["la_services"].values(), *ctx.state["ifa_services"]]

    # Households that left in the last two years, beyond those the register demo made.
    n_extra = max(24, int(ctx.count("households") * 0.1))
    extra, extra_meta = [], []
    counters: dict[int, int] = {}
    for i in range(n_extra):
        service = lead_service if i < 12 else services[int(rng.integers(len(services)))]
        la_code = (
            service.local_authority_id if service.local_authority_id in sampler.by_la else ctx.state["lead_authority"]
        )
        pc = sampler.sample(rng, la_code, 1)
        counters[service.id] = counters.get(service.id, 0) + 1
        left_on = today - dt.timedelta(days=int(rng.integers(5, 730)))
        kind = LeavingKind.DEREGISTERED if rng.random() < 0.15 else LeavingKind.RESIGNED
        status = HouseholdStatus.DEREGISTERED if kind == LeavingKind.DEREGISTERED else HouseholdStatus.RESIGNED
        extra.append(
            Household(
                fostering_service=service, reference=f"L{counters[service.id]:05d}",
                address_line_1=f"{int(rng.integers(1, 200))} {STREETS[int(rng.integers(len(STREETS)))]}",
                postcode=str(pc.postcodes[0]), postcode_district=str(pc.districts[0]), easting=float(pc.eastings[0]),
                northing=float(pc.northings[0]), local_authority_id=la_code, bedrooms=3, beds_for_fostering=1,
                status=status, status_since=left_on, status_reason="Left the service",
            )
        )  # fmt: skip
        years = float(np.clip(rng.exponential(6.0), 0.3, 30))
        extra_meta.append((kind, left_on, left_on - dt.timedelta(days=int(years * 365.25))))
    extra = Household.objects.bulk_create(extra)
    carers, approvals = [], []
    for h, (kind, left_on, since) in zip(extra, extra_meta, strict=True):
        carers.append(Carer(household=h, first_name=FIRST_NAMES_F[int(rng.integers(30))],
                            last_name=SURNAMES[int(rng.integers(len(SURNAMES)))],
                            date_of_birth=since - dt.timedelta(days=int(rng.integers(30, 55)) * 365), gender="female",
                            ethnicity="WBRI", fostering_since=since))  # fmt: skip
        approvals.append(Approval(household=h, fostering_service_id=h.fostering_service_id, approved_on=since,
                                  panel_date=since - dt.timedelta(days=10), max_children=1, age_min=0, age_max=18,
                                  placement_types=["short_term"], review_due=left_on, ended_on=left_on,
                                  end_reason=f"{kind.label}"))  # fmt: skip
    Carer.objects.bulk_create(carers)
    Approval.objects.bulk_create(approvals)

    departures, main_reasons = [], []
    already = set(Departure.objects.values_list("household_id", flat=True))  # made by signals in earlier parts
    leavers = [
        h
        for h in ctx.state["households"]
        if h.status in (HouseholdStatus.RESIGNED, HouseholdStatus.DEREGISTERED) and h.id not in already
    ]
    since_of = dict(
        Carer.objects.filter(household__in=leavers).order_by("household_id", "fostering_since")
        .values_list("household_id", "fostering_since")
    )  # fmt: skip
    rows = [(h, LeavingKind(h.status), h.status_since, since_of.get(h.id, h.status_since)) for h in leavers]
    rows += [(h, kind, left_on, since) for h, (kind, left_on, since) in zip(extra, extra_meta, strict=True)]
    for h, kind, left_on, since in rows:
        main = _pick(rng, MAIN_REASONS)
        if kind == LeavingKind.DEREGISTERED:
            main = ExitReason.ALLEGATIONS if rng.random() < 0.5 else ExitReason.PLACEMENT_FIT
        r = rng.random()
        status = (InterviewStatus.HELD if r < 0.55 else InterviewStatus.DECLINED if r < 0.7
                  else InterviewStatus.OFFERED if r < 0.85 else InterviewStatus.NOT_OFFERED)  # fmt: skip
        departures.append(
            Departure(
                household=h, fostering_service_id=h.fostering_service_id, kind=kind, left_on=left_on,
                reason=SERVICE_REASONS[main], fostered_since=min(since, left_on), interview_status=status,
                interview_offered_on=None if status == InterviewStatus.NOT_OFFERED else left_on + dt.timedelta(days=int(rng.integers(1, 20))),
                recorded_by=team if h.fostering_service_id == lead_service.id else None,
            )
        )  # fmt: skip
        main_reasons.append(main)
    departures = Departure.objects.bulk_create(departures)
    interviews = []
    all_reasons = [r.value for r in ExitReason]
    for d, main in zip(departures, main_reasons, strict=True):
        if d.interview_status != InterviewStatus.HELD:
            continue
        others = [str(x) for x in rng.choice(all_reasons, size=int(rng.integers(0, 3)), replace=False)]
        reasons = [r for r in all_reasons if r == main or r in others]
        interviews.append(
            ExitInterview(
                departure=d, held_on=min(today, d.interview_offered_on + dt.timedelta(days=int(rng.integers(3, 21)))),
                reasons=reasons, main_reason=main, would_foster_again=str(rng.choice(["yes", "no", "no", "not_sure"])),
                what_would_have_helped=HELPED[int(rng.integers(len(HELPED)))],
                recorded_by=d.recorded_by,
            )
        )  # fmt: skip
    ExitInterview.objects.bulk_create(interviews)
    ctx.log(f"  exits: {len(departures):,} households left, {len(interviews):,} exit interviews")
