"""Demo children looked after: ages, sex, ethnicity and legal status in the proportions
DfE publishes (approximately), on real postcodes in their authority, with needs profiles
that change over time, their own words and the people who matter to them."""

from __future__ import annotations

import datetime as dt

import numpy as np

from fostering.core.bulk import insert_instances
from fostering.core.demo.draw import weighted
from fostering.core.demo.names import FIRST_NAMES_F, FIRST_NAMES_M, SURNAMES
from fostering.core.needs import DOMAIN_CODES

from .models import Child, ChildVoice, ImportantPerson, NeedsProfile, SiblingGroup

AGE_BANDS = [((0, 1), 0.05), ((1, 5), 0.13), ((5, 10), 0.19), ((10, 16), 0.39), ((16, 18), 0.24)]
ETHNICITY = {
    "WBRI": 0.70, "WIRI": 0.005, "WOTH": 0.04, "WIRT": 0.003, "WROM": 0.005, "MWBC": 0.03, "MWBA": 0.01,
    "MWAS": 0.01, "MOTH": 0.04, "AIND": 0.006, "APKN": 0.012, "ABAN": 0.006, "AOTH": 0.016, "BCRB": 0.015,
    "BAFR": 0.04, "BOTH": 0.015, "CHNE": 0.002, "OOTH": 0.03, "REFU": 0.002, "NOBT": 0.004,
}  # fmt: skip
LEGAL = {"C2": 0.66, "C1": 0.06, "V2": 0.20, "E1": 0.07, "J1": 0.01}
CIN = {"N1": 0.61, "N2": 0.03, "N3": 0.03, "N4": 0.08, "N5": 0.15, "N6": 0.01, "N7": 0.003, "N8": 0.087}
ABOUT = [
    "I like football and drawing. I want to be a vet.",
    "I love music and my dog. I am good at making people laugh.",
    "I am kind and I look after my little brother.",
    "I like gaming, swimming and cooking pasta.",
    "I am shy at first but I like people who are patient.",
    "I want to stay at my school because my friends are there.",
    "I like dancing, TikTok and going to the park.",
    "I am good at maths and I like Lego.",
]
WANT_CARERS_TO_KNOW = [
    "I don't like the dark, please leave the landing light on.",
    "Please knock before coming into my room.",
    "I need time on my own when I am upset.",
    "I want to see my nan every week.",
    "I find mornings hard.",
    "I like to help with cooking.",
]
RELATIONS = ["Mum", "Dad", "Nan", "Grandad", "Brother", "Sister", "Aunt", "Best friend", "Teacher", "Football coach"]


def _needs_for_age(rng, age: int) -> np.ndarray:
    base = rng.choice(4, size=len(DOMAIN_CODES), p=[0.36, 0.34, 0.22, 0.08])
    if age >= 11:  # exploitation, missing and self-harm risks concentrate in teenagers
        base[DOMAIN_CODES.index("risk_self")] = rng.choice(4, p=[0.3, 0.3, 0.25, 0.15])
    else:
        base[DOMAIN_CODES.index("risk_self")] = rng.choice(4, p=[0.7, 0.2, 0.08, 0.02])
        base[DOMAIN_CODES.index("independence")] = 0
    return base


