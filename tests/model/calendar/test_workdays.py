"""The working-day calendar: weekends, statutory holidays, make-up days, missing years."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from model.calendar.workdays import WorkCalendar, load_calendar

D = dt.date


def test_plain_weekend_is_rest_and_weekday_is_work() -> None:
    calendar = WorkCalendar()
    assert calendar.is_workday(D(2030, 3, 4))  # Monday
    assert not calendar.is_workday(D(2030, 3, 2))  # Saturday
    assert calendar.roll_forward(D(2030, 3, 2)) == D(2030, 3, 4)
    assert calendar.roll_forward(D(2030, 3, 5)) == D(2030, 3, 5)


def test_holiday_and_makeup_day_override_the_weekday_rule() -> None:
    calendar = WorkCalendar(
        holidays=frozenset({D(2026, 10, 1), D(2026, 10, 2)}),
        workdays=frozenset({D(2026, 10, 10)}),
        known_years=frozenset({2026}),
    )
    assert not calendar.is_workday(D(2026, 10, 1))
    assert calendar.is_workday(D(2026, 10, 10))  # a Saturday worked (调休)
    assert calendar.roll_forward(D(2026, 10, 1)) == D(2026, 10, 5)


def test_missing_years_lists_years_without_data() -> None:
    calendar = WorkCalendar(known_years=frozenset({2026}))
    assert calendar.missing_years(D(2026, 5, 1), None, D(2030, 1, 1), D(2027, 2, 2)) == [
        2027,
        2030,
    ]
    assert calendar.missing_years(D(2026, 1, 1)) == []


def test_seeded_calendar_knows_2026_national_day(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        calendar = load_calendar(session)
    assert 2026 in calendar.known_years
    assert 2030 not in calendar.known_years
    assert not calendar.is_workday(D(2026, 10, 7))
    assert calendar.is_workday(D(2026, 10, 10))  # Saturday 调休上班
    assert calendar.is_workday(D(2026, 9, 20))  # Sunday 调休上班
    assert calendar.roll_forward(D(2026, 10, 1)) == D(2026, 10, 8)
