"""Excluded periods, the end of a suspension and extensions: accepted and refused."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.cases.events.extension import record_extension
from model.cases.events.periods import (
    end_suspension,
    exclusion_kinds,
    open_period_id,
    record_excluded_period,
)
from model.entities import Case, CaseStatus, Extension, HistoryEntry, Track
from model.errors import UserError
from tests.factories import make_case, snapshot

D = dt.date
TODAY = D(2026, 6, 1)


@pytest.fixture
def case_id(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as s:
        return make_case(s, filing_date=D(2026, 3, 2), track=Track.ORDINARY).id


def _case(sessions: sessionmaker[Session], case_id: int) -> Case:
    with sessions() as s:
        case = s.get(Case, case_id)
        assert case is not None
        return case


def _history(sessions: sessionmaker[Session], case_id: int) -> list[str]:
    with sessions() as s:
        return list(s.scalars(select(HistoryEntry.summary).where(HistoryEntry.case_id == case_id)))


def test_kinds_come_from_the_data_list(sessions: sessionmaker[Session]) -> None:
    kinds = exclusion_kinds(sessions)
    assert kinds[0] == ("中止执行", True)
    assert ("拍卖、变卖", False) in kinds


def test_closed_period_moves_due_date_and_writes_history(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    record_excluded_period(
        sessions, case_id, "拍卖、变卖", D(2026, 4, 1), D(2026, 4, 10), "网络司法拍卖", 1, TODAY
    )
    case = _case(sessions, case_id)
    # 2026-09-02 + 10 days = 09-12 (Saturday) → 09-14.
    assert case.due_date == D(2026, 9, 14)
    assert any(
        "拍卖、变卖 2026-04-01 至 2026-04-10" in line for line in _history(sessions, case_id)
    )


def test_open_suspension_then_its_end(sessions: sessionmaker[Session], case_id: int) -> None:
    period = record_excluded_period(
        sessions, case_id, "中止执行", D(2026, 5, 1), None, "被执行人进入破产程序", 1, TODAY
    ).id
    case = _case(sessions, case_id)
    assert case.status is CaseStatus.SUSPENDED and case.due_date is None
    assert case.days_left_at_suspension == (D(2026, 9, 2) - D(2026, 5, 1)).days
    assert open_period_id(sessions, case_id) == period
    with pytest.raises(UserError, match="先登记中止结束"):
        record_excluded_period(sessions, case_id, "中止执行", D(2026, 5, 5), None, "再次", 1, TODAY)
    end_suspension(sessions, period, D(2026, 5, 10), 1, TODAY)
    case = _case(sessions, case_id)
    assert case.status is CaseStatus.PENDING
    assert case.due_date == D(2026, 9, 14)  # +10 days = 09-12 (Sat) → 09-14
    assert any("共 10 日不计入期限" in line for line in _history(sessions, case_id))
    with pytest.raises(UserError, match="已经结束"):
        end_suspension(sessions, period, D(2026, 5, 11), 1, TODAY)


@pytest.mark.parametrize(
    ("kind", "start", "end", "reason", "field", "message"),
    [
        ("拍卖、变卖", D(2026, 4, 10), D(2026, 4, 1), "x", "end", "结束日期不能早于起始日期"),
        ("拍卖、变卖", D(2026, 3, 1), D(2026, 4, 1), "x", "start", "不能早于立案日期"),
        ("拍卖、变卖", D(2026, 4, 1), None, "x", "end", "须填写结束日期"),
        ("不存在", D(2026, 4, 1), D(2026, 4, 2), "x", "kind", "请选择期间种类"),
        ("中止执行", None, None, "x", "start", "请填写起始日期"),
        ("中止执行", D(2026, 4, 1), None, "  ", "reason", "请填写事由"),
    ],
)
def test_bad_periods_are_refused_and_write_nothing(
    sessions: sessionmaker[Session],
    case_id: int,
    kind: str,
    start: dt.date | None,
    end: dt.date | None,
    reason: str,
    field: str,
    message: str,
) -> None:
    with sessions() as s:
        before = snapshot(s, case_id)
    with pytest.raises(UserError, match=message) as error:
        record_excluded_period(sessions, case_id, kind, start, end, reason, 1, TODAY)
    assert error.value.field == field
    with sessions() as s:
        assert snapshot(s, case_id) == before


def test_the_same_period_twice_is_refused_naming_the_first(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    """Issue 21: same kind, same dates is a double entry."""
    record_excluded_period(
        sessions, case_id, "拍卖、变卖", D(2026, 4, 1), D(2026, 4, 10), "网络司法拍卖", 1, TODAY
    )
    with sessions() as s:
        before = snapshot(s, case_id)
    with pytest.raises(UserError) as refused:
        record_excluded_period(
            sessions, case_id, "拍卖、变卖", D(2026, 4, 1), D(2026, 4, 10), "再录一次", 1, TODAY
        )
    message = refused.value.message
    assert "已登记过相同的期间：拍卖、变卖 2026-04-01 至 2026-04-10" in message
    assert "事由：网络司法拍卖" in message and "不能重复登记" in message
    with sessions() as s:
        assert snapshot(s, case_id) == before
    # Another kind over the same days, or the same kind on other days, is no double entry.
    record_excluded_period(
        sessions, case_id, "拍卖、变卖", D(2026, 4, 1), D(2026, 4, 11), "延长一日", 1, TODAY
    )


def test_an_overlapping_period_of_another_kind_is_accepted_with_a_note(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    first = record_excluded_period(
        sessions, case_id, "拍卖、变卖", D(2026, 4, 1), D(2026, 4, 10), "网拍", 1, TODAY
    )
    assert first.overlap_days == 0 and "到期日 2026-09-14" in first.note
    due = _case(sessions, case_id).due_date
    inside = record_excluded_period(
        sessions, case_id, "中止执行", D(2026, 4, 3), D(2026, 4, 8), "和解", 1, TODAY
    )
    assert inside.overlap_days == 6
    assert "其中 6 日与已登记的“拍卖、变卖”期间重叠" in inside.note
    assert "此前已不计入期限" in inside.note and "到期日没有变化" in inside.note
    assert _case(sessions, case_id).due_date == due
    # Partly over: only the new days move the due date, and the note says so.
    partly = record_excluded_period(
        sessions, case_id, "管辖异议", D(2026, 4, 9), D(2026, 4, 14), "异议", 1, TODAY
    )
    assert partly.overlap_days == 2 and "顺延至 2026-09-16" in partly.note
    assert _case(sessions, case_id).due_date == D(2026, 9, 16)


def test_overlap_days_counts_each_day_once() -> None:
    from model.cases.events.periods import overlap_days

    assert overlap_days(D(2026, 4, 1), D(2026, 4, 10), []) == 0
    both = [(D(2026, 4, 1), D(2026, 4, 5)), (D(2026, 4, 3), D(2026, 4, 8))]
    assert overlap_days(D(2026, 4, 4), D(2026, 4, 20), both) == 5
    assert overlap_days(D(2026, 4, 4), D(2026, 4, 6), [(D(2026, 4, 1), None)]) == 3
    assert overlap_days(D(2026, 4, 4), None, [(D(2026, 4, 1), D(2026, 4, 5))]) == 2


def test_end_of_suspension_before_its_start_is_refused(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    period = record_excluded_period(
        sessions, case_id, "中止执行", D(2026, 5, 1), None, "x", 1, TODAY
    ).id
    with sessions() as s:
        before = snapshot(s, case_id)
    with pytest.raises(UserError, match="不能早于起始日期"):
        end_suspension(sessions, period, D(2026, 4, 30), 1, TODAY)
    with sessions() as s:
        assert snapshot(s, case_id) == before


def test_extension_adds_months_to_both_limits(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    result = record_extension(
        sessions, case_id, "赵 明", "副院长", "财产处置未完成", D(2026, 5, 30), 1, today=TODAY
    )
    assert result.warning is None
    case = _case(sessions, case_id)
    assert case.due_date == D(2026, 12, 2)
    assert case.statutory_due_date == D(2026, 12, 2)
    with sessions() as s:
        extension = s.get(Extension, result.extension_id)
        assert extension is not None
        assert extension.approver_name == "赵明" and not extension.late


def test_late_extension_is_kept_with_a_warning(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    # Due 2026-09-02; recorded 2026-08-30: 3 days before.
    result = record_extension(
        sessions, case_id, "赵明", "院长", "理由", D(2026, 8, 30), 1, today=D(2026, 8, 30)
    )
    assert result.warning is not None and "仅剩 3 日" in result.warning
    with sessions() as s:
        extension = s.get(Extension, result.extension_id)
        assert extension is not None and extension.late


@pytest.mark.parametrize(
    ("name", "title", "reason", "months", "field", "message"),
    [
        ("", "院长", "x", 3, "approver_name", "请填写批准人姓名"),
        ("王爱军", "执行局局长", "x", 3, "approver_title", "执行局局长无权批准"),
        ("赵明", "院长", "", 3, "reason", "请填写延长理由"),
        ("赵明", "院长", "x", 0, "months", "1 至 12"),
    ],
)
def test_bad_extensions_are_refused_and_write_nothing(
    sessions: sessionmaker[Session],
    case_id: int,
    name: str,
    title: str,
    reason: str,
    months: int,
    field: str,
    message: str,
) -> None:
    with sessions() as s:
        before = snapshot(s, case_id)
    with pytest.raises(UserError, match=message) as error:
        record_extension(
            sessions, case_id, name, title, reason, D(2026, 5, 1), 1, months=months, today=TODAY
        )
    assert error.value.field == field
    with sessions() as s:
        assert snapshot(s, case_id) == before


def test_extension_approved_in_the_future_is_refused(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    with pytest.raises(UserError, match="不能晚于今天") as error:
        record_extension(sessions, case_id, "赵明", "院长", "x", D(2026, 6, 2), 1, today=TODAY)
    assert error.value.field == "approved_on"
