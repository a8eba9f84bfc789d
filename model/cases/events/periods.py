"""不计入期限的期间 (第九条): excluded periods and the end of a suspension.

Every service checks its input first and raises ``UserError`` (in Chinese, naming
the field) before anything is written; every accepted event adds a ``HistoryEntry``
and recomputes the case's clock.

A period identical to a standing one (same kind, same dates) is a double entry and is
refused, naming the one recorded. A period overlapping another of a different kind is
real (a sale during a suspension) and counts once (SPEC §3): it is accepted and the
confirmation says how many of its days were already excluded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import Action, authorise
from model.calendar.clock import refresh_case_clock
from model.calendar.event_book import EventBook
from model.cases.events.base import add_history, clock_note, fmt, open_case, refuse_closed
from model.cases.events.rules import check_period
from model.entities import Case, CaseStatus, ExcludedPeriod, ExclusionKind
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


@dataclass(frozen=True)
class RecordedPeriod:
    """A period just recorded: its id, and what the user should be told about it."""

    id: int
    note: str  # the confirmation: the new clock, and any days already excluded
    overlap_days: int  # days of it another standing period already excluded


def _span(start: dt.date, end: dt.date | None) -> str:
    return f"{fmt(start)} 至 {fmt(end)}" if end is not None else f"{fmt(start)} 起（未结束）"


def _standing_periods(session: Session, case_id: int) -> list[ExcludedPeriod]:
    return list(
        session.scalars(
            select(ExcludedPeriod)
            .where(ExcludedPeriod.case_id == case_id, ExcludedPeriod.voided_at.is_(None))
            .order_by(ExcludedPeriod.start, ExcludedPeriod.id)
        )
    )


def _refuse_double_entry(
    standing: list[ExcludedPeriod], kind: str, start: dt.date, end: dt.date | None
) -> None:
    for period in standing:
        if (period.kind, period.start, period.end) == (kind, start, end):
            raise UserError(
                f"本案已登记过相同的期间：{kind} {_span(start, end)}"
                f"（{period.recorded_at:%Y-%m-%d} 登记，事由：{period.reason}），不能重复登记。"
                "如原记录有误，请用“更正”作废原记录后再登记。",
                field="start",
            )


def overlap_days(
    start: dt.date, end: dt.date | None, others: list[tuple[dt.date, dt.date | None]]
) -> int:
    """How many days of [start, end] lie in the union of ``others`` (open ends: no end).

    An open new period is counted up to the last day any other one covers.
    """
    covered: set[dt.date] = set()
    for other_start, other_end in others:
        first = max(start, other_start)
        last_candidates = [day for day in (end, other_end) if day is not None]
        if not last_candidates:
            continue  # two open periods cannot both stand (refused before)
        last = min(last_candidates)
        day = first
        while day <= last:
            covered.add(day)
            day += dt.timedelta(days=1)
    return len(covered)


def _overlap_note(
    standing: list[ExcludedPeriod],
    start: dt.date,
    end: dt.date | None,
    before: tuple[dt.date | None, dt.date | None],
    case: Case,
) -> str:
    """The confirmation: the clock now, and the days another period already excluded."""
    ranges = [(period.start, period.end) for period in standing]
    days = overlap_days(start, end, ranges)
    if days == 0:
        return f"已登记。{clock_note(case)}。"
    kinds = "、".join(
        dict.fromkeys(
            period.kind
            for period in standing
            if overlap_days(start, end, [(period.start, period.end)])
        )
    )
    moved = (case.due_date, case.statutory_due_date) != before
    tail = (
        f"到期日顺延至 {fmt(case.due_date)}，法定到期日 {fmt(case.statutory_due_date)}"
        if moved
        else "因此到期日没有变化"
    )
    if case.status is CaseStatus.SUSPENDED:
        tail = clock_note(case)
    return (
        f"已登记。其中 {days} 日与已登记的“{kinds}”期间重叠，这些日子此前已不计入期限，"
        f"重叠部分只算一次，{tail}。"
    )


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
) -> RecordedPeriod:
    """登记不计入期限的期间: a dated range of a kind; the new period and its confirmation.

    Only a suspending kind (中止执行) may be left open: it stops the clock until ended.
    The period starts no later than today; its end may lie ahead (SPEC §3).
    """
    today = today or dt.date.today()
    with sessions.begin() as s:
        case = open_case(s, case_id, allow_closed=True, expected_version=expected_version)
        authorise(s, actor_id, Action.RECORD_EVENT, case=case)
        text = check_period(
            case.filing_date,
            today,
            kind,
            kind_suspends(s, kind),
            start,
            end,
            reason,
            closed_on=case.closed_on,
            has_open=case.status is CaseStatus.SUSPENDED,
        )
        refuse_closed(case)  # a closed case: the period started before the closing
        assert start is not None
        standing = _standing_periods(s, case.id)
        _refuse_double_entry(standing, kind, start, end)
        before = (case.due_date, case.statutory_due_date)
        period = add_period(s, case, kind, start, end, text, actor_id)
        s.flush()
        note = _overlap_note(standing, start, end, before, case)
        days = overlap_days(start, end, [(other.start, other.end) for other in standing])
        return RecordedPeriod(period.id, note, days)


def kind_suspends(session: Session, kind: str) -> bool | None:
    """Whether a kind on the list suspends (may be left open); None when not on the list."""
    return session.scalar(select(ExclusionKind.suspends).where(ExclusionKind.name == kind))


def add_period(
    session: Session,
    case: Case,
    kind: str,
    start: dt.date,
    end: dt.date | None,
    reason: str,
    actor_id: int | None,
    source: str = "",
    *,
    book: EventBook | None = None,
) -> ExcludedPeriod:
    """Record a checked period inside ``session``: the clock and the history line.

    ``book``: the cases' events, when the caller records many (a ledger import).
    """
    period = ExcludedPeriod(
        case_id=case.id, kind=kind, start=start, end=end, reason=reason, recorded_by_id=actor_id
    )
    session.add(period)
    if book is not None:
        book.add_range(case.id, start, end)
    refresh_case_clock(session, case, book=book)
    span = f"{fmt(start)} 至 {fmt(end)}" if end is not None else f"{fmt(start)} 起（未结束）"
    add_history(
        session,
        case,
        actor_id,
        "exclusion",
        f"登记不计入期限的期间{f'（{source}）' if source else ''}：{kind} {span}，"
        f"事由：{reason}；{clock_note(case)}",
    )
    return period


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
