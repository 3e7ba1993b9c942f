"""A deterministic generator of valid synthetic SSDA903 returns, for tests and benchmarks.

``generate_return(children=1000, seed=903)`` always yields the same return for the same
arguments, and it passes every rule in :mod:`.reader`. The mix is calibrated loosely to
published figures (DESIGN.md §3): about three quarters of current placements are foster
placements (U1–U6), most LA-provided with a large private (IFA) share; "change to care
plan" (CARPL) is the commonest reason for a placement change; episodes chain with X1 and
care ends with codes such as E4A (home), E45/E46 (special guardianship to former foster
carers), E17 (Staying Put at 18) and adoption. Children average about four episodes, so
25,000 children make roughly 100,000 episode rows.

Nothing here is real: identifiers are sequential, postcodes are shaped right but made up.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Sequence

from fostering.core.dates import years_after

from .records import EpisodeRecord, HeaderRecord, OC2Record, Return

# The end of the 2025–26 collection year; every generated date is on or before it.
DEFAULT_REFERENCE_DATE = dt.date(2026, 3, 31)


class _Pick:
    """Weighted choice with precomputed cumulative weights (fast and reproducible)."""

    def __init__(self, weighted: dict[str, float]) -> None:
        self.items: Sequence[str] = list(weighted)
        self.cum = list(itertools.accumulate(weighted.values()))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> str:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


_SEX = _Pick({"1": 56, "2": 44})
_ETHNIC = _Pick(
    {
        "WBRI": 64, "WIRI": 0.5, "WOTH": 5, "WIRT": 0.4, "WROM": 0.6, "MWBC": 3, "MWBA": 1.5,
        "MWAS": 1.5, "MOTH": 4, "AIND": 0.6, "APKN": 1.2, "ABAN": 0.7, "AOTH": 3,
        "BCRB": 1.2, "BAFR": 3.5, "BOTH": 2.5, "CHNE": 0.2, "OOTH": 4.5, "REFU": 0.4,
        "NOBT": 0.4,
    }
)  # fmt: skip
# Age at the reference date, in bands (under 1, 1–4, 5–9, 10–15, 16–17), and some who
# turned 18 in the year and left care (Staying Put and the like).
_AGE_BAND = _Pick({"0": 5, "1": 13, "5": 18, "10": 39, "16": 25, "18": 6})
_AGE_SPAN = {
    "0": (0, 1), "1": (1, 5), "5": (5, 10), "10": (10, 16), "16": (16, 18), "18": (18, 19),
}  # fmt: skip
_CIN = _Pick(
    {"N1": 65, "N2": 3, "N3": 3, "N4": 8, "N5": 13, "N6": 1, "N7": 0.5, "N8": 7}
)  # fmt: skip
_FIRST_LS = _Pick({"C1": 30, "C2": 30, "V2": 34, "L1": 1.5, "L2": 1.5, "E1": 1, "J1": 2})
# Places: U1–U6 together are about 73% of episodes, so also of current placements.
_PLACE = _Pick(
    {
        "U1": 6, "U2": 1, "U3": 12, "U4": 22, "U5": 1, "U6": 31,
        "K2": 10, "K1": 0.5, "H5": 5, "P1": 5, "P2": 0.5, "R1": 0.5, "R2": 0.3, "R3": 0.2,
        "R5": 0.3, "S1": 0.7, "A3": 0.6, "A4": 0.6, "A5": 0.6, "A6": 0.6,
        "T0": 0.3, "T1": 0.2, "T2": 0.1, "T3": 0.2, "T4": 0.2, "Z1": 0.6,
    }
)  # fmt: skip
_PROVIDER_BY_PLACE = {
    "kin": _Pick({"PR1": 90, "PR2": 5, "PR4": 5}),
    "foster": _Pick({"PR1": 55, "PR4": 35, "PR5": 7, "PR2": 3}),
    "home": _Pick({"PR4": 75, "PR1": 15, "PR5": 7, "PR2": 3}),
    "semi": _Pick({"PR4": 60, "PR1": 25, "PR5": 15}),
    "adopt": _Pick({"PR1": 60, "PR2": 20, "PR5": 20}),
    "health": _Pick({"PR3": 100}),
    "parents": _Pick({"PR0": 100}),
}
_PLACE_GROUP = {
    **dict.fromkeys(("U1", "U2", "U3"), "kin"),
    **dict.fromkeys(("U4", "U5", "U6"), "foster"),
    **dict.fromkeys(("K1", "K2", "S1", "R5"), "home"),
    **dict.fromkeys(("H5", "P2"), "semi"),
    **dict.fromkeys(("A3", "A4", "A5", "A6"), "adopt"),
    **dict.fromkeys(("R1", "R2", "R3"), "health"),
    "P1": "parents",
}
# Why a new episode began after the first (S): mostly placement moves.
_RNE_NEXT = _Pick({"P": 55, "L": 17, "T": 10, "B": 12, "U": 6})
_RPC = _Pick(
    {
        "CARPL": 35, "CREQB": 7, "CREQO": 5, "CHILD": 5, "ALLEG": 2, "STAND": 1.5,
        "APPRR": 1.5, "CLOSE": 3, "LAREQ": 12, "PLACE": 8, "CUSTOD": 1, "OTHER": 19,
    }
)  # fmt: skip
_REC_UNDER_18 = _Pick(
    {
        "E4A": 30, "E4B": 3, "E13": 5, "E11": 12, "E12": 4, "E41": 3, "E45": 9, "E46": 5,
        "E47": 2, "E48": 1, "E3": 2, "E8": 6, "E14": 3, "E15": 1, "E16": 1, "E9": 1,
    }
)  # fmt: skip
_REC_AT_18 = _Pick({"E17": 40, "E5": 25, "E6": 10, "E7": 2, "E8": 8, "E13": 5, "E4A": 10})
_SDQ_NO_SCORE = _Pick({"SDQ2": 25, "SDQ3": 15, "SDQ4": 40, "SDQ5": 20})
_AREAS = ("ME", "CT", "TN", "B", "M", "LS", "S", "NE", "BS", "SE", "E", "N", "L", "NG", "DE",
          "BD", "SO", "PO", "CV", "LE", "HU", "PL", "NR", "OX", "RG", "MK", "LU", "SR")  # fmt: skip
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def _postcode(rng: random.Random, area: str, district: int) -> str:
    """Full postcode 70% of the time, else the sector or district SSDA903 also carries."""
    r = rng.random()
    outward = f"{area}{district}"
    if r < 0.7:
        letters = rng.choice(_INWARD_LETTERS) + rng.choice(_INWARD_LETTERS)
        return f"{outward} {rng.randint(0, 9)}{letters}"
    if r < 0.85:
        return f"{outward} {rng.randint(0, 9)}"
    return outward


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    span = (end - start).days
    return start + dt.timedelta(days=rng.randint(0, max(0, span)))


def generate_return(
    children: int = 1000,
    *,
    seed: int = 903,
    reference_date: dt.date = DEFAULT_REFERENCE_DATE,
) -> Return:
    """A valid synthetic return for ``children`` children, the same for the same seed."""
    rng = random.Random(seed)
    urns = [f"SC{n:06d}" for n in rng.sample(range(10**6), 2500)]
    provider = urn = pl_post = ""
    headers: list[HeaderRecord] = []
    episodes: list[EpisodeRecord] = []
    oc2: list[OC2Record] = []
    day = dt.timedelta(days=1)
    for i in range(children):
        child = str(1_000_000 + i)
        sex = _SEX(rng)
        lo, hi = _AGE_SPAN[_AGE_BAND(rng)]
        age_days = rng.randint(lo * 365 + 1, hi * 365 - 1)
        dob = reference_date - dt.timedelta(days=age_days)
        upn = (
            rng.choice(_UPN_LETTERS) + f"{rng.randrange(10**12):012d}"
            if rng.random() < 0.85 or age_days < 4 * 365
            else f"UN{rng.randint(1, 5)}"
        )
        mother: bool | None = None
        mc_dob = None
        if sex == "2" and age_days > 12 * 365:
            mother = rng.random() < 0.02 and age_days > 15 * 365
            if mother:
                mc_dob = _date_between(rng, dob + dt.timedelta(days=15 * 365), reference_date)
        headers.append(HeaderRecord(0, child, sex, dob, _ETHNIC(rng), upn, mother, mc_dob))

        # Care history: one period, occasionally two (a return home that broke down).
        area = rng.choice(_AREAS)
        home_post = _postcode(rng, area, rng.randint(1, 20)) if rng.random() < 0.9 else ""
        cin = _CIN(rng)
        eighteen = years_after(dob, 18)
        period_start = _date_between(rng, dob, min(reference_date, eighteen - 30 * day))
        periods = 2 if rng.random() < 0.08 else 1
        child_eps: list[EpisodeRecord] = []
        for period in range(periods):
            decom = period_start
            ls = _FIRST_LS(rng)
            rne = "S"
            place = _PLACE(rng)
            while True:
                length = int(rng.expovariate(1 / 330)) + 1
                dec: dt.date | None = decom + dt.timedelta(days=length)
                end_of_care = None
                if dec >= eighteen:
                    dec, end_of_care = eighteen, _REC_AT_18(rng)
                elif rng.random() < 0.1 or period + 1 < periods and rng.random() < 0.4:
                    end_of_care = "E4A" if period + 1 < periods else _REC_UNDER_18(rng)
                if dec > reference_date:
                    dec, end_of_care = None, None  # still in this episode: it is open
                if rne in ("S", "P", "B"):  # new carers: a new provider, URN and address
                    provider = ""
                    group = _PLACE_GROUP.get(place)
                    if group is not None:
                        provider = _PROVIDER_BY_PLACE[group](rng)
                    if place == "P1":
                        urn = "XXXXXXX"
                    elif group in ("health", "semi") or group is None:
                        urn = ""
                    else:
                        urn = rng.choice(urns)  # fostering services and homes recur
                    pl_post = ""
                    if group is not None and place != "P1":
                        # 62% of children are placed inside their own LA (DESIGN.md §3).
                        pl_post = _postcode(
                            rng, area if rng.random() < 0.62 else rng.choice(_AREAS),
                            rng.randint(1, 20),
                        )  # fmt: skip
                    elif place == "P1":
                        pl_post = home_post
                ep = EpisodeRecord(
                    0, child, decom, rne, ls, cin, place, provider, dec, "", "",
                    home_post, pl_post, urn,
                )  # fmt: skip
                child_eps.append(ep)
                if dec is None:
                    break
                if end_of_care is not None:
                    ep.rec = end_of_care
                    break
                # The episode ends because something changed; a new one starts the same day.
                ep.rec = "X1"
                rne = _RNE_NEXT(rng)
                if rne in ("L", "B", "U"):
                    ls = {"C1": "C2", "V2": "C1", "L1": "C1", "L2": "C1", "J1": "V2"}.get(
                        ls, "E1" if ls == "C2" and rng.random() < 0.1 else "C2"
                    )
                    if ls == "C2" and rne == "L" and rng.random() < 0.5:
                        rne = "P"  # a legal change that does not happen just changes place
                if rne in ("P", "B", "T", "U"):
                    ep.reason_place_change = _RPC(rng)
                    new_place = _PLACE(rng)
                    if rne in ("T", "U"):
                        new_place = place  # same carer, new placement type is rare: keep
                    place = new_place
                decom = dec
            last_end = child_eps[-1].dec
            if period + 1 < periods:
                if last_end is None or last_end + 60 * day >= min(reference_date, eighteen):
                    break
                period_start = _date_between(rng, last_end + 30 * day, min(reference_date, eighteen - day))
        episodes.extend(child_eps)

        # OC2: children looked after for a year or more by the reference date.
        current = child_eps[-1]
        if current.dec is None and (reference_date - child_eps[0].decom).days >= 365:
            age = age_days // 365
            if 4 <= age <= 16:
                if rng.random() < 0.82:
                    score, reason = max(0, min(40, round(rng.gauss(14, 6.5)))), ""
                else:
                    score, reason = None, _SDQ_NO_SCORE(rng)
            else:
                score, reason = None, "SDQ1"
            misuse = rng.random() < 0.04 if age >= 10 else False
            received = (rng.random() < 0.6) if misuse else None
            offered = (rng.random() < 0.8) if misuse and not received else None
            oc2.append(
                OC2Record(
                    0, child, dob, score, reason,
                    (rng.random() < 0.03) if age >= 10 else None,
                    rng.random() < 0.9, rng.random() < 0.85,
                    rng.random() < 0.85 if age >= 1 else None,
                    rng.random() < 0.9, misuse, received, offered,
                )
            )  # fmt: skip

    # Line numbers as a canonical file would have them (column names on line 1).
    for records in (headers, episodes, oc2):
        for n, record in enumerate(records, start=2):
            record.line = n
    return Return(headers=headers, episodes=episodes, oc2=oc2)
