"""The stored clock of a case: both limits, extensions, periods, closing, transfer."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from model.calendar.clock import (
    NO_EVENTS,
    FilingFacts,
    compute_clock,
    new_case_clock,
    refresh_all_clocks,
    refresh_case_clock,
)
from model.calendar.workdays import WorkCalendar
from model.entities import CaseStatus, Closing, ExcludedPeriod, Extension, Holiday, Track
from tests.factories import make_case

D = dt.date


def test_simple_case_has_one_month_and_statutory_six(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case = make_case(s, filing_date=D(2026, 3, 2), track=Track.SIMPLE)
        assert case.due_date == D(2026, 4, 2)
        assert case.statutory_due_date == D(2026, 9, 2)
        assert case.status is CaseStatus.PENDING


def test_non_litigation_statutory_limit_is_three_months(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case = make_case(s, filing_date=D(2026, 3, 2), track=Track.ORDINARY, non_litigation=True)
        assert case.due_date == D(2026, 9, 2)
        assert case.statutory_due_date == D(2026, 6, 2)


def test_extension_and_closed_period_move_both_limits(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case = make_case(s, filing_date=D(2026, 3, 2), track=Track.ORDINARY)
        s.add(
            Extension(
                case_id=case.id,
                months=3,
                approver_name="赵",
                approver_title="院长",
                approved_on=D(2026, 8, 20),
            )
        )
        s.add(
            ExcludedPeriod(
                case_id=case.id, kind="拍卖、变卖", start=D(2026, 5, 1), end=D(2026, 5, 10)
            )
        )
        refresh_case_clock(s, case)
        # 2026-03-02 + 9 months = 12-02; + 10 days = 12-12 (Sat) → 12-14.
        assert case.due_date == D(2026, 12, 14)
        assert case.statutory_due_date == D(2026, 12, 14)


def test_voided_entries_do_not_count(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case = make_case(s, filing_date=D(2026, 3, 2), track=Track.SIMPLE)
        s.add(
            Extension(
                case_id=case.id,
                months=3,
                approver_name="赵",
                approver_title="院长",
                approved_on=D(2026, 3, 20),
                voided_at=dt.datetime(2026, 3, 21),
            )
        )
        refresh_case_clock(s, case)
        assert case.due_date == D(2026, 4, 2)


def test_open_suspension_stops_clock_and_keeps_days_left(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case = make_case(s, filing_date=D(2026, 3, 2), track=Track.SIMPLE)
        period = ExcludedPeriod(case_id=case.id, kind="中止执行", start=D(2026, 3, 20))
        s.add(period)
        refresh_case_clock(s, case)
        assert case.status is CaseStatus.SUSPENDED
        assert case.due_date is None and case.statutory_due_date is None
        assert case.days_left_at_suspension == 13
        period.end = D(2026, 3, 29)  # 10 days
        refresh_case_clock(s, case)
        assert case.status is CaseStatus.PENDING
        assert case.due_date == D(2026, 4, 13)
        assert case.days_left_at_suspension is None


def test_closing_sets_status_and_voided_closing_reopens(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case = make_case(s, filing_date=D(2026, 3, 2), track=Track.SIMPLE)
        closing = Closing(
            case_id=case.id,
            closed_on=D(2026, 3, 30),
            method="执行完毕",
            met_track_limit=True,
            met_statutory_limit=True,
        )
        s.add(closing)
        refresh_case_clock(s, case)
        assert case.status is CaseStatus.CLOSED
        assert case.closed_on == D(2026, 3, 30) and case.closing_method == "执行完毕"
        closing.voided_at = dt.datetime(2026, 4, 1, 9, 0)
        refresh_case_clock(s, case)
        assert case.status is CaseStatus.PENDING
        assert case.closed_on is None and case.closing_method is None


def test_closed_while_suspended_counts_period_to_closing(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case = make_case(s, filing_date=D(2026, 3, 2), track=Track.SIMPLE)
        s.add(ExcludedPeriod(case_id=case.id, kind="中止执行", start=D(2026, 3, 20)))
        s.add(
            Closing(
                case_id=case.id,
                closed_on=D(2026, 3, 29),
                method="终结执行",
                met_track_limit=True,
                met_statutory_limit=True,
            )
        )
        refresh_case_clock(s, case)
        assert case.status is CaseStatus.CLOSED
        assert case.due_date == D(2026, 4, 13)


def test_transferred_case_counts_six_months_from_filing(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case = make_case(s, filing_date=D(2026, 1, 31), track=Track.SIMPLE)
        assert case.due_date == D(2026, 2, 28)  # a make-up Saturday (调休上班): stays
        case.track = Track.ORDINARY
        refresh_case_clock(s, case)
        assert case.due_date == D(2026, 7, 31)


def test_refresh_all_clocks_follows_a_calendar_change(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case = make_case(s, filing_date=D(2030, 3, 4), track=Track.SIMPLE)
        case_id = case.id
        assert case.due_date == D(2030, 4, 4)
    with sessions.begin() as s:
        s.add(Holiday(day=D(2030, 4, 4), is_workday=False, name="清明节"))
        s.add(Holiday(day=D(2030, 4, 5), is_workday=False, name="清明节"))
        assert refresh_all_clocks(s) == 1
    with sessions() as s:
        from model.entities import Case

        assert s.get(Case, case_id).due_date == D(2030, 4, 8)


def test_a_new_case_clock_is_kept_for_its_own_calendar_only() -> None:
    """The import asks for the same filing facts thousands of times: the answer is kept,
    but on the calendar it was computed with, never for a calendar with other holidays
    (nor for a copy of one, whose holidays may differ)."""
    facts = FilingFacts(D(2026, 3, 2), Track.SIMPLE, False)
    plain = WorkCalendar()
    holiday = WorkCalendar(holidays=frozenset({D(2026, 4, 2)}))  # the month's last day
    first = new_case_clock(facts, plain)
    assert first == compute_clock(facts, NO_EVENTS, plain) and first.due_date == D(2026, 4, 2)
    assert new_case_clock(FilingFacts(D(2026, 3, 2), Track.SIMPLE, False), plain) is first
    moved = new_case_clock(facts, holiday)
    assert moved == compute_clock(facts, NO_EVENTS, holiday) and moved.due_date == D(2026, 4, 3)
    assert dataclasses.replace(plain).new_clocks == {}
