"""更正: a voided entry stays, marked, and the clock follows."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker

from model.cases.events.closing import close_case
from model.cases.events.extension import record_extension
from model.cases.events.transfer import transfer_case
from model.cases.events.void import void_entry, voidable_entries
from model.entities import Case, CaseStatus, Extension, Track
from model.errors import UserError
from tests.factories import make_case, snapshot

D = dt.date


def test_voided_extension_is_kept_and_no_longer_counts(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case_id = make_case(s, filing_date=D(2026, 3, 2), track=Track.ORDINARY).id
    result = record_extension(
        sessions, case_id, "赵明", "院长", "x", D(2026, 5, 1), 1, today=D(2026, 5, 1)
    )
    void_entry(sessions, "extension", result.extension_id, "录错了案件", 2)
    with sessions() as s:
        extension = s.get(Extension, result.extension_id)
        case = s.get(Case, case_id)
        assert extension is not None and case is not None
        assert extension.voided_at is not None and extension.voided_by_id == 2
        assert extension.void_reason == "录错了案件"
        assert case.due_date == D(2026, 9, 2)
    assert voidable_entries(sessions, case_id) == []
    with pytest.raises(UserError, match="已经更正过"):
        void_entry(sessions, "extension", result.extension_id, "再来", 2)


def test_voided_closing_reopens_the_case(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case_id = make_case(s, filing_date=D(2026, 3, 2)).id
    closing = close_case(sessions, case_id, D(2026, 3, 20), "执行完毕", 1, today=D(2026, 3, 21))
    void_entry(sessions, "closing", closing, "结案日期录错", 1)
    with sessions() as s:
        case = s.get(Case, case_id)
        assert case is not None and case.status is CaseStatus.PENDING and case.closed_on is None


def test_voided_transfer_gives_the_case_back(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case_id = make_case(s, filing_date=D(2026, 3, 2), group="第二办案组").id
    # make_case writes no intake assignment; the transfer still restores the team.
    transfer = transfer_case(sessions, case_id, None, None, "复杂", 1, today=D(2026, 4, 1))
    void_entry(sessions, "transfer", transfer, "误操作", 1)
    with sessions() as s:
        case = s.get(Case, case_id)
        assert case is not None
        assert case.track is Track.SIMPLE and case.team.code == "fast"
        assert case.due_date == D(2026, 4, 2)


def test_void_needs_a_reason(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case_id = make_case(s).id
    closing = close_case(sessions, case_id, D(2026, 3, 20), "执行完毕", 1, today=D(2026, 3, 21))
    with sessions() as s:
        before = snapshot(s, case_id)
    with pytest.raises(UserError, match="请填写更正理由"):
        void_entry(sessions, "closing", closing, "", 1)
    with sessions() as s:
        assert snapshot(s, case_id) == before
