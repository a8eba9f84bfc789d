"""终本复查: the schedule from the closing date, recording a check, 恢复执行 as a new 执恢 case."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from model.cases.events.closing import FINAL_CONDITIONS, close_case
from model.cases.events.property_check import (
    NOTHING_FOUND,
    PROPERTY_FOUND,
    record_property_check,
    recorded_checks,
    resumed_case_of,
    resumed_from,
)
from model.cases.events.void import void_entry, voidable_entries
from model.cases.property_schedule import CheckState, check_schedule
from model.entities import (
    Assignment,
    Case,
    HistoryEntry,
    PropertyCheck,
    Track,
    TriageDecision,
)
from model.errors import UserError
from tests.factories import make_case, person_by_name, recorded_changes, snapshot

D = dt.date
ALL = dict.fromkeys(FINAL_CONDITIONS, True)
TODAY = D(2026, 11, 28)
CLOSED = D(2025, 6, 10)  # checks 2025-12-10, 2026-06-10, 2026-12-10, …


@pytest.fixture
def final_case(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as s:
        case_id = make_case(
            s, filing_date=D(2025, 1, 2), track=Track.ORDINARY, respondents="赵五"
        ).id
    close_case(sessions, case_id, CLOSED, "终结本次执行程序", None, ALL, today=CLOSED)
    return case_id


def clerk(sessions: sessionmaker[Session]) -> int:
    with sessions() as s:
        return person_by_name(s, "王鑫").id


def test_the_schedule_has_ten_checks_from_the_closing_date() -> None:
    schedule = check_schedule(CLOSED, [], TODAY)
    assert [c.due for c in schedule[:3]] == [D(2025, 12, 10), D(2026, 6, 10), D(2026, 12, 10)]
    assert len(schedule) == 10 and schedule[-1].due == D(2030, 6, 10)
    assert [c.state for c in schedule[:4]] == [
        CheckState.OVERDUE,
        CheckState.OVERDUE,
        CheckState.DUE,  # within 14 days
        CheckState.LATER,
    ]


def test_a_recorded_check_settles_the_earliest_open_one(
    sessions: sessionmaker[Session], final_case: int
) -> None:
    actor = clerk(sessions)
    outcome = record_property_check(
        sessions, final_case, D(2026, 11, 20), actor, NOTHING_FOUND, "查询银行账户", actor, TODAY
    )
    assert outcome.resumed_case_id is None
    with sessions() as s:
        recorded = recorded_checks(s, final_case)
        check = s.get(PropertyCheck, outcome.check_id)
        assert check is not None and check.note == "查询银行账户"
        checks = recorded_changes(sessions, entity="property_checks")
        assert len([c for c in checks if c.actor_id == actor]) == 1
        lines = s.scalars(select(HistoryEntry.summary).where(HistoryEntry.case_id == final_case))
        assert any("第1次" in line and NOTHING_FOUND in line for line in lines)
    schedule = check_schedule(CLOSED, recorded, TODAY)
    assert schedule[0].state is CheckState.DONE and schedule[0].checked_on == D(2026, 11, 20)
    assert schedule[1].state is CheckState.OVERDUE


@pytest.mark.parametrize(
    ("day", "message"),
    [(D(2025, 6, 9), "不能早于终本结案日期"), (D(2026, 11, 29), "不能晚于今天"), (None, "请填写")],
)
def test_a_check_dated_before_the_closing_or_in_the_future_is_refused(
    sessions: sessionmaker[Session], final_case: int, day: dt.date | None, message: str
) -> None:
    with sessions() as s:
        before = snapshot(s, final_case)
    with pytest.raises(UserError, match=message):
        record_property_check(sessions, final_case, day, 1, NOTHING_FOUND, "", None, TODAY)
    with sessions() as s:
        assert snapshot(s, final_case) == before
        assert s.scalar(select(func.count()).select_from(PropertyCheck)) == 0


def test_a_check_on_a_case_not_closed_by_final_closing_is_refused(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as s:
        pending = make_case(s, filing_date=D(2026, 3, 2)).id
    with pytest.raises(UserError, match="不是以终结本次执行程序结案"):
        record_property_check(sessions, pending, D(2026, 4, 1), 1, NOTHING_FOUND, "", None, TODAY)
    close_case(sessions, pending, D(2026, 3, 20), "执行完毕", None, today=D(2026, 3, 20))
    with pytest.raises(UserError, match="不是以终结本次执行程序结案"):
        record_property_check(sessions, pending, D(2026, 4, 1), 1, NOTHING_FOUND, "", None, TODAY)
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(PropertyCheck)) == 0


def test_property_found_registers_a_linked_resumed_case_through_intake(
    sessions: sessionmaker[Session], final_case: int
) -> None:
    actor = clerk(sessions)
    outcome = record_property_check(
        sessions, final_case, D(2026, 11, 27), actor, PROPERTY_FOUND, "发现车辆一辆", actor, TODAY
    )
    assert outcome.resumed_case_id is not None
    assert outcome.resumed_number == "（2026）吉0605执恢1号"
    with sessions() as s:
        new = s.get(Case, outcome.resumed_case_id)
        assert new is not None
        assert new.type_code == "执恢" and new.filing_date == D(2026, 11, 27)
        assert new.respondent_names == "赵五" and new.applicant_names == "张三"
        assert new.judge_id is not None and new.due_date is not None  # assigned, clock running
        triaged = select(func.count()).select_from(TriageDecision)
        assert s.scalar(triaged.where(TriageDecision.case_id == new.id)) == 1
        assigned = select(func.count()).select_from(Assignment)
        assert s.scalar(assigned.where(Assignment.case_id == new.id)) == 1
        assert resumed_case_of(s, final_case) == (new.id, new.number)
        assert resumed_from(s, new.id)[1] == s.get(Case, final_case).number  # type: ignore[index,union-attr]
        old_lines = list(
            s.scalars(select(HistoryEntry.summary).where(HistoryEntry.case_id == final_case))
        )
        new_lines = list(
            s.scalars(select(HistoryEntry.summary).where(HistoryEntry.case_id == new.id))
        )
        assert any(new.number in line for line in old_lines)
        assert any("原终本案件" in line for line in new_lines)
        schedule = check_schedule(CLOSED, recorded_checks(s, final_case), TODAY)
    assert schedule[0].state is CheckState.DONE
    assert all(c.state is CheckState.MOOT for c in schedule[1:])
    with pytest.raises(UserError, match="已恢复执行"):
        record_property_check(sessions, final_case, TODAY, actor, NOTHING_FOUND, "", actor, TODAY)
    # a second resumption in the same year takes the next number
    with sessions.begin() as s:
        other = make_case(s, filing_date=D(2025, 1, 2), track=Track.ORDINARY).id
    close_case(sessions, other, CLOSED, "终结本次执行程序", None, ALL, today=CLOSED)
    second = record_property_check(sessions, other, TODAY, actor, PROPERTY_FOUND, "", actor, TODAY)
    assert second.resumed_number == "（2026）吉0605执恢2号"


def test_a_judge_records_checks_only_on_own_cases(
    sessions: sessionmaker[Session], final_case: int
) -> None:
    with sessions() as s:
        own, other = person_by_name(s, "姜福义").id, person_by_name(s, "战殿有").id
    with pytest.raises(UserError, match="不是战殿有承办"):
        record_property_check(sessions, final_case, TODAY, other, NOTHING_FOUND, "", other, TODAY)
    record_property_check(sessions, final_case, TODAY, own, NOTHING_FOUND, "", own, TODAY)


def test_the_quick_open_check_agrees_with_the_schedule() -> None:
    """``open_checks`` (two date sums, for 待办) says what ``check_schedule`` says."""
    import random

    from model.cases.property_schedule import open_checks

    chance = random.Random(2021)
    for _ in range(3000):
        closed = D(2018, 1, 1) + dt.timedelta(days=chance.randint(0, 3000))
        today = closed + dt.timedelta(days=chance.randint(0, 2500))
        done = chance.randint(0, 10)
        schedule = check_schedule(closed, [(closed, NOTHING_FOUND)] * done, today)
        waiting = [c for c in schedule if c.state is not CheckState.DONE]
        overdue = sum(1 for c in waiting if c.state is CheckState.OVERDUE)
        expected = (waiting[0].ordinal, waiting[0].due, overdue) if waiting else None
        assert open_checks(closed, done, today) == expected, (closed, today, done)


def test_a_mistaken_check_is_voided_and_its_check_falls_due_again(
    sessions: sessionmaker[Session], final_case: int
) -> None:
    actor = clerk(sessions)
    outcome = record_property_check(
        sessions, final_case, D(2026, 11, 20), actor, NOTHING_FOUND, "", actor, TODAY
    )
    entries = voidable_entries(sessions, final_case)
    described = f"终本财产核查（2026-11-20，{NOTHING_FOUND}）"
    assert ("property_check", outcome.check_id, described) in entries
    void_entry(sessions, "property_check", outcome.check_id, "录错案件", actor)
    with sessions() as s:
        assert recorded_checks(s, final_case) == []
        check = s.get(PropertyCheck, outcome.check_id)
        assert check is not None and check.void_reason == "录错案件"  # kept, marked void
        lines = s.scalars(select(HistoryEntry.summary).where(HistoryEntry.case_id == final_case))
        assert any("终本财产核查" in line and "录错案件" in line for line in lines)
        schedule = check_schedule(CLOSED, recorded_checks(s, final_case), TODAY)
    assert schedule[0].state is CheckState.OVERDUE
    assert "property_check" not in [kind for kind, _, _ in voidable_entries(sessions, final_case)]


def test_a_check_that_resumed_enforcement_cannot_be_voided(
    sessions: sessionmaker[Session], final_case: int
) -> None:
    actor = clerk(sessions)
    outcome = record_property_check(
        sessions, final_case, TODAY, actor, PROPERTY_FOUND, "", actor, TODAY
    )
    with sessions() as s:
        before = snapshot(s, final_case)
    with pytest.raises(UserError, match="已据以恢复执行，立案 （2026）吉0605执恢1号"):
        void_entry(sessions, "property_check", outcome.check_id, "录错", actor)
    with sessions() as s:
        assert snapshot(s, final_case) == before
        check = s.get(PropertyCheck, outcome.check_id)
        assert check is not None and check.voided_at is None
