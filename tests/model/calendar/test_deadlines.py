"""Due-date arithmetic, rule by rule (第五条, 第八条, 第九条)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker

from model.calendar.deadlines import (
    add_months,
    close_open_ranges,
    days_left_at_suspension,
    due_date,
    excluded_days,
    final_closing_allowed,
    next_property_check,
    property_check_dates,
)
from model.calendar.workdays import WorkCalendar, load_calendar

D = dt.date
PLAIN = WorkCalendar()  # weekends only


@pytest.fixture
def seeded(sessions: sessionmaker[Session]) -> WorkCalendar:
    with sessions() as session:
        return load_calendar(session)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # no 31st in February
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2026, 5, 28), 3, D(2026, 8, 28)),  # same day
        (D(2026, 8, 31), 6, D(2027, 2, 28)),  # across the year end
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2023, 8, 29), 6, D(2024, 2, 29)),
        (D(2026, 1, 15), 0, D(2026, 1, 15)),
    ],
)
def test_add_months_same_day_or_month_end(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected


def test_excluded_range_counts_both_ends_across_a_month_end() -> None:
    assert excluded_days([(D(2026, 1, 30), D(2026, 2, 2))]) == 4
    assert excluded_days([(D(2026, 3, 5), D(2026, 3, 5))]) == 1


def test_overlapping_and_adjacent_ranges_count_once() -> None:
    ranges = [
        (D(2026, 3, 1), D(2026, 3, 10)),
        (D(2026, 3, 5), D(2026, 3, 15)),  # overlaps: 1–15 = 15 days
        (D(2026, 3, 16), D(2026, 3, 16)),  # adjacent: +1
        (D(2026, 4, 1), D(2026, 4, 2)),  # apart: +2
    ]
    assert excluded_days(ranges) == 18
    assert excluded_days([(D(2026, 3, 1), D(2026, 3, 31)), (D(2026, 3, 2), D(2026, 3, 3))]) == 31


def test_open_range_counts_only_up_to_until() -> None:
    ranges = [(D(2026, 3, 1), None), (D(2026, 2, 1), D(2026, 2, 2))]
    assert excluded_days(ranges) == 2
    assert excluded_days(ranges, until=D(2026, 3, 10)) == 12
    assert excluded_days([(D(2026, 3, 1), D(2026, 3, 31))], until=D(2026, 3, 10)) == 10
    assert close_open_ranges(ranges, D(2026, 3, 4))[0] == (D(2026, 3, 1), D(2026, 3, 4))


def test_due_date_order_months_then_excluded_then_roll_forward() -> None:
    # 2026-01-31 + 1 month = 02-28 (Sat); +3 excluded days = 03-03 (Tue), a working day.
    # Rolling first (to 03-02) and adding after would give 03-05: the order matters.
    ranges = [(D(2026, 2, 10), D(2026, 2, 12))]
    assert due_date(D(2026, 1, 31), 1, 0, ranges, PLAIN) == D(2026, 3, 3)


def test_extension_months_are_added_before_excluded_days() -> None:
    # 2026-01-31 + (1 + 3) months = 05-31 (Sunday) → Monday 06-01.
    assert due_date(D(2026, 1, 31), 1, 3, [], PLAIN) == D(2026, 6, 1)


def test_due_date_on_a_weekend_rolls_to_monday(seeded: WorkCalendar) -> None:
    # 2026-02-14 is a make-up Saturday; 2026-03-14 is an ordinary Saturday.
    assert due_date(D(2026, 2, 14), 1, 0, [], seeded) == D(2026, 3, 16)


def test_due_date_on_a_holiday_rolls_past_the_holiday(seeded: WorkCalendar) -> None:
    # 2026-09-01 + 1 month = 10-01, 国庆节 (10-01 … 10-07): next working day 10-08.
    assert due_date(D(2026, 9, 1), 1, 0, [], seeded) == D(2026, 10, 8)


def test_due_date_on_a_makeup_saturday_stays(seeded: WorkCalendar) -> None:
    # 2026-10-10 is a Saturday worked in exchange for the National Day holiday.
    assert due_date(D(2026, 9, 10), 1, 0, [], seeded) == D(2026, 10, 10)
    assert due_date(D(2026, 9, 10), 1, 0, [], PLAIN) == D(2026, 10, 12)


def test_holidays_inside_the_period_are_not_deducted(seeded: WorkCalendar) -> None:
    # 2026-09-15 + 1 month = 10-15 (Thursday), though 10-01 … 10-07 lie inside.
    assert due_date(D(2026, 9, 15), 1, 0, [], seeded) == D(2026, 10, 15)


def test_year_without_holiday_data_still_skips_weekends(seeded: WorkCalendar) -> None:
    # 2027-01-01 would be New Year's Day, but 2027 has no data: only the weekend counts.
    assert seeded.missing_years(D(2027, 1, 1)) == [2027]
    assert due_date(D(2026, 12, 1), 1, 0, [], seeded) == D(2027, 1, 1)  # a Friday
    assert due_date(D(2029, 12, 2), 6, 0, [], seeded) == D(2030, 6, 3)  # Sunday → Monday
    assert seeded.missing_years(D(2030, 6, 3)) == [2030]


def test_open_range_stops_the_clock() -> None:
    assert due_date(D(2026, 3, 2), 6, 0, [(D(2026, 4, 1), None)], PLAIN) is None


def test_days_left_at_suspension() -> None:
    # Due 2026-04-02 (Thu); suspended from 03-20: 13 days were left.
    ranges = [(D(2026, 3, 20), None)]
    assert days_left_at_suspension(D(2026, 3, 2), 1, 0, ranges, PLAIN) == 13
    # An earlier closed period moves the due date on first: one day more (04-03, Fri).
    ranges.append((D(2026, 3, 5), D(2026, 3, 5)))
    assert days_left_at_suspension(D(2026, 3, 2), 1, 0, ranges, PLAIN) == 14
    assert days_left_at_suspension(D(2026, 3, 2), 1, 0, ranges[1:], PLAIN) is None


def test_property_checks_every_six_months_for_five_years() -> None:
    dates = property_check_dates(D(2026, 8, 31))
    assert len(dates) == 10
    assert dates[0] == D(2027, 2, 28)
    assert dates[1] == D(2027, 8, 31)
    assert dates[-1] == D(2031, 8, 31)
    assert next_property_check(D(2026, 8, 31), D(2027, 3, 1)) == D(2027, 8, 31)
    assert next_property_check(D(2026, 8, 31), D(2027, 2, 28)) == D(2027, 2, 28)
    assert next_property_check(D(2026, 8, 31), D(2031, 9, 1)) is None


def test_final_closing_needs_more_than_three_months() -> None:
    assert not final_closing_allowed(D(2026, 1, 31), D(2026, 4, 30))
    assert final_closing_allowed(D(2026, 1, 31), D(2026, 5, 1))
