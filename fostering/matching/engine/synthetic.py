"""Seeded, national-like synthetic households and referrals for benchmarks and tests.

Not demo data for people to look at (the demo generator places households on real
postcodes); this only needs the *shape* of England's supply and demand so that timings
and solver checks are realistic: ~45,000 households clustered around population
centres on the British National Grid, calibrated loosely to Foster Care in England
(2018): about a third with no child placed, a third IFA, LA £475 and IFA £798 a week.
"""

from __future__ import annotations

import numpy as np

from .constants import (
    ETHNIC_CODES,
    N_DOMAINS,
    OPEN_ENDED,
    PLACEMENT_TYPE_BIT,
    PLACEMENT_TYPES,
    RELIGIONS,
)
from .features import HouseholdFeatures
from .referral import Child, Referral

TODAY = 20458  # 2026-01-05 as a day number

# (easting, northing, relative population) of English population centres.
CENTRES: tuple[tuple[float, float, float], ...] = (
    (530000, 180000, 9.0),  # London
    (407000, 287000, 2.6),  # Birmingham
    (384000, 398000, 2.8),  # Manchester
    (430000, 433000, 1.9),  # Leeds / Bradford
    (335000, 390000, 1.5),  # Liverpool
    (425000, 564000, 1.5),  # Newcastle
    (435000, 387000, 1.3),  # Sheffield
    (359000, 173000, 1.1),  # Bristol
    (457000, 340000, 1.0),  # Nottingham
    (458000, 304000, 0.9),  # Leicester
    (433000, 279000, 0.8),  # Coventry
    (388000, 346000, 0.7),  # Stoke
    (442000, 112000, 0.9),  # Southampton / Portsmouth
    (248000, 55000, 0.5),  # Plymouth
    (623000, 308000, 0.5),  # Norwich
    (545000, 258000, 0.6),  # Cambridge / Peterborough
    (451000, 206000, 0.6),  # Oxford
    (472000, 173000, 0.7),  # Reading
    (590000, 160000, 1.0),  # Kent
    (531000, 105000, 0.7),  # Brighton
    (508000, 428000, 0.6),  # Hull
    (345000, 430000, 0.8),  # Preston / Blackpool
    (460000, 452000, 0.5),  # York
    (292000, 92000, 0.5),  # Exeter
    (409000, 92000, 0.5),  # Bournemouth
    (597000, 245000, 0.4),  # Ipswich
    (460000, 520000, 0.6),  # Middlesbrough / Teesside
    (340000, 555000, 0.3),  # Carlisle
    (520000, 370000, 0.3),  # Lincoln
    (383000, 245000, 0.3),  # Worcester / Hereford
)
_CENTRE_XY = np.array([(c[0], c[1]) for c in CENTRES])
_CENTRE_P = np.array([c[2] for c in CENTRES]) / sum(c[2] for c in CENTRES)
BBOX = (140000.0, 20000.0, 655000.0, 655000.0)  # England, roughly (min E, min N, max E, max N)


