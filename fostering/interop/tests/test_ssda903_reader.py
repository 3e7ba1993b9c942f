"""The row rules of an SSDA903 import, one user story each.

Every story starts from a small valid return (ssda903_helpers), breaks one thing, and
checks that exactly that is reported, on the right line and column, in words that say
how to fix it. Line numbers are physical lines with the column names on line 1.
"""

from __future__ import annotations

import datetime as dt
import gc

import pytest

from fostering.interop.ssda903 import ReturnRejected, read_return
from fostering.interop.ssda903.sample import generate_return

from .ssda903_helpers import (
    EPISODE_ROWS,
    HEADER_ROWS,
    TODAY,
    as_files,
    codes,
    episodes_file,
    header_file,
    oc2_file,
    only_error,
    read,
)

# --- a valid return --------------------------------------------------------------------


def test_a_valid_return_is_read_into_typed_records():
    result = read(oc2=oc2_file())

    assert result.ok, result.report()
    assert result.errors == [] and result.warnings == []
    c1, c2 = result.headers
    assert (c1.line, c1.child, c1.sex, c1.dob, c1.ethnic) == (
        2,
        "C1",
        "1",
        dt.date(2012, 2, 1),
        "WBRI",
    )
    assert c1.upn == "A123456789012" and c1.mother is None and c1.mc_dob is None
    assert c2.mother is False and c2.upn == "UN3"
    first, current, _ = result.episodes
    assert first.decom == dt.date(2020, 3, 1) and first.dec == dt.date(2021, 6, 5)
    assert (first.rec, first.reason_place_change, first.pl_post) == ("X1", "CARPL", "ME15")
    assert current.is_open and current.dec is None and current.rec == ""
    assert [r.line for r in result.episodes] == [2, 3, 4]
    scored, unscored = result.oc2
    assert scored.sdq_score == 14 and scored.sdq_reason == "" and scored.health_check is True
    assert unscored.sdq_score is None and unscored.sdq_reason == "SDQ5"
    assert unscored.intervention_received is None
    assert result.data is not None and result.data.episodes == result.episodes
    assert result.rows == 2 + 3 + 2


def test_the_records_of_a_rejected_return_cannot_be_read_by_mistake():
    result = read(header=header_file("C1,1,01/02/2012,WBRI,,,", "C2,3,03/04/2010,BAFR,,,"))

    assert not result.ok and result.data is None
    with pytest.raises(ReturnRejected):
        _ = result.episodes


def test_a_return_without_an_oc2_file_is_fine():
    result = read()

    assert result.ok and result.oc2 == []


# --- header ----------------------------------------------------------------------------


def test_a_header_row_without_a_child_id_is_reported():
    error = only_error(read(header=header_file(*HEADER_ROWS, ",1,01/02/2012,WBRI,,,")))

    assert str(error).startswith("header.csv:4: CHILD: is blank;")


def test_a_child_id_over_20_characters_is_reported_not_crashed():
    long_id = "C" * 25
    result = read(header=header_file(*HEADER_ROWS, f"{long_id},1,01/02/2012,WBRI,,,"))

    error = only_error(result)
    assert (error.line, error.column, error.code) == (4, "CHILD", "child_too_long")
    assert "at most 20" in error.message


def test_a_child_listed_twice_in_the_header_is_reported_on_the_second_line_naming_the_first():
    error = only_error(read(header=header_file(*HEADER_ROWS, "C1,1,01/02/2012,WBRI,,,")))

    assert (error.line, error.column, error.code) == (4, "CHILD", "child_duplicate")
    assert "line 2" in error.message


def test_sex_other_than_1_or_2_is_reported_with_the_codes_allowed():
    error = only_error(read(header=header_file("C1,M,01/02/2012,WBRI,,,", HEADER_ROWS[1])))

    assert str(error) == ('header.csv:2: SEX: "M" is not a valid SEX code; use one of 1 (male) or 2 (female).')


