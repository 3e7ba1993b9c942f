"""Stage timing: the first-contact target counts working days in England, skipping
weekends and bank holidays, and an enquiry sent at the weekend counts from Monday."""

import datetime as dt

from fostering.enquiries.measures import first_contact_measure
from fostering.enquiries.working_days import (
    BANK_HOLIDAYS_ENGLAND_AND_WALES,
    is_working_day,
    received_on,
    working_days_between,
    working_days_to,
)

from .factories import at


def test_weekends_and_bank_holidays_are_not_working_days():
    assert is_working_day(dt.date(2026, 11, 23))  # a Monday
    assert not is_working_day(dt.date(2026, 11, 21))  # Saturday
    assert not is_working_day(dt.date(2026, 12, 25))  # Christmas Day
    assert not is_working_day(dt.date(2026, 12, 28))  # substitute for Boxing Day on a Saturday
    assert not is_working_day(dt.date(2027, 3, 26))  # Good Friday 2027
    assert len([d for d in BANK_HOLIDAYS_ENGLAND_AND_WALES if d.year == 2025]) == 8


def test_contact_on_the_next_working_day_meets_the_target():
    assert working_days_to(at("2026-11-23", 9), at("2026-11-23", 16)) == 0
    assert working_days_to(at("2026-11-23"), at("2026-11-24")) == 1
    assert working_days_to(at("2026-11-23"), at("2026-11-25")) == 2


def test_an_enquiry_on_friday_evening_contacted_on_monday_is_one_working_day():
    assert working_days_to(at("2026-11-20", 19), at("2026-11-23", 11)) == 1


def test_an_enquiry_sent_on_saturday_counts_as_received_on_monday():
    assert received_on(at("2026-11-21", 12)) == dt.date(2026, 11, 23)
    assert working_days_to(at("2026-11-21"), at("2026-11-24")) == 1


def test_christmas_and_boxing_day_substitute_are_skipped():
    # Thursday 24 December 2026 → next working day is Tuesday 29 December.
    assert working_days_between(dt.date(2026, 12, 24), dt.date(2026, 12, 29)) == 1
    assert working_days_to(at("2026-12-24", 15), at("2026-12-29", 10)) == 1


def test_easter_2025_is_skipped():
    # Thursday 17 April 2025 → Good Friday and Easter Monday are holidays → Tuesday 22 is 1 working day.
    assert working_days_between(dt.date(2025, 4, 17), dt.date(2025, 4, 22)) == 1


def test_first_contact_measure_counts_within_target_waiting_and_overdue():
    rows = [
        (at("2026-11-20", 19), at("2026-11-23", 9)),  # Fri evening → Mon: 1 day, met
        (at("2026-11-16"), at("2026-11-16", 15)),  # same day: 0, met
        (at("2026-11-16"), at("2026-11-19")),  # 3 days: missed
        (at("2026-11-16"), None),  # never contacted, long overdue
        (at("2026-11-23", 9), None),  # waiting, still within target on 24th
    ]
    m = first_contact_measure(rows, now=at("2026-11-24", 12))
    assert (m.contacted, m.within_target, m.waiting, m.waiting_overdue) == (3, 2, 2, 1)
    assert m.median_working_days == 1
    assert round(m.share_within_target, 3) == 0.667
