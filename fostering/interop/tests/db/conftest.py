"""Helpers for the SSDA903 import tests: tiny returns written as files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fostering.interop.ssda903 import sample, write_return

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
OC2 = "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n"  # noqa: E501
GOOD_HEADER = HEADER + "A1,1,01/02/2012,WBRI,,,\nA2,2,03/04/2014,BAFR,,,\n"
GOOD_EPISODES = (
    EPISODES
    + "A1,01/01/2020,S,C2,N1,U4,PR1,01/06/2021,X1,,ME14 1AA,ME15 6AA,SC123456\n"
    + "A1,01/06/2021,P,C2,N1,U6,PR4,,,CARPL,ME14 1AA,CT1 2EH,SC654321\n"
    + "A2,05/05/2022,S,V2,N4,U6,PR4,,,,CT1 2EH,TN1 1AA,SC111111\n"
)
GOOD_OC2 = OC2 + "A1,01/02/2012,14,,0,1,1,1,1,0,,\n"


@pytest.fixture
def files(tmp_path: Path):
    """files(header=..., episodes=..., oc2=...) -> dict of paths (defaults: a good tiny return)."""

    def make(header: str = GOOD_HEADER, episodes: str = GOOD_EPISODES, oc2: str | None = GOOD_OC2, folder: str = "in"):
        d = tmp_path / folder
        d.mkdir(exist_ok=True)
        paths = {"header": d / "header.csv", "episodes": d / "episodes.csv"}
        paths["header"].write_text(header)
        paths["episodes"].write_text(episodes)
        if oc2 is not None:
            paths["oc2"] = d / "oc2.csv"
            paths["oc2"].write_text(oc2)
        return paths

    return make


@pytest.fixture
def sample_return(tmp_path: Path):
    """A canonical synthetic return (valid) written to disk; returns the three paths."""

    def make(children: int = 40, seed: int = 7):
        ret = sample.generate_return(children, seed=seed, reference_date=dt.date(2026, 3, 31))
        d = tmp_path / f"sample{seed}"
        return dict(zip(("header", "episodes", "oc2"), write_return(ret, d), strict=True))

    return make