def test_a_date_of_birth_in_the_future_is_reported():
    error = only_error(read(header=header_file("C1,1,01/02/2027,WBRI,,,", HEADER_ROWS[1])))

    assert (error.line, error.column, error.code) == (2, "DOB", "date_in_future")
    assert "01/02/2027 is after today (23/11/2026)" in error.message


def test_a_missing_date_of_birth_is_reported():
    error = only_error(read(header=header_file("C1,1,,WBRI,,,", HEADER_ROWS[1])))

    assert (error.column, error.code) == ("DOB", "required")


def test_an_unknown_ethnicity_code_is_reported():
    error = only_error(read(header=header_file("C1,1,01/02/2012,WHIT,,,", HEADER_ROWS[1])))

    assert (error.column, error.code) == ("ETHNIC", "code_invalid")
    assert "WBRI" in error.message


def test_a_malformed_upn_is_reported_and_not_known_codes_are_accepted():
    result = read(header=header_file("C1,1,01/02/2012,WBRI,I12345,,", "C2,2,03/04/2010,BAFR,un2,,"))

    error = only_error(result)
    assert (error.line, error.column, error.code) == (2, "UPN", "upn_invalid")
    assert "UN1–UN5" in error.message


def test_a_boy_recorded_as_a_mother_is_reported():
    error = only_error(read(header=header_file("C1,1,01/02/2008,WBRI,,1,01/01/2025", HEADER_ROWS[1])))

    assert (error.column, error.code) == ("MOTHER", "mother_male")


def test_a_young_mother_and_her_childs_date_of_birth_are_read():
    result = read(header=header_file(HEADER_ROWS[0], "C2,2,03/04/2008,BAFR,,1,05/06/2025"))

    assert result.ok, result.report()
    assert result.headers[1].mother is True
    assert result.headers[1].mc_dob == dt.date(2025, 6, 5)


def test_a_childs_childs_date_of_birth_without_mother_is_reported():
    error = only_error(read(header=header_file(HEADER_ROWS[0], "C2,2,03/04/2008,BAFR,,0,05/06/2025")))

    assert (error.column, error.code) == ("MC_DOB", "mc_dob_not_mother")


def test_a_mother_without_her_childs_date_of_birth_is_reported():
    error = only_error(read(header=header_file(HEADER_ROWS[0], "C2,2,03/04/2008,BAFR,,1,")))

    assert (error.column, error.code) == ("MC_DOB", "required")


# --- episodes: dates and sequences ---------------------------------------------------


def test_an_impossible_date_is_reported_with_the_format_to_use():
    rows = [*EPISODE_ROWS[:2], "C2,31/02/2023,S,V2,N4,K2,PR4,,,,,B1 1AA,SC111111"]

    error = only_error(read(episodes=episodes_file(*rows)))

    assert str(error) == 'episodes.csv:4: DECOM: "31/02/2023" is not a date; use dd/mm/yyyy.'


def test_an_episode_ending_before_it_starts_is_reported_on_its_line():
    rows = [*EPISODE_ROWS[:2], "C2,10/10/2022,S,V2,N4,K2,PR4,01/10/2022,E4A,,,B1 1AA,"]

    error = only_error(read(episodes=episodes_file(*rows)))

    assert (error.line, error.column, error.code) == (4, "DEC", "dec_before_decom")
    assert "01/10/2022 is before the episode started (DECOM 10/10/2022)" in error.message


def test_episode_dates_in_the_future_are_reported():
    rows = [*EPISODE_ROWS[:2], "C2,10/10/2022,S,V2,N4,K2,PR4,01/01/2027,E4A,,,,"]

    error = only_error(read(episodes=episodes_file(*rows)))

    assert (error.line, error.column, error.code) == (4, "DEC", "date_in_future")


def test_overlapping_episodes_are_reported_on_the_later_line_naming_the_earlier():
    rows = [
        "C1,01/03/2020,S,C2,N1,U4,PR1,05/06/2021,E4A,,,,",  # line 2
        "C1,01/05/2021,S,C2,N1,U6,PR4,,,,,,",  # line 3 starts before line 2 ended
        EPISODE_ROWS[2],
    ]

    error = only_error(read(episodes=episodes_file(*rows)))

    assert (error.line, error.column, error.code) == (3, "DECOM", "episode_overlap")
    assert "the episode on line 2 ended (DEC 05/06/2021)" in error.message


