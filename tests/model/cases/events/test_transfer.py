"""移交: a fast-track case to the ordinary team, the clock from the original filing date."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.cases.events.transfer import transfer_case, transfer_choices
from model.entities import Assignment, Case, Track, Transfer
from model.errors import UserError
from tests.factories import make_case, person_by_name, snapshot

D = dt.date


def test_transfer_moves_team_and_keeps_filing_date(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case_id = make_case(s, filing_date=D(2026, 3, 2), track=Track.SIMPLE).id
        judge_id = person_by_name(s, "战殿有").id
    choices = transfer_choices(sessions)
    assert not choices.by_group  # the seeded ordinary team has no groups
    transfer_id = transfer_case(
        sessions, case_id, None, judge_id, "需处分房产", 1, today=D(2026, 4, 1)
    )
    with sessions() as s:
        case = s.get(Case, case_id)
        transfer = s.get(Transfer, transfer_id)
        assert case is not None and transfer is not None
        assert case.track is Track.ORDINARY
        assert case.team.code == "ordinary" and case.judge_id == judge_id
        assert case.group_id is None
        assert case.filing_date == D(2026, 3, 2)
        assert case.due_date == D(2026, 9, 2)
        kinds = s.scalars(select(Assignment.kind).where(Assignment.case_id == case_id)).all()
        assert "transfer" in kinds
        assert transfer.from_team_id != transfer.to_team_id


def test_an_ordinary_case_cannot_be_transferred(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case_id = make_case(s, track=Track.ORDINARY).id
    with sessions() as s:
        before = snapshot(s, case_id)
    with pytest.raises(UserError, match="只有速执团队的简易案件"):
        transfer_case(sessions, case_id, None, None, "x", 1, today=D(2026, 4, 1))
    with sessions() as s:
        assert snapshot(s, case_id) == before


def test_transfer_needs_a_reason_and_a_team_judge(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case_id = make_case(s, track=Track.SIMPLE).id
        clerk = person_by_name(s, "高博").id
        before = snapshot(s, case_id)
    with pytest.raises(UserError, match="请填写移交原因"):
        transfer_case(sessions, case_id, None, None, " ", 1, today=D(2026, 4, 1))
    with pytest.raises(UserError, match="不是执行普执团队的在职员额法官"):
        transfer_case(sessions, case_id, None, clerk, "x", 1, today=D(2026, 4, 1))
    with sessions() as s:
        assert snapshot(s, case_id) == before
