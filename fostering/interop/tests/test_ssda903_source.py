"""Whole files: encodings, column names, and files that are not SSDA903 CSV at all.

A user who uploads the wrong thing (an Excel workbook, an empty export, a tab-separated
file) should get one clear sentence, not a crash and not a thousand row errors.
"""

from __future__ import annotations

import io

from fostering.interop.ssda903 import read_return

from .ssda903_helpers import (
    EPISODE_COLUMNS,
    EPISODE_ROWS,
    HEADER_ROWS,
    TODAY,
    codes,
    episodes_file,
    header_file,
    only_error,
    read,
)

# --- encodings -------------------------------------------------------------------------


def test_utf8_with_a_byte_order_mark_is_read():
    result = read(header=b"\xef\xbb\xbf" + header_file().encode("utf-8"))

    assert result.ok, result.report()
    assert result.headers[0].child == "C1"
    assert result.warnings == []


def test_a_windows_1252_file_is_read_with_a_warning():
    # "é" and "£" in an ignored notes column are bytes 0xE9 and 0xA3 in cp1252: not UTF-8.
    text = header_file().replace("MC_DOB", "MC_DOB,NOTES")
    text = text.replace("A123456789012,,", "A123456789012,,,Zoé owes £5")
    text = text.replace("UN3,0,", "UN3,0,,")

    result = read(header=text.encode("cp1252"))

    assert result.ok, result.report()
    assert [w.code for w in result.warnings] == ["encoding", "column_unknown"]


def test_utf16_with_a_byte_order_mark_is_read():
    result = read(episodes=episodes_file().encode("utf-16"))

    assert result.ok, result.report()


def test_an_empty_file_gets_one_clear_error():
    error = only_error(read(episodes=b""))

    assert (error.file, error.line, error.column, error.code) == (
        "episodes.csv",
        1,
        "",
        "file_empty",
    )
    assert str(error).startswith("episodes.csv:1: This file is empty;")


def test_a_file_of_blank_lines_is_empty_too():
    assert only_error(read(header=b"\r\n  \r\n\r\n")).code == "file_empty"


def test_a_binary_file_gets_one_clear_error():
    error = only_error(read(episodes=bytes(range(256)) * 40))

    assert error.code == "file_binary"
    assert "not a CSV text file" in error.message


def test_an_excel_workbook_gets_one_clear_error_saying_how_to_save_as_csv():
    error = only_error(read(header=b"PK\x03\x04" + b"\x00" * 100))

    assert error.code == "file_is_excel"
    assert "CSV" in error.message


def test_a_tab_separated_file_is_reported_as_not_comma_separated():
    text = episodes_file().replace(",", "\t")

    error = only_error(read(episodes=text))

    assert error.code == "not_comma_separated" and "tabs" in error.message


def test_a_file_that_is_not_an_ssda903_table_gets_one_error():
    error = only_error(read(episodes="name,address\r\nAnn,1 High St\r\n"))

    assert error.code == "not_ssda903"
    assert "CHILD, DECOM" in error.message


def test_a_missing_header_file_is_reported():
    result = read_return(None, episodes_file().encode(), today=TODAY)  # type: ignore[arg-type]

    assert codes(result) == [("header.csv", 1, "", "file_missing")]


# --- columns ---------------------------------------------------------------------------


def test_column_names_are_matched_ignoring_case_and_surrounding_spaces():
    text = episodes_file().replace("CHILD,DECOM", " child , Decom ")

    result = read(episodes=text)

    assert result.ok, result.report()


def test_columns_may_come_in_any_order():
    columns = EPISODE_COLUMNS.split(",")
    rows = [r.split(",") for r in EPISODE_ROWS]
    order = list(reversed(range(len(columns))))
    text = "\r\n".join(",".join(line[i] for i in order) for line in [columns, *rows]) + "\r\n"

    result = read(episodes=text)

    assert result.ok, result.report()
    assert result.episodes[0].urn == "SC123456"


def test_an_unknown_column_is_ignored_with_a_warning():
    text = (
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,FAVOURITE_COLOUR\r\n"
        "C1,1,01/02/2012,WBRI,,,,blue\r\n"
        "C2,2,03/04/2010,BAFR,,,,green\r\n"
    )

    result = read(header=text)

    assert result.ok, result.report()
    assert [str(w) for w in result.warnings] == [
        "header.csv:1: FAVOURITE_COLOUR: is not a column of the SSDA903 header file, so it was ignored."
    ]


def test_a_missing_required_column_is_an_error_naming_it():
    text = "CHILD,SEX,ETHNIC\r\nC1,1,WBRI\r\n"

    error = only_error(read(header=text))

    assert (error.line, error.column, error.code) == (1, "DOB", "column_missing")
    assert "The column DOB is missing" in error.message


def test_missing_optional_columns_are_read_as_blank():
    header = "CHILD,SEX,DOB,ETHNIC\r\nC1,1,01/02/2012,WBRI\r\nC2,2,03/04/2010,BAFR\r\n"
    episodes = (
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\r\n"
        "C1,01/03/2020,S,C2,N1,U4,PR1,,\r\n"
        "C2,10/10/2022,S,V2,N4,K2,PR4,,\r\n"
    )

    result = read(header=header, episodes=episodes)

    assert result.ok, result.report()
    assert result.headers[0].upn == "" and result.headers[0].mother is None
    assert result.episodes[0].home_post == "" and result.episodes[0].urn == ""