def test_overlaps_are_found_even_when_the_file_is_not_in_date_order():
    rows = [
        "C1,01/05/2021,S,C2,N1,U6,PR4,,,,,,",  # line 2: starts during line 4's episode
        EPISODE_ROWS[2],  # line 3: another child in between
        "C1,01/03/2020,S,C2,N1,U4,PR1,05/06/2021,E4A,,,,",  # line 4
    ]

    error = only_error(read(episodes=episodes_file(*rows)))

    assert (error.line, error.code) == (2, "episode_overlap")
    assert "line 4" in error.message


def test_an_episode_starting_inside_an_open_episode_is_an_overlap():
    rows = [
        "C1,01/03/2020,S,C2,N1,U4,PR1,,,,,,",  # line 2: still open
        "C1,01/05/2021,S,C2,N1,U6,PR4,01/06/2021,E4A,,,,",  # line 3
        EPISODE_ROWS[2],
    ]

    error = only_error(read(episodes=episodes_file(*rows)))

    assert (error.line, error.column, error.code) == (3, "DECOM", "episode_overlap")
    assert "line 2" in error.message and "no end date" in error.message


def test_two_open_episodes_for_one_child_are_reported():
    rows = [
        "C1,01/03/2020,S,C2,N1,U4,PR1,,,,,,",  # line 2: open
        "C1,05/06/2021,P,C2,N1,U6,PR4,,,,,,",  # line 3: also open
        EPISODE_ROWS[2],
    ]

    error = only_error(read(episodes=episodes_file(*rows)))

    assert (error.line, error.column, error.code) == (3, "DEC", "second_open_episode")
    assert "line 2" in error.message


def test_an_ended_episode_needs_a_reason_it_ended():
    rows = [*EPISODE_ROWS[:2], "C2,10/10/2022,S,V2,N4,K2,PR4,01/01/2023,,,,,"]

    error = only_error(read(episodes=episodes_file(*rows)))

    assert (error.line, error.column, error.code) == (4, "REC", "required")
    assert "X1" in error.message


def test_an_open_episode_has_no_reason_it_ended():
    rows = [*EPISODE_ROWS[:2], "C2,10/10/2022,S,V2,N4,K2,PR4,,E4A,,,,"]

    error = only_error(read(episodes=episodes_file(*rows)))

    assert (error.line, error.column, error.code) == (4, "REC", "rec_without_dec")


def test_x1_needs_the_next_episode_to_start_the_same_day():
    rows = [
        "C1,01/03/2020,S,C2,N1,U4,PR1,05/06/2021,X1,CARPL,,,",  # line 2
        "C1,07/06/2021,P,C2,N1,U6,PR4,,,,,,",  # line 3: two days later
        EPISODE_ROWS[2],
    ]

    error = only_error(read(episodes=episodes_file(*rows)))

    assert (error.line, error.column, error.code) == (2, "REC", "x1_without_next")
    assert "line 3" in error.message


def test_x1_on_a_childs_last_episode_is_reported():
    rows = [*EPISODE_ROWS[:2], "C2,10/10/2022,S,V2,N4,K2,PR4,01/01/2023,X1,,,,"]

    error = only_error(read(episodes=episodes_file(*rows)))

    assert (error.line, error.code) == (4, "x1_without_next")


def test_an_episode_starting_before_the_child_was_born_is_reported():
    rows = [*EPISODE_ROWS[:2], "C2,10/10/2009,S,V2,N4,K2,PR4,,,,,,"]

    error = only_error(read(episodes=episodes_file(*rows)))

    assert (error.line, error.column, error.code) == (4, "DECOM", "decom_before_dob")


