"""Demo survey rounds, anonymous responses and advocacy contacts.

Three rounds; in each, every authority hears from a share of its children aged 4 to 17
(response rates vary by authority and round). The smallest authority's first round has
only 3 responses, so its figures show as "fewer than 5". Authorities differ a little in
how positive their children are, so benchmarks have something to show. The lead authority
has links issued for the current round, some already used.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.db import connection
from django.utils import timezone

from .models import AdvocacyContact, SurveyLink, SurveyResponse, SurveyRound, hash_token
from .questions import QUESTIONS, age_group_for

# Share answering "yes" / "sometimes" by question (the rest "no"; about 4% skip).
BASE_YES = {
    "safe": 0.86, "trust_carers": 0.82, "settled": 0.74, "know_why": 0.66, "know_social_worker": 0.72,
    "have_say": 0.55, "see_people": 0.48, "like_school": 0.58, "wellbeing": 0.70,
}  # fmt: skip
COMMENTS = [
    "More time with my brother and sister.", "Not changing social worker so much.", "Being asked before things change.",
    "Seeing my mum more.", "Nothing, I like it here.", "Pocket money on time.", "Being allowed sleepovers without waiting ages.",
    "My social worker calling me back.", "Staying at the same school.", "Knowing what happens when I turn 18.",
    "Less meetings about me.", "A pet.", "People explaining why I can't go home.", "Help with my homework.",
]  # fmt: skip


def contribute(ctx) -> None:
    rng = ctx.rng("experience")
    today = ctx.today
    rounds = [
        SurveyRound.objects.create(name=f"Autumn {today.year - 2}", opens_on=dt.date(today.year - 2, 10, 1), closes_on=dt.date(today.year - 2, 11, 30)),
        SurveyRound.objects.create(name=f"Autumn {today.year - 1}", opens_on=dt.date(today.year - 1, 10, 1), closes_on=dt.date(today.year - 1, 11, 30)),
        SurveyRound.objects.create(name=f"Autumn {today.year}", opens_on=today - dt.timedelta(days=20), closes_on=today + dt.timedelta(days=40)),
    ]  # fmt: skip
    eligible: dict[str, list] = {}
    for c in ctx.state["children"]:
        group = age_group_for(c.age_on(today))
        if group is not None and c.in_care:
            eligible.setdefault(c.local_authority_id, []).append((c, group))
    smallest = min(eligible, key=lambda code: len(eligible[code])) if eligible else None
    offsets = {code: float(rng.normal(0, 0.07)) for code in eligible}
    codes = [q.code for q in QUESTIONS]
    base = np.array([BASE_YES[c] for c in codes])
    responses = []
    for i, r in enumerate(rounds):
        for code in sorted(eligible):
            kids = eligible[code]
            n = int(rng.binomial(len(kids), rng.uniform(0.15, 0.45)))
            if i == 0 and code == smallest and len(eligible) > 1:
                n = min(n, 3)
            if n == 0:
                continue
            picked = rng.choice(len(kids), size=n, replace=False)
            p_yes = np.clip(base + offsets[code] + 0.02 * i, 0.05, 0.97)
            draws = rng.random((n, len(codes)))
            answers = np.where(draws < p_yes, 3, np.where(draws < p_yes + (1 - p_yes) * 0.6, 2, 1))
            skips = rng.random((n, len(codes))) < 0.04
            writes = rng.random(n) < 0.35
            comment_idx = rng.integers(0, len(COMMENTS), size=n)
            submitted = min(today, r.opens_on + dt.timedelta(days=int(rng.integers(0, 20))))
            for j, k in enumerate(picked):
                row = [None if skips[j, q] else int(answers[j, q]) for q in range(len(codes))]
                responses.append(
                    (r.pk, code, kids[k][1], submitted, COMMENTS[comment_idx[j]] if writes[j] else "", *row)
                )
    # executemany, not model instances: a national run writes ~50k responses.
    columns = ["round_id", "local_authority_id", "age_group", "submitted_on", "better_care", *codes]
    sql = (f"INSERT INTO {SurveyResponse._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(columns))})")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.executemany(sql, responses)

    # Links for the lead authority's current round: some used, the rest waiting.
    lead = ctx.state.get("lead_authority")
    officer = ctx.state.get("users", {}).get("placement.officer")
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(9)))
    links = []
    for j, (child, group) in enumerate(eligible.get(lead, [])):
        links.append(SurveyLink(
            round=rounds[-1], local_authority_id=lead, child=child, age_group=group, token_hash=hash_token(rng.bytes(16).hex()),
            issued_by=officer, issued_at=now - dt.timedelta(days=20), expires_at=now + dt.timedelta(days=8), used=j % 3 == 0,
        ))  # fmt: skip
    SurveyLink.objects.bulk_create(links, batch_size=5000)

    contacts = [
        AdvocacyContact(
            local_authority=la, service_name=f"{la.name} Children's Advocacy Service",
            phone=f"0800 {100 + k % 900:03d} {1000 + k:04d}", text_number=f"07700 900{k % 1000:03d}",
            email=f"advocacy@{''.join(ch for ch in la.name.lower() if ch.isalnum())}.example.org",
            hours="Monday to Friday, 9am to 7pm; Saturday 10am to 2pm",
            children_in_care_council="Ask your social worker, or text us to join the Children in Care Council.",
        )
        for k, la in enumerate(ctx.authorities)
    ]  # fmt: skip
    AdvocacyContact.objects.bulk_create(contacts)
    ctx.log(f"  experience: {len(rounds)} survey rounds, {len(responses):,} responses, {len(links):,} links, "
            f"{len(contacts)} advocacy contacts")  # fmt: skip
