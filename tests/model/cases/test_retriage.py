"""Reopening a case and re-triage: earlier decisions kept, reassignment across teams."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from model.cases.draft import CaseDraft
from model.cases.intake import IntakeRequest, TriageRequest, save_intake
from model.cases.retriage import load_case, retriage_case
from model.entities import Assignment, Case, CaseStatus, HistoryEntry, Person, Track, TriageDecision
from model.errors import UserError

TODAY = dt.date(2026, 3, 2)


def new_case(sessions: sessionmaker[Session], ticked: set[str], number: int = 1) -> int:
    d = CaseDraft(
        number=f"(2026)吉0605执{number}号",
        filing_date=dt.date(2026, 2, 2),
        applicants=["张三", "王五"],
        applicant_count=3,
        respondents=[("某局", "党政机关")],
        amount="1200.5",
        basis="判决书",
        cause="劳务合同纠纷",
        basis_kind="仲裁裁决书",
    )
    return save_intake(sessions, IntakeRequest(d, TriageRequest(tuple(ticked))), None, TODAY)


def person(sessions: sessionmaker[Session], name: str) -> int:
    with sessions() as s:
        return s.scalar(select(Person.id).where(Person.name == name))  # type: ignore[return-value]


def test_load_case_fills_the_form(sessions: sessionmaker[Session]) -> None:
    case_id = new_case(sessions, {"S2", "O4"})
    loaded = load_case(sessions, case_id)
    assert loaded.number == "（2026）吉0605执1号"
    assert loaded.draft.applicants == ["张三", "王五"]
    assert loaded.draft.applicant_count == 3
    assert loaded.draft.respondents == [("某局", "党政机关")]
    assert str(loaded.draft.amount) == "1200.50"
    assert loaded.draft.basis_kind == "仲裁裁决书"
    assert loaded.ticked == ("S2", "O4")
    assert loaded.suggested == ("O4",)
    assert loaded.final_track is Track.ORDINARY
    assert len(loaded.decisions) == 1
    assert "勾选 S2、O4" in loaded.decisions[0].text


def test_retriage_across_teams_reassigns_and_keeps_history(
    sessions: sessionmaker[Session],
) -> None:
    case_id = new_case(sessions, {"S2"})
    with sessions() as s:
        before = s.get(Case, case_id)
        assert before is not None and before.due_date == dt.date(2026, 3, 2)
    actor = person(sessions, "宋云鹏")
    result = retriage_case(sessions, case_id, TriageRequest(("O1",)), actor)
    assert result.reassigned and result.track is Track.ORDINARY
    assert result.handler == "执行普执团队 王爱军"
    with sessions() as s:
        case = s.get(Case, case_id)
        assert case is not None
        assert case.team.code == "ordinary" and case.group_id is None
        assert case.due_date == dt.date(2026, 8, 3)  # 6 months from 2026-02-02, a Sunday → Monday
        decisions = s.scalars(select(TriageDecision).order_by(TriageDecision.id)).all()
        assert [d.final_track for d in decisions] == [Track.SIMPLE, Track.ORDINARY]
        assert decisions[1].decided_by_id == actor
        kinds = s.scalars(select(Assignment.kind).order_by(Assignment.id)).all()
        assert kinds == ["intake", "reassign"]
        summaries = s.scalars(select(HistoryEntry.summary).order_by(HistoryEntry.id)).all()
        assert any(line.startswith("重新分流（原为“简易”）") for line in summaries)
        assert any(line.startswith("重新分案：执行普执团队 王爱军") for line in summaries)
    assert len(load_case(sessions, case_id).decisions) == 2


def test_retriage_within_a_team_keeps_the_handler(sessions: sessionmaker[Session]) -> None:
    case_id = new_case(sessions, {"O1"})
    result = retriage_case(sessions, case_id, TriageRequest(("X2",)), None)
    assert result.track is Track.SPECIAL and not result.reassigned
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Assignment)) == 1


def test_retriage_can_choose_another_handler(sessions: sessionmaker[Session]) -> None:
    case_id = new_case(sessions, {"O1"})
    judge = person(sessions, "战殿有")
    result = retriage_case(sessions, case_id, TriageRequest(("O1",), None, None, None, judge), None)
    assert result.reassigned
    with sessions() as s:
        assert s.get(Case, case_id).judge_id == judge  # type: ignore[union-attr]


def test_retriage_override_needs_reason_and_writes_nothing(
    sessions: sessionmaker[Session],
) -> None:
    case_id = new_case(sessions, {"S2"})
    with pytest.raises(UserError, match="调整理由"):
        retriage_case(sessions, case_id, TriageRequest(("S2",), Track.SPECIAL, ""), None)
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(TriageDecision)) == 1
        assert s.get(Case, case_id).track is Track.SIMPLE  # type: ignore[union-attr]


def test_closed_case_cannot_be_retriaged(sessions: sessionmaker[Session]) -> None:
    case_id = new_case(sessions, {"S2"})
    with sessions.begin() as s:
        s.get(Case, case_id).status = CaseStatus.CLOSED  # type: ignore[union-attr]
    with pytest.raises(UserError, match="已经结案"):
        retriage_case(sessions, case_id, TriageRequest(("O1",)), None)


def test_missing_case(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(UserError, match="找不到"):
        load_case(sessions, 999)