def test_an_episode_for_a_child_with_no_header_row_is_reported():
    rows = [*EPISODE_ROWS, "C9,10/10/2022,S,V2,N4,K2,PR4,,,,,,"]

    error = only_error(read(episodes=episodes_file(*rows)))

    assert str(error).startswith('episodes.csv:5: CHILD: "C9" has no row in header.csv;')


# --- episodes: codes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "index", "bad", "hint"),
    [
        ("RNE", 2, "X", "S"),
        ("LS", 3, "C9", "C1"),
        ("CIN", 4, "N9", "N1–N8"),
        ("PLACE", 5, "U7", "U1–U6"),
        ("PLACE_PROVIDER", 6, "PR9", "PR0–PR5"),
        ("REC", 8, "E99", "E45–E48"),
        ("REASON_PLACE_CHANGE", 9, "MOVED", "CARPL"),
    ],
)
def test_an_invalid_code_is_reported_with_the_codes_allowed(column, index, bad, hint):
    values = EPISODE_ROWS[0].split(",")
    values[index] = bad
    rows = [",".join(values), *EPISODE_ROWS[1:]]

    error = only_error(read(episodes=episodes_file(*rows)))

    assert (error.line, error.column, error.code) == (2, column, "code_invalid")
    assert f'"{bad}" is not a valid {column} code' in error.message and hint in error.message


def test_codes_in_lower_case_or_with_spaces_are_accepted_and_stored_in_standard_form():
    rows = [" C1 ,01/03/2020,s,c2, n1 ,u4,pr1,05/06/2021,x1,carpl,,,", *EPISODE_ROWS[1:]]

    result = read(episodes=episodes_file(*rows))

    assert result.ok, result.report()
    first = result.episodes[0]
    assert (first.child, first.rne, first.ls, first.cin, first.place) == ("C1", "S", "C2", "N1", "U4")
    assert (first.place_provider, first.rec, first.reason_place_change) == ("PR1", "X1", "CARPL")


def test_a_temporary_placement_has_no_provider():
    rows = [*EPISODE_ROWS[:2], "C2,10/10/2022,S,V2,N4,T1,PR4,,,,,,"]

    error = only_error(read(episodes=episodes_file(*rows)))

    assert (error.column, error.code) == ("PLACE_PROVIDER", "provider_not_wanted")


def test_other_placements_need_a_provider():
    rows = [*EPISODE_ROWS[:2], "C2,10/10/2022,S,V2,N4,K2,,,,,,,"]

    error = only_error(read(episodes=episodes_file(*rows)))

    assert (error.column, error.code) == ("PLACE_PROVIDER", "required")


def test_a_missing_required_code_is_reported():
    rows = [*EPISODE_ROWS[:2], "C2,10/10/2022,S,,N4,K2,PR4,,,,,,"]

    error = only_error(read(episodes=episodes_file(*rows)))

    assert (error.column, error.code) == ("LS", "required")


# --- episodes: postcodes and URN -------------------------------------------------------


def test_full_postcodes_sectors_and_districts_are_accepted_and_normalised():
    rows = [
        "C1,01/03/2020,S,C2,N1,U4,PR1,05/06/2021,X1,CARPL,me14  2ll,sw1a1aa,sc123456",
        "C1,05/06/2021,P,C2,N1,U6,PR4,,,,ME14 2,B1,",
        EPISODE_ROWS[2],
    ]

    result = read(episodes=episodes_file(*rows))

    assert result.ok, result.report()
    first, second, _ = result.episodes
    assert (first.home_post, first.pl_post, first.urn) == ("ME14 2LL", "SW1A 1AA", "SC123456")
    assert (second.home_post, second.pl_post, second.urn) == ("ME14 2", "B1", "")


@pytest.mark.parametrize("garbage", ["12345", "ME14 2LLL", "not known", "M E 1"])
def test_a_garbage_postcode_is_reported(garbage):
    rows = [*EPISODE_ROWS[:2], f"C2,10/10/2022,S,V2,N4,K2,PR4,,,,{garbage},B1 1AA,"]

    error = only_error(read(episodes=episodes_file(*rows)))

    assert (error.line, error.column, error.code) == (4, "HOME_POST", "postcode_invalid")
    assert "full postcode" in error.message


