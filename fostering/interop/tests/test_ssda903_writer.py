"""Writing records back out: the canonical file, and read → write round trips."""

from __future__ import annotations

import dataclasses
import io

from fostering.interop.ssda903 import (
    read_return,
    write_episodes,
    write_header,
    write_oc2,
    write_return,
)
from fostering.interop.ssda903.sample import generate_return

from .ssda903_helpers import TODAY, read


def canonical(result) -> tuple[str, str, str]:
    """The three canonical files of a valid read, as text."""
    files = []
    for write, records in (
        (write_header, result.headers),
        (write_episodes, result.episodes),
        (write_oc2, result.oc2),
    ):
        out = io.StringIO(newline="")
        write(records, out)
        files.append(out.getvalue())
    return tuple(files)  # type: ignore[return-value]


def without_lines(records):
    return [dataclasses.replace(r, line=0) for r in records]


def test_a_valid_return_round_trips_to_identical_canonical_files(tmp_path):
    ret = generate_return(300, seed=7)
    paths = write_return(ret, tmp_path)
    first = [p.read_bytes() for p in paths]

    result = read_return(*paths, today=TODAY)
    assert result.ok, result.report()
    again = canonical(result)

    assert [text.encode("utf-8") for text in again] == first
    assert result.headers == ret.headers  # line numbers too: canonical files have no gaps
    assert result.episodes == ret.episodes
    assert result.oc2 == ret.oc2


def test_an_untidy_file_is_written_canonically_row_for_row():
    header = (
        " child ,Sex,DOB,ETHNIC\r\n"  # no UPN, MOTHER, MC_DOB columns
        "C1,1,1/2/12,wbri\r\n"
        "\r\n"
        "C2,2,2010-04-03,BAFR\r\n"
    )
    episodes = (
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,HOME_POST,PL_POST\r\n"
        "C1,01/03/2020,s,C2,N1,U4,PR1,05/06/2021 00:00:00,X1,me142ll,me15\r\n"
        "C1,05/06/2021,P,C2,N1,U6,pr4,,,ME14 2LL,TN1 1AA\r\n"
        "C2,10/10/2022,S,V2,N4,K2,PR4,,,,b1 1aa\r\n"
    )
    oc2 = "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED\r\nC1,01/02/2012,14.0,,n\r\n"

    result = read(header=header, episodes=episodes, oc2=oc2)
    assert result.ok, result.report()
    header_out, episodes_out, oc2_out = canonical(result)

    assert header_out.split("\r\n") == [
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB",
        "C1,1,01/02/2012,WBRI,,,",
        "C2,2,03/04/2010,BAFR,,,",
        "",
    ]
    assert episodes_out.split("\r\n")[1:] == [
        "C1,01/03/2020,S,C2,N1,U4,PR1,05/06/2021,X1,,ME14 2LL,ME15,",
        "C1,05/06/2021,P,C2,N1,U6,PR4,,,,ME14 2LL,TN1 1AA,",
        "C2,10/10/2022,S,V2,N4,K2,PR4,,,,,B1 1AA,",
        "",
    ]
    assert oc2_out.split("\r\n")[1] == "C1,01/02/2012,14,,0,,,,,,,"

    # Reading the canonical files gives the same records (only line numbers move).
    again = read(header=header_out, episodes=episodes_out, oc2=oc2_out)
    assert again.ok
    assert without_lines(again.headers) == without_lines(result.headers)
    assert without_lines(again.episodes) == without_lines(result.episodes)
    assert without_lines(again.oc2) == without_lines(result.oc2)
    assert canonical(again) == (header_out, episodes_out, oc2_out)


def test_writers_return_the_number_of_rows_written():
    ret = generate_return(20, seed=3)

    out = io.StringIO(newline="")
    assert write_episodes(ret.episodes, out) == len(ret.episodes)
    assert out.getvalue().count("\r\n") == len(ret.episodes) + 1