def test_a_column_named_twice_is_reported():
    text = "CHILD,SEX,DOB,DOB,ETHNIC\r\nC1,1,01/02/2012,01/02/2012,WBRI\r\n"

    error = only_error(read(header=text))

    assert (error.column, error.code) == ("DOB", "column_duplicate")


# --- rows ------------------------------------------------------------------------------


def test_a_header_row_of_the_wrong_width_does_not_also_orphan_the_childs_episodes():
    result = read(header=header_file(HEADER_ROWS[0], "C2,2,03/04/2010,BAFR"))

    assert codes(result) == [("header.csv", 3, "", "row_width")]


def test_a_row_with_too_few_or_too_many_values_is_reported():
    rows = [*EPISODE_ROWS, "C2,10/10/2023,S,V2", "C2,10/10/2023,S,V2,N4,K2,PR4,,,,,,,extra"]

    result = read(episodes=episodes_file(*rows))

    assert codes(result) == [
        ("episodes.csv", 5, "", "row_width"),
        ("episodes.csv", 6, "", "row_width"),
    ]
    assert "has 4 values but the first line names 13 columns" in result.errors[0].message


def test_blank_lines_and_rows_of_empty_cells_are_skipped_and_lines_stay_physical():
    rows = [
        EPISODE_ROWS[0],
        "",  # line 3
        ",,,,,,,,,,,,",  # line 4
        EPISODE_ROWS[1],  # line 5
        "C2,10/10/2022,S,V2,N4,K2,PR4,,,,,B1 1AA,SC111111,,,",  # line 6: empty extra cells
    ]

    result = read(episodes=episodes_file(*rows))

    assert result.ok, result.report()
    assert [r.line for r in result.episodes] == [2, 5, 6]


def test_a_quoted_value_spanning_lines_keeps_later_line_numbers_physical():
    header = (
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,NOTE\r\n"
        'C1,1,01/02/2012,WBRI,,,,"two\r\nlines"\r\n'  # lines 2-3
        "C2,2,03/04/2010,XXXX,,,,\r\n"  # line 4
    )

    result = read(header=header)

    assert codes(result) == [("header.csv", 4, "ETHNIC", "code_invalid")]


def test_a_value_over_200_characters_is_an_error_not_a_crash():
    rows = [*EPISODE_ROWS[:2], "C2,10/10/2022,S,V2,N4,K2,PR4,,,," + "A" * 250 + ",,"]

    error = only_error(read(episodes=episodes_file(*rows)))

    assert (error.line, error.column, error.code) == (4, "HOME_POST", "value_too_long")
    assert "250 characters long" in error.message
    assert len(error.message) < 300  # the value itself is not echoed back


def test_a_value_too_big_for_the_csv_reader_is_an_error_and_later_rows_are_still_read():
    rows = [
        EPISODE_ROWS[0],
        EPISODE_ROWS[1],
        "C2,10/10/2022,S,V2,N4,K2,PR4,,,," + "A" * 200_000 + ",,",  # line 4
        "C2,31/02/2023,S,V2,N4,K2,PR4,,,,,,",  # line 5: still checked
    ]

    result = read(episodes=episodes_file(*rows))

    assert codes(result) == [
        ("episodes.csv", 4, "", "csv_invalid"),
        ("episodes.csv", 5, "DECOM", "date_invalid"),
    ]


def test_a_huge_header_name_or_child_id_does_not_crash():
    result = read(header=header_file(*HEADER_ROWS, "C" * 5000 + ",1,01/02/2012,WBRI,,,"))

    assert codes(result) == [("header.csv", 4, "CHILD", "child_too_long")]
    assert len(str(result.errors[0])) < 300


# --- kinds of input ----------------------------------------------------------------------


def test_paths_binary_uploads_and_text_files_are_accepted(tmp_path):
    header_path = tmp_path / "la_header_2026.csv"
    header_path.write_text(header_file(*HEADER_ROWS[:1], "C2,2,03/04/2010,XXXX,,,"))
    upload = io.BytesIO(episodes_file().encode())

    result = read_return(header_path, upload, io.StringIO(""), today=TODAY)

    # Messages use the file's own name when it has one, else the standard name.
    assert [(e.file, e.code) for e in result.errors] == [
        ("la_header_2026.csv", "code_invalid"),
        ("oc2.csv", "file_empty"),
    ]


def test_names_given_by_the_caller_are_used_in_messages():
    result = read(
        episodes=episodes_file(*EPISODE_ROWS, "C9,10/10/2022,S,V2,N4,K2,PR4,,,,,,"),
        names=("h.csv", "upload-17.csv"),
    )

    assert str(result.errors[0]).startswith('upload-17.csv:5: CHILD: "C9" has no row in h.csv')


def test_a_path_that_does_not_exist_is_reported_not_raised(tmp_path):
    result = read_return(tmp_path / "nope.csv", episodes_file().encode(), today=TODAY)

    assert codes(result) == [("nope.csv", 1, "", "file_unreadable")]


def test_bytes_that_are_not_even_windows_1252_are_read_as_latin_1():
    # 0x81 is undefined in cp1252; Latin-1 decodes anything, so the file still loads.
    text = "CHILD,SEX,DOB,ETHNIC,NOTE\r\nC1,1,01/02/2012,WBRI,x\x81y\r\nC2,2,03/04/2010,BAFR,\r\n"

    result = read(header=text.encode("latin-1"))

    assert result.ok, result.report()
    assert "encoding" in [w.code for w in result.warnings]