def contribute(ctx) -> None:
    rng = ctx.rng("children")
    today = ctx.today
    sampler = ctx.state["postcodes"]
    authorities = ctx.authorities
    n = ctx.count("children_looked_after", minimum=60)
    weights = np.array([la.postcode_count for la in authorities], dtype=float)
    la_idx = np.sort(rng.choice(len(authorities), size=n, p=weights / weights.sum()))
    bands = [b for b, _ in AGE_BANDS]
    band_idx = rng.choice(len(bands), size=n, p=[w for _, w in AGE_BANDS])
    ages_days = np.array([int(rng.integers(bands[b][0] * 365, bands[b][1] * 365)) for b in band_idx])
    sexes = np.where(rng.random(n) < 0.56, "1", "2")
    ethnicities = weighted(rng, ETHNICITY, n)
    legal = weighted(rng, LEGAL, n)
    cin = weighted(rng, CIN, n)
    uasc = (rng.random(n) < 0.06) & (ages_days > 13 * 365)

    children = []
    per_la: dict[str, int] = {}
    for i in range(n):
        la = authorities[la_idx[i]]
        per_la[la.code] = per_la.get(la.code, 0) + 1
        home = sampler.sample(rng, la.code, 1)
        school = sampler.near(rng, la.code, home.eastings[0], home.northings[0], km=4)
        female = sexes[i] == "2"
        first = (FIRST_NAMES_F if female else FIRST_NAMES_M)[int(rng.integers(30))]
        eth = ethnicities[i]
        lang = "en"
        if uasc[i]:
            lang = str(rng.choice(["ar", "ku", "ps", "ti", "fa", "sq", "vi", "am"]))
        elif eth in {"APKN", "ABAN", "BAFR", "WOTH"} and rng.random() < 0.2:
            lang = {"APKN": "ur", "ABAN": "bn", "BAFR": "so", "WOTH": "pl"}[eth]
        religion = (
            "muslim"
            if eth in {"APKN", "ABAN"} or lang in {"ar", "ps", "so", "ku"}
            else str(rng.choice(["none", "none", "christian", "not_known"]))
        )
        children.append(
            Child(
                local_authority=la, la_child_id=f"{la.code[-3:]}{per_la[la.code]:06d}",
                first_name=first, last_name=SURNAMES[int(rng.integers(len(SURNAMES)))],
                date_of_birth=today - dt.timedelta(days=int(ages_days[i])), sex=sexes[i],
                gender="female" if female else "male", ethnicity=eth, religion=religion,
                first_language=lang, other_languages=["en"] if lang != "en" else [],
                legal_status=legal[i], category_of_need="N2" if rng.random() < 0.03 else cin[i],
                uasc=bool(uasc[i]), disability=bool(rng.random() < 0.06),
                home_postcode=str(home.postcodes[0]), home_easting=float(home.eastings[0]),
                home_northing=float(home.northings[0]), school_postcode=str(school[0]),
                school_easting=float(school[2]), school_northing=float(school[3]),
            )
        )  # fmt: skip
    children = Child.objects.bulk_create(children, batch_size=5000)

    # Sibling groups: about a quarter of children, in groups of 2–4 in the same authority.
    groups = []
    i = 0
    while i < n - 1:
        size = int(rng.choice([2, 2, 2, 3, 3, 4]))
        members = [c for c in children[i : i + size] if c.local_authority_id == children[i].local_authority_id]
        if rng.random() < 0.13 and len(members) >= 2:
            groups.append((SiblingGroup(name=members[0].last_name), members))
            i += len(members)
        else:
            i += 1
    created = SiblingGroup.objects.bulk_create([g for g, _ in groups])
    to_update = []
    for group, (_, members) in zip(created, groups, strict=True):
        for c in members:
            c.sibling_group = group
            c.last_name = members[0].last_name
            to_update.append(c)
    Child.objects.bulk_update(to_update, ["sibling_group", "last_name"], batch_size=5000)

    profiles, voices, people = [], [], []
    for c, days in zip(children, ages_days, strict=True):
        age = int(days // 365)
        needs = _needs_for_age(rng, age)
        versions = int(rng.integers(1, 5))
        assessed = today - dt.timedelta(days=int(rng.integers(5, 120)))
        history = []
        for _ in range(versions):
            history.append((assessed, needs.copy()))
            drift = rng.choice([-1, 0, 0, 0, 1], size=len(needs))
            needs = np.clip(needs + drift, 0, 3)  # earlier assessments differ a little
            assessed = assessed - dt.timedelta(days=int(rng.integers(120, 240)))
            if assessed < c.date_of_birth:
                break
        for when, levels in history:
            strengths = np.clip(3 - levels + rng.integers(-1, 2, size=len(levels)), 0, 3)
            sdq = int(np.clip(rng.normal(10 + 3 * levels.mean() * 2, 5), 0, 40)) if age >= 4 else None
            profiles.append(
                NeedsProfile(
                    child=c, assessed_on=when, assessed_by="Social worker",
                    sdq_total=sdq,
                    **{f"need_{d}": int(v) for d, v in zip(DOMAIN_CODES, levels, strict=True)},
                    **{f"strength_{d}": int(v) for d, v in zip(DOMAIN_CODES, strengths, strict=True)},
                )
            )  # fmt: skip
        voices.append(
            ChildVoice(
                child=c, about_me=ABOUT[int(rng.integers(len(ABOUT)))] if age >= 4 else "",
                want_carers_to_know=WANT_CARERS_TO_KNOW[int(rng.integers(len(WANT_CARERS_TO_KNOW)))] if age >= 4 else "",
                matters_for_new_home="Staying at my school" if rng.random() < 0.4 else "Having my own room",
                wants_pets=bool(rng.random() < 0.6), wants_to_stay_at_school=bool(age >= 5 and rng.random() < 0.6),
                faith_matters=2 if c.religion == "muslim" and rng.random() < 0.6 else int(rng.integers(0, 2)),
                language_matters=2 if c.first_language != "en" else 0, culture_matters=int(rng.integers(0, 3)),
            )
        )  # fmt: skip
        for _ in range(int(rng.integers(1, 4))):
            near = sampler.near(rng, c.local_authority_id, c.home_easting, c.home_northing, km=8)
            people.append(
                ImportantPerson(
                    child=c, name=FIRST_NAMES_F[int(rng.integers(30))], relationship=RELATIONS[int(rng.integers(len(RELATIONS)))],
                    keep_in_touch=bool(rng.random() < 0.9), contact=str(rng.choice(["face_to_face", "supervised", "phone_video"])),
                    postcode=str(near[0]), easting=float(near[2]), northing=float(near[3]),
                )
            )  # fmt: skip
    _name_people_in_some_voices(voices, people)
    insert_instances(NeedsProfile, profiles)
    insert_instances(ChildVoice, voices)
    insert_instances(ImportantPerson, people)
    ctx.state["children"] = children
    ctx.log(
        f"  children: {len(children):,} looked after, {len(profiles):,} needs profiles, {len(groups):,} sibling groups"
    )


def _name_people_in_some_voices(voices: list, people: list) -> None:
    """Children talk about people by name: every fourth child with words mentions their
    own name and someone who matters (with a date and a phone number now and then), so the
    anonymised referral summary has real names, dates and numbers to remove. No random
    draws, so the rest of the demo is unchanged."""
    first_person: dict[int, object] = {}
    for p in people:
        first_person.setdefault(p.child_id if p.child_id else id(p.child), p)
    for i, v in enumerate(voices):
        if i % 4 or not v.about_me:
            continue
        person = first_person.get(v.child.id if v.child.id else id(v.child))
        if person is None:
            continue
        v.about_me += f" My name is {v.child.first_name} {v.child.last_name}."
        v.want_carers_to_know += (
            f" {person.name} is my {person.relationship.lower()} and I want to see {person.name} often."
        )
        if i % 8 == 0:
            v.want_carers_to_know += f" My birthday is {v.child.date_of_birth:%d/%m/%Y}; you can ring {person.name} on 07700 900{i % 1000:03d}."