def test_an_invalid_urn_is_reported():
    rows = [*EPISODE_ROWS[:2], "C2,10/10/2022,S,V2,N4,K2,PR4,,,,,,SC-12/34"]

    error = only_error(read(episodes=episodes_file(*rows)))

    assert (error.column, error.code) == ("URN", "urn_invalid")


# --- OC2 -------------------------------------------------------------------------------


@pytest.mark.parametrize("score", ["41", "-1", "12.5", "high"])
def test_an_sdq_score_outside_0_to_40_is_reported(score):
    error = only_error(read(oc2=oc2_file(f"C1,01/02/2012,{score},,0,1,1,1,1,0,,")))

    assert (error.line, error.column, error.code) == (2, "SDQ_SCORE", "sdq_score_invalid")
    assert "0 to 40" in error.message


def test_sdq_scores_0_and_40_and_spreadsheet_style_12_0_are_accepted():
    result = read(oc2=oc2_file("C1,01/02/2012,0,,0,1,1,1,1,0,,", "C2,03/04/2010,40,,0,1,1,1,1,0,,"))
    assert [r.sdq_score for r in result.oc2] == [0, 40]
    result = read(oc2=oc2_file("C1,01/02/2012, 12.0 ,,,,,,,,,"))
    assert result.oc2[0].sdq_score == 12


def test_a_blank_sdq_score_needs_a_reason():
    error = only_error(read(oc2=oc2_file("C1,01/02/2012,,,0,1,1,1,1,0,,")))

    assert (error.column, error.code) == ("SDQ_REASON", "sdq_reason_required")
    assert "SDQ1" in error.message and "SDQ5" in error.message


def test_an_sdq_reason_must_be_sdq1_to_sdq5():
    error = only_error(read(oc2=oc2_file("C1,01/02/2012,,SDQ6,0,1,1,1,1,0,,")))

    assert (error.column, error.code) == ("SDQ_REASON", "code_invalid")


def test_a_score_with_a_reason_is_kept_with_a_warning():
    result = read(oc2=oc2_file("C1,01/02/2012,12,SDQ4,0,1,1,1,1,0,,"))

    assert result.ok
    assert [w.code for w in result.warnings] == ["sdq_reason_with_score"]
    assert (result.oc2[0].sdq_score, result.oc2[0].sdq_reason) == (12, "SDQ4")


def test_an_oc2_row_for_a_child_with_no_header_row_is_reported():
    error = only_error(read(oc2=oc2_file("C9,01/02/2012,12,,,,,,,,,")))

    assert (error.file, error.column, error.code) == ("oc2.csv", "CHILD", "child_not_in_header")


def test_an_oc2_date_of_birth_must_match_the_header():
    error = only_error(read(oc2=oc2_file("C1,02/02/2012,12,,,,,,,,,")))

    assert (error.column, error.code) == ("DOB", "dob_mismatch")
    assert "01/02/2012" in error.message


def test_a_child_with_two_oc2_rows_is_reported():
    result = read(oc2=oc2_file("C1,01/02/2012,12,,,,,,,,,", "C1,01/02/2012,13,,,,,,,,,"))

    assert codes(result) == [("oc2.csv", 3, "CHILD", "child_duplicate")]


def test_a_yes_no_flag_other_than_0_or_1_is_reported():
    error = only_error(read(oc2=oc2_file("C1,01/02/2012,12,,0,1,maybe,1,1,0,,")))

    assert (error.column, error.code) == ("IMMUNISATIONS", "flag_invalid")


def test_an_oc2_file_with_only_the_required_columns_is_accepted():
    oc2 = "CHILD,DOB,SDQ_SCORE,SDQ_REASON\r\nC1,01/02/2012,14,\r\nC2,03/04/2010,,SDQ1\r\n"

    result = read(oc2=oc2)

    assert result.ok, result.report()
    assert result.oc2[0].sdq_score == 14 and result.oc2[0].convicted is None


# --- whole-return behaviour ----------------------------------------------------------


