"""不计入期限的期间 (第九条): excluded periods and the end of a suspension.

Every service checks its input first and raises ``UserError`` (in Chinese, naming
the field) before anything is written; every accepted event adds a ``HistoryEntry``
and recomputes the case's clock.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import Action, authorise
from model.calendar.clock import refresh_case_clock
from model.cases.events.base import (
    add_history,
    clock_note,
    fmt,
    open_case,
    required_text,
)
from model.entities import CaseStatus, ExcludedPeriod, ExclusionKind
from model.errors import UserError


def exclusion_kinds(sessions: sessionmaker[Session]) -> list[tuple[str, bool]]:
    """The kinds of periods not counted, in their order: (name, whether it suspends)."""
    with sessions() as s:
        rows = s.execute(
            select(ExclusionKind.name, ExclusionKind.suspends).order_by(
                ExclusionKind.ordinal, ExclusionKind.id
            )
        )
        return [(name, suspends) for name, suspends in rows]


def record_excluded_period(
    sessions: sessionmaker[Session],
    case_id: int,
    kind: str,
    start: dt.date | None,
    end: dt.date | None,
    reason: str,
    actor_id: int | None,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> int:
    """登记不计入期限的期间: a dated range of a kind; the new period's id.

    Only a suspending kind (中止执行) may be left open: it stops the clock until ended.
    """
    today = today or dt.date.today()
    with sessions.begin() as s:
        case = open_case(s, case_id, expected_version=expected_version)
        authorise(s, actor_id, Action.RECORD_EVENT, case=case)
        found = s.scalar(select(ExclusionKind).where(ExclusionKind.name == kind))
        if found is None:
            raise UserError("请选择期间种类。", field="kind")
        if start is None:
            raise UserError("请填写起始日期。", field="start")
        if start < case.filing_date:
            raise UserError(f"起始日期不能早于立案日期（{fmt(case.filing_date)}）。", field="start")
        if end is not None and end < start:
            raise UserError("结束日期不能早于起始日期。", field="end")
        if end is None and not found.suspends:
            raise UserError(f"“{kind}”须填写结束日期；只有中止执行可以暂不填写。", field="end")
        if end is None and case.status is CaseStatus.SUSPENDED:
            raise UserError("本案已有未结束的中止期间，请先登记中止结束。", field="end")
        text = required_text(reason, "事由", "reason")
        period = ExcludedPeriod(
            case_id=case.id, kind=kind, start=start, end=end, reason=text, recorded_by_id=actor_id
        )
        s.add(period)
        refresh_case_clock(s, case)
        span = f"{fmt(start)} 至 {fmt(end)}" if end is not None else f"{fmt(start)} 起（未结束）"
        add_history(
            s,
            case,
            actor_id,
            "exclusion",
            f"登记不计入期限的期间：{kind} {span}，事由：{text}；{clock_note(case)}",
        )
        s.flush()
        return period.id


def end_suspension(
    sessions: sessionmaker[Session],
    period_id: int,
    end: dt.date | None,
    actor_id: int | None,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> None:
    """中止结束: give an open period its last day; the clock runs again."""
    today = today or dt.date.today()
    with sessions.begin() as s:
        period = s.get(ExcludedPeriod, period_id)
        if period is None or period.voided_at is not None:
            raise UserError("找不到这条期间记录，可能已被更正，请刷新后重试。")
        if period.end is not None:
            raise UserError("这个期间已经结束，无需再登记。")
        case = open_case(s, period.case_id, expected_version=expected_version)
        authorise(s, actor_id, Action.RECORD_EVENT, case=case)
        if end is None:
            raise UserError("请填写结束日期。", field="end")
        if end < period.start:
            raise UserError(f"结束日期不能早于起始日期（{fmt(period.start)}）。", field="end")
        if end > today:
            raise UserError(f"结束日期不能晚于今天（{fmt(today)}）。", field="end")
        period.end = end
        refresh_case_clock(s, case)
        days = (end - period.start).days + 1
        add_history(
            s,
            case,
            actor_id,
            "exclusion_end",
            f"{period.kind}结束：{fmt(period.start)} 至 {fmt(end)}，共 {days} 日不计入期限；"
            f"{clock_note(case)}",
        )


def open_period_id(sessions: sessionmaker[Session], case_id: int) -> int | None:
    """The case's open (not voided) period, if the clock is stopped."""
    with sessions() as s:
        return s.scalar(
            select(ExcludedPeriod.id).where(
                ExcludedPeriod.case_id == case_id,
                ExcludedPeriod.end.is_(None),
                ExcludedPeriod.voided_at.is_(None),
            )
        )


# --- extensions (延长) -------------------------------------------------------------
