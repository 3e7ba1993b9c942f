"""Demo matching activity for the lead authority's open referrals, chosen by the engine.

Five referrals at different stages, so every page has something to show:

1. two households held and the referral shared; services still to answer;
2. held and shared; one service offered its household, the other declined with a reason;
3. held and shared, the deadline passed: marked overdue with a reminder;
4. the demo carer's household (or another eligible one) said it is interested;
5. the same for a second referral, with a note.

Households come from each referral's real shortlist, preferring the demo fostering teams'
own services so ``fostering.team`` and ``ifa.team`` find referrals in their inbox. Rows
are written with ``bulk_create``; each step is on the referral's decision timeline.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fostering.organisations.models import FosteringService
from fostering.referrals.models import Referral
from fostering.register.models import CarerAccount, Household
from fostering.vacancies.models import Hold

from . import engine
from .features import household_features, referral_inputs
from .models import Interest, MatchDecision, Offer, ReferralShare, Reminder

DECLINE_REASONS = [
    "Our carers have just agreed a long-term match and need time to settle.",
    "The carers feel they cannot meet the level of need around risks to self.",
]


def contribute(ctx) -> None:
    users = ctx.state.get("users", {})
    officer = users.get("placement.officer")
    lead = ctx.state.get("lead_authority")
    if officer is None or lead is None:
        return
    now = timezone.make_aware(dt.datetime.combine(ctx.today, dt.time(11, 0)))
    team_users = [u for u in (users.get("fostering.team"), users.get("ifa.team")) if u is not None]
    team_of = {}
    for user in team_users:
        for sid in FosteringService.objects.filter(organisation_id=user.organisation_id).values_list("id", flat=True):
            team_of[sid] = user
    referrals = list(
        Referral.objects.filter(local_authority_id=lead, status=Referral.Status.OPEN)
        .exclude(referral_children=None)
        .order_by("pk")[:12]
    )
    if not referrals:
        return
    features = household_features(now)
    service_of = dict(Household.objects.values_list("pk", "fostering_service_id"))
    inputs = [r for r in referral_inputs(referrals, now) if not r.is_split]
    by_pk = {r.pk: r for r in referrals}
    used: set[int] = set()
    holds, shares, decisions, offers_pending, interests, reminders = [], [], [], [], [], []

    def pick(ref: engine.Referral, k: int) -> list[int]:
        sl = engine.candidates(features, ref, limit=40)
        ids = [int(h) for h in sl.household_id if int(h) not in used]
        preferred = [h for h in ids if service_of.get(h) in team_of]
        chosen = (preferred[:1] + [h for h in ids if h not in preferred[:1]])[:k]
        used.update(chosen)
        return chosen

    stage = 0
    for ref in inputs:
        if stage >= 3:
            break
        chosen = pick(ref, 2)
        if len(chosen) < 2:
            continue
        referral = by_pk[ref.referral_id]
        shared_at = now - dt.timedelta(hours=30 if stage == 2 else 4 + stage)
        respond_by = shared_at + dt.timedelta(hours=24 if stage == 2 else 48)
        for hid in chosen:
            holds.append(
                Hold(household_id=hid, referral=referral, places=len(ref.children), held_by=officer,
                     created_at=shared_at - dt.timedelta(minutes=20), reserved_until=now + dt.timedelta(hours=40))
            )  # fmt: skip
            decisions.append(MatchDecision(referral=referral, kind="hold", household_id=hid, made_by=officer,
                                           made_at=shared_at - dt.timedelta(minutes=20), reason="1 place(s)"))  # fmt: skip
        for sid in sorted({service_of[h] for h in chosen}):
            share = ReferralShare(referral=referral, fostering_service_id=sid, shared_by=officer,
                                  shared_at=shared_at, respond_by=respond_by)  # fmt: skip
            if stage == 2:
                share.overdue_at = respond_by + dt.timedelta(hours=1)
            shares.append(share)
            decisions.append(MatchDecision(referral=referral, kind="share", fostering_service_id=sid, made_by=officer,
                                           made_at=shared_at, reason=f"Respond by {respond_by:%d %B %Y %H:%M}"))  # fmt: skip
        if stage == 1:
            offers_pending.append((referral, chosen, shared_at))
        stage += 1

    Hold.objects.bulk_create(holds)
    created_shares = ReferralShare.objects.bulk_create(shares)
    share_by = {(s.referral_id, s.fostering_service_id): s for s in created_shares}
    offers = []
    for referral, chosen, shared_at in offers_pending:
        for n, hid in enumerate(chosen):
            share = share_by[(referral.pk, service_of[hid])]
            answered = shared_at + dt.timedelta(hours=2 + n)
            team = team_of.get(service_of[hid]) or officer
            status = Offer.Status.OFFERED if n == 0 else Offer.Status.DECLINED
            reason = "" if n == 0 else DECLINE_REASONS[n % len(DECLINE_REASONS)]
            offers.append(Offer(referral=referral, share=share, household_id=hid, fostering_service_id=service_of[hid],
                                status=status, reason=reason, made_by=team, made_at=answered))  # fmt: skip
            share.responded_at = answered
            decisions.append(MatchDecision(referral=referral, kind="offer" if n == 0 else "decline", household_id=hid,
                                           fostering_service_id=service_of[hid], made_by=team, made_at=answered,
                                           reason=reason))  # fmt: skip
    Offer.objects.bulk_create(offers)
    ReferralShare.objects.bulk_update([s for s in created_shares if s.responded_at], ["responded_at"])
    for share in created_shares:
        if share.overdue_at:
            reminders.append(Reminder(share=share, sent_at=share.overdue_at))
            decisions.append(MatchDecision(referral_id=share.referral_id, kind="reminder",
                                           fostering_service_id=share.fostering_service_id, made_at=share.overdue_at,
                                           reason="No answer by the deadline"))  # fmt: skip
    Reminder.objects.bulk_create(reminders)

    # Carers' interest: the demo carer's household where it is eligible, else another eligible one.
    carer = users.get("carer")
    account = CarerAccount.objects.filter(user=carer).first() if carer else None
    shared_refs = {s.referral_id for s in created_shares}
    for ref in inputs:
        if len(interests) >= 2:
            break
        if ref.referral_id in shared_refs:
            continue
        hid = None
        if account is not None and account.household_id in set(features.household_id.tolist()):
            if engine.explain(features, ref, account.household_id).eligible:
                hid = account.household_id
        if hid is None:
            found = engine.candidates(features, ref, limit=5)
            hid = int(found.household_id[0]) if len(found) else None
        if hid is None:
            continue
        user = carer if account is not None and hid == account.household_id else officer
        note = "We live near the school and have fostered teenagers for years." if len(interests) else ""
        when = now - dt.timedelta(hours=6 + len(interests))
        interests.append(Interest(referral=by_pk[ref.referral_id], household_id=hid, expressed_by=user,
                                  expressed_at=when, note=note))  # fmt: skip
        decisions.append(MatchDecision(referral=by_pk[ref.referral_id], kind="interest", household_id=hid,
                                       fostering_service_id=service_of[hid], made_by=user, made_at=when, reason=note))  # fmt: skip
    Interest.objects.bulk_create(interests)
    MatchDecision.objects.bulk_create(decisions)
    ctx.log(
        f"  matching: {len(holds)} holds, {len(created_shares)} shares, {len(offers)} answers, "
        f"{len(reminders)} reminders, {len(interests)} expressions of interest"
    )
