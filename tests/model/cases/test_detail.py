"""The detail view: facts, clocks, 终本 checks, missing holiday years, history."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from model.cases.detail import case_detail
from model.cases.events.closing import FINAL_CONDITIONS, close_case
from model.cases.events.periods import record_excluded_period
from model.entities import Track
from tests.factories import make_case, person_by_name

D = dt.date


def test_history_names_who_did_each_thing(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case_id = make_case(s, filing_date=D(2026, 3, 2)).id
        clerk = person_by_name(s, "高博").id
    record_excluded_period(
        sessions, case_id, "中止执行", D(2026, 3, 10), None, "破产", clerk, D(2026, 3, 11)
    )
    detail = case_detail(sessions, case_id, D(2026, 3, 11))
    assert [(line.actor, line.kind) for line in detail.history] == [("高博", "exclusion")]
    assert detail.open_period_id is not None and detail.days_left is None
    assert detail.days_left_at_suspension == 23


def test_final_closing_shows_property_checks(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case_id = make_case(s, filing_date=D(2026, 1, 5), track=Track.ORDINARY).id
    close_case(
        sessions,
        case_id,
        D(2026, 5, 6),
        "终结本次执行程序",
        1,
        dict.fromkeys(FINAL_CONDITIONS, True),
        today=D(2026, 5, 6),
    )
    detail = case_detail(sessions, case_id, D(2027, 1, 1))
    assert detail.property_checks[0] == D(2026, 11, 6)
    assert len(detail.property_checks) == 10
    assert detail.next_property_check == D(2027, 5, 6)


def test_missing_holiday_years_are_reported(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case_id = make_case(s, filing_date=D(2026, 10, 12), track=Track.ORDINARY).id
    detail = case_detail(sessions, case_id, D(2026, 10, 12))
    assert detail.due_date == D(2027, 4, 12)
    assert detail.missing_years == (2027,)
    assert detail.judge == "姜福义" and detail.team == "执行普执团队"