def test_a_file_with_three_different_errors_reports_all_three():
    rows = [
        "C1,01/03/2020,S,C2,N1,U4,PR1,05/06/2021,X1,CARPL,ME14 2LL,ME15,SC123456",
        "C1,05/06/2021,P,C2,N1,U9,PR4,,,,ME14 2LL,TN1 1AA,SC654321",  # bad PLACE
        "C2,10/13/2022,S,V2,N4,K2,PR4,,,,,B1 1AA,SC111111",  # bad DECOM
        "C2,10/10/2023,S,V2,N4,K2,PR4,,,,,??,",  # bad PL_POST (and DECOM fine)
    ]

    result = read(episodes=episodes_file(*rows))

    assert codes(result) == [
        ("episodes.csv", 3, "PLACE", "code_invalid"),
        ("episodes.csv", 4, "DECOM", "date_invalid"),
        ("episodes.csv", 5, "PL_POST", "postcode_invalid"),
    ]


def test_errors_in_all_three_files_are_collected_and_sorted_by_file_and_line():
    result = read(
        header=header_file("C1,1,01/02/2012,WBRI,,,", "C2,2,03/04/2010,XXXX,,,"),
        episodes=episodes_file(*EPISODE_ROWS, "C1,01/01/2020,S,C2,N1,U4,PR1,,,,,,"),
        oc2=oc2_file("C2,03/04/2010,99,,,,,,,,,"),
    )

    # Line 5 starts earliest and never ends, so line 2 starts inside it and line 3 is a
    # second open episode: both are reported on their own (later-starting) lines.
    assert codes(result) == [
        ("header.csv", 3, "ETHNIC", "code_invalid"),
        ("episodes.csv", 2, "DECOM", "episode_overlap"),
        ("episodes.csv", 3, "DEC", "second_open_episode"),
        ("oc2.csv", 2, "SDQ_SCORE", "sdq_score_invalid"),
    ]
    assert all(str(e).startswith(f"{e.file}:{e.line}: ") for e in result.errors)


def test_reading_leaves_the_garbage_collector_as_it_found_it():
    assert gc.isenabled()
    read()
    assert gc.isenabled()
    gc.disable()
    try:
        read()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_progress_is_reported_while_reading_and_ends_complete():
    files = as_files(generate_return(3000, seed=5))
    calls: list[tuple[int, int]] = []

    result = read_return(*files, today=TODAY, progress=lambda done, total: calls.append((done, total)))

    assert result.ok
    assert len(calls) > 3  # a bar would move, not jump from 0 to 100%
    assert {total for _, total in calls} == {result.rows}
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert calls[-1] == (result.rows, result.rows)


def test_every_row_with_a_bad_postcode_is_reported_even_when_repeated():
    rows = [
        "C1,01/03/2020,S,C2,N1,U4,PR1,05/06/2021,X1,CARPL,ME14 ZZZ,me15 2,sc123456",
        "C1,05/06/2021,P,C2,N1,U6,PR4,,,,ME14 ZZZ,me15 2,sc123456",
        EPISODE_ROWS[2],
    ]

    result = read(episodes=episodes_file(*rows))

    assert codes(result) == [
        ("episodes.csv", 2, "HOME_POST", "postcode_invalid"),
        ("episodes.csv", 3, "HOME_POST", "postcode_invalid"),
    ]


def test_repeated_untidy_postcodes_and_urns_are_tidied_on_every_row():
    rows = [
        "C1,01/03/2020,S,C2,N1,U4,PR1,05/06/2021,X1,CARPL,me14 2ll,me15 2,sc123456",
        "C1,05/06/2021,P,C2,N1,U6,PR4,,,,me14 2ll,me15 2,sc123456",
        EPISODE_ROWS[2],
    ]

    result = read(episodes=episodes_file(*rows))

    assert [(e.home_post, e.pl_post, e.urn) for e in result.episodes[:2]] == [
        ("ME14 2LL", "ME15 2", "SC123456"),
        ("ME14 2LL", "ME15 2", "SC123456"),
    ]
