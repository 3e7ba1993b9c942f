"""Single values: the date formats real files carry, postcodes, and code lists in messages."""

from __future__ import annotations

import datetime as dt

import pytest

from fostering.interop.ssda903.values import (
    INVALID,
    DateParser,
    describe_codes,
    format_date,
    normalise_postcode,
)

from .ssda903_helpers import EPISODE_ROWS, TODAY, episodes_file, header_file, read


def parse(text: str, today: dt.date = TODAY) -> object:
    return DateParser(today).parse(text, line=2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/03/2020", dt.date(2020, 3, 5)),
        ("5/3/2020", dt.date(2020, 3, 5)),  # spreadsheets drop leading zeros
        ("2020-03-05", dt.date(2020, 3, 5)),  # ISO
        ("05/03/2020 00:00:00", dt.date(2020, 3, 5)),  # Excel's midnight
        (" 05/03/2020 ", dt.date(2020, 3, 5)),
        ("", None),
        ("31/02/2023", INVALID),
        ("05-03-2020", INVALID),
        ("2020/03/05", INVALID),
        ("05/03/0020", INVALID),  # a typing mistake, not the year 20
        ("yesterday", INVALID),
    ],
)
def test_dates_in_the_formats_real_files_carry(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/03/98", dt.date(1998, 3, 5)),  # 2098 would be in the future
        ("05/03/24", dt.date(2024, 3, 5)),
        ("23/11/26", dt.date(2026, 11, 23)),  # today itself is not the future
        ("30/12/26", dt.date(1926, 12, 30)),  # after today in 2026, so the 1900s
        ("29/02/00", dt.date(2000, 2, 29)),
    ],
)
def test_two_digit_years_are_20yy_unless_that_is_after_today_then_19yy(text, expected):
    assert parse(text) == expected


def test_a_file_with_two_digit_years_is_accepted_with_one_warning():
    header = header_file("C1,1,01/02/12,WBRI,,,", "C2,2,03/04/10,BAFR,,,")
    rows = ["C1,01/03/20,S,C2,N1,U4,PR1,05/06/21,X1,CARPL,,,", *EPISODE_ROWS[1:]]

    result = read(header=header, episodes=episodes_file(*rows))

    assert result.ok, result.report()
    assert result.headers[0].dob == dt.date(2012, 2, 1)
    assert result.episodes[0].dec == dt.date(2021, 6, 5)
    assert [(w.file, w.line, w.code) for w in result.warnings] == [
        ("header.csv", 2, "two_digit_year"),
        ("episodes.csv", 2, "two_digit_year"),
    ]
    assert '"01/02/12" on this line, was read as 01/02/2012' in result.warnings[0].message


def test_a_date_of_birth_in_two_digits_from_the_last_century_is_read_as_such():
    result = read(header=header_file("C1,1,01/02/12,WBRI,,,", "C2,2,03/04/99,BAFR,,,"))

    assert result.headers[1].dob == dt.date(1999, 4, 3)


def test_dates_are_written_as_dd_mm_yyyy():
    assert format_date(dt.date(2020, 3, 5)) == "05/03/2020"
    assert format_date(None) == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ME14 2LL", "ME14 2LL"),
        ("me14 2ll", "ME14 2LL"),
        ("ME142LL", "ME14 2LL"),
        ("  SW1A   1AA ", "SW1A 1AA"),
        ("B11AA", "B1 1AA"),
        ("ME14 2", "ME14 2"),  # sector
        ("me14", "ME14"),  # district
        ("EC1A", "EC1A"),
        ("", ""),
        ("12345", None),
        ("ME14 2LLL", None),
        ("N/A", None),
        ("ME14-2LL", None),
    ],
)
def test_postcodes_districts_and_sectors_are_normalised_and_garbage_rejected(raw, expected):
    assert normalise_postcode(raw) == expected


def test_code_lists_in_messages_fold_runs_into_ranges():
    assert describe_codes(["U3", "U1", "U2", "U4", "U5", "U6", "K2", "K1"]) == "K1, K2, U1–U6"
    assert describe_codes(["PR0", "PR1", "PR2", "PR3", "PR4", "PR5"]) == "PR0–PR5"
    assert describe_codes(["S", "L", "P"]) == "L, P, S"