def la_of(easting: np.ndarray, northing: np.ndarray) -> np.ndarray:
    """A stand-in local authority id from location: ~150 cells of a 45 km grid."""
    col = np.clip(((easting - BBOX[0]) // 45000).astype(np.int64), 0, 11)
    row = np.clip(((northing - BBOX[1]) // 45000).astype(np.int64), 0, 14)
    return row * 12 + col + 1


def _locations(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    centre = rng.choice(len(CENTRES), size=n, p=_CENTRE_P)
    spread = rng.choice([8000.0, 15000.0, 30000.0], size=n, p=[0.5, 0.35, 0.15])
    east = _CENTRE_XY[centre, 0] + rng.normal(0, 1, n) * spread
    north = _CENTRE_XY[centre, 1] + rng.normal(0, 1, n) * spread
    rural = rng.random(n) < 0.15
    east[rural] = rng.uniform(BBOX[0], BBOX[2], rural.sum())
    north[rural] = rng.uniform(BBOX[1], BBOX[3], rural.sum())
    return np.clip(east, BBOX[0], BBOX[2]), np.clip(north, BBOX[1], BBOX[3])


def _type_mask(rng: np.random.Generator, n: int) -> np.ndarray:
    shares = {
        "emergency": 0.35,
        "short_term": 0.85,
        "long_term": 0.7,
        "short_breaks": 0.2,
        "parent_and_child": 0.05,
        "remand": 0.05,
        "staying_put": 0.1,
        "fostering_for_adoption": 0.05,
    }
    mask = np.zeros(n, dtype=np.int64)
    for code in PLACEMENT_TYPES:
        mask |= np.where(rng.random(n) < shares[code], PLACEMENT_TYPE_BIT[code], 0)
    mask[mask == 0] = PLACEMENT_TYPE_BIT["short_term"]
    return mask


def _ethnicity(rng: np.random.Generator, n: int) -> np.ndarray:
    p = np.full(len(ETHNIC_CODES), 0.1 / (len(ETHNIC_CODES) - 4))
    p[ETHNIC_CODES.index("WBRI")] = 0.72
    p[ETHNIC_CODES.index("BAFR")] = 0.06
    p[ETHNIC_CODES.index("APKN")] = 0.04
    p[ETHNIC_CODES.index("MWBC")] = 0.04
    p = p / p.sum()
    return rng.choice(len(ETHNIC_CODES), size=n, p=p) + 1


def _religion(rng: np.random.Generator, n: int) -> np.ndarray:
    p = np.array([0.4, 0.42, 0.09, 0.02, 0.02, 0.01, 0.01, 0.03])  # none, then RELIGIONS
    assert p.size == len(RELIGIONS) + 1
    return rng.choice(p.size, size=n, p=p / p.sum())


def synthetic_features(n: int = 45_000, seed: int = 0) -> HouseholdFeatures:
    """A national-like feature set of ``n`` households (deterministic for a seed)."""
    rng = np.random.default_rng(seed)
    east, north = _locations(rng, n)
    unknown = rng.random(n) < 0.01
    east[unknown] = np.nan
    north[unknown] = np.nan

    max_children = rng.choice([1, 2, 3, 4], size=n, p=[0.4, 0.35, 0.2, 0.05])
    placed = rng.binomial(max_children, 0.62)
    free = max_children - placed
    held = np.where((free > 0) & (rng.random(n) < 0.03), 1, 0)
    free = free - held

    ranges = np.array([(0, 18), (0, 10), (5, 18), (11, 18), (0, 4), (16, 21)])
    which = rng.choice(len(ranges), size=n, p=[0.45, 0.15, 0.15, 0.15, 0.05, 0.05])
    age_min, age_max = ranges[which, 0], ranges[which, 1]
    narrow = rng.random(n) < 0.3
    pref_min = np.where(narrow, np.minimum(age_min + rng.integers(0, 5, n), age_max), age_min)
    pref_max = np.where(narrow, np.maximum(age_max - rng.integers(0, 5, n), pref_min), age_max)

    ifa = rng.random(n) < 0.33
    religion = _religion(rng, n)
    second_religion = np.where(rng.random(n) < 0.1, _religion(rng, n), 0)
    ethnicity = _ethnicity(rng, n)
    second_ethnicity = np.where(rng.random(n) < 0.2, _ethnicity(rng, n), 0)
    languages = np.where(rng.random(n) < 0.97, 1, 0) | np.where(rng.random(n) < 0.15, 1 << rng.integers(1, 27, n), 0)
    languages[languages == 0] = 1 << 2
    stability = rng.beta(8, 2, n)
    stability[rng.random(n) < 0.12] = np.nan
    later = rng.random(n) < 0.3
    available_from = TODAY + np.where(later, rng.integers(1, 60, n), -rng.integers(0, 400, n))
    ends = rng.random(n) < 0.15
    available_until = np.where(ends, TODAY + rng.integers(30, 365, n), OPEN_ENDED)

    return HouseholdFeatures(
        household_id=rng.permutation(np.arange(100_001, 100_001 + n)),
        easting=east,
        northing=north,
        active_and_approved=rng.random(n) < 0.93,
        age_min=age_min,
        age_max=age_max,
        max_children=max_children,
        placement_types=_type_mask(rng, n),
        free_places=free,
        available_from=available_from,
        available_until=available_until,
        capability=rng.choice(4, size=(n, N_DOMAINS), p=[0.15, 0.4, 0.35, 0.1]),
        languages=languages,
        religions=np.where(religion > 0, 1 << religion, 0) | np.where(second_religion > 0, 1 << second_religion, 0),
        ethnicities=(1 << ethnicity) | np.where(second_ethnicity > 0, 1 << second_ethnicity, 0),
        youngest_child_age=np.where(rng.random(n) < 0.45, -1, rng.integers(0, 18, n)),
        has_pets=rng.random(n) < 0.45,
        smokes=rng.random(n) < 0.12,
        wheelchair_accessible=rng.random(n) < 0.06,
        experience_years=np.clip(rng.exponential(7.0, n), 0, 40),
        stability=stability,
        weekly_cost=np.where(ifa, rng.normal(798, 80, n), rng.normal(475, 50, n)).round(2),
        is_ifa=ifa,
        pref_age_min=pref_min,
        pref_age_max=pref_max,
        pref_max_siblings=np.minimum(max_children, rng.choice([1, 2, 3, 4], n)),
        held_places=held,
        owner_id=np.where(ifa, -1, la_of(np.nan_to_num(east), np.nan_to_num(north))),
    )


def _needs(rng: np.random.Generator) -> tuple[int, ...]:
    return tuple(int(v) for v in rng.choice(4, size=N_DOMAINS, p=[0.4, 0.3, 0.24, 0.06]))


def synthetic_referrals(n: int = 2_000, seed: int = 1, *, apart_share: float = 0.2) -> list[Referral]:
    """``n`` open referrals shaped like England's (deterministic for a seed)."""
    rng = np.random.default_rng(seed)
    east, north = _locations(rng, n)
    las = la_of(east, north)
    types = ["short_term", "long_term", "emergency", "remand", "parent_and_child"]
    referrals = []
    for i in range(n):
        home = (float(east[i]), float(north[i]))
        size = 1 if rng.random() < 0.78 else int(rng.choice([2, 3, 4], p=[0.6, 0.28, 0.12]))
        base_age = int(rng.choice(18, p=_AGE_P))
        children = []
        for _ in range(size):
            age = int(np.clip(base_age + rng.integers(-4, 5) * (size > 1), 0, 17))
            school = None
            if age >= 4:
                school = (home[0] + rng.normal(0, 2500), home[1] + rng.normal(0, 2500))
            ethnicity = int(_ethnicity(rng, 1)[0])
            children.append(
                Child(
                    age=age,
                    needs=_needs(rng),
                    religion=int(_religion(rng, 1)[0]),
                    languages=1 if rng.random() < 0.9 else (1 | 1 << int(rng.integers(1, 27))),
                    ethnicity=ethnicity,
                    faith_importance=int(rng.choice(3, p=[0.6, 0.25, 0.15])),
                    language_importance=int(rng.choice(3, p=[0.7, 0.15, 0.15])),
                    culture_importance=int(rng.choice(3, p=[0.5, 0.3, 0.2])),
                    needs_wheelchair_access=bool(rng.random() < 0.015),
                    cannot_live_with_pets=bool(rng.random() < 0.05),
                    cannot_live_with_smokers=bool(rng.random() < 0.1),
                    cannot_live_with_younger_children=bool(rng.random() < 0.08),
                    wants_to_stay_at_school=bool(school is not None and rng.random() < 0.4),
                    school=school,
                )
            )
        people = tuple(
            (home[0] + rng.normal(0, 8000), home[1] + rng.normal(0, 8000)) for _ in range(int(rng.integers(0, 4)))
        )
        limited = rng.random() < 0.6
        referrals.append(
            Referral(
                children=tuple(children),
                placement_type=str(rng.choice(types, p=[0.5, 0.3, 0.15, 0.02, 0.03])),
                start_day=TODAY + int(rng.integers(0, 28)),
                home=home,
                important_people=people,
                max_distance_km=float(rng.choice([10, 20, 30, 50])) if limited else None,
                distance_from="school" if rng.random() < 0.7 else "home",
                siblings="apart" if size > 1 and rng.random() < apart_share else "together",
                la_id=int(las[i]),
                referral_id=i + 1,
            )
        )
    return referrals


_AGE_P = np.array([6, 4, 4, 4, 4, 4, 4, 5, 5, 5, 6, 7, 8, 9, 9, 8, 6, 2], dtype=float)
_AGE_P = _AGE_P / _AGE_P.sum()
