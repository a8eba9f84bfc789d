"""结案: the date, one of the six methods (第64条) and whether each limit was met."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import Action, authorise
from model.calendar.clock import (
    Clock,
    ClockEvents,
    ClockFacts,
    case_events,
    compute_clock,
    refresh_case_clock,
    store_clock,
)
from model.calendar.deadlines import FINAL_CLOSING_MIN_MONTHS, add_months, final_closing_allowed
from model.calendar.event_book import EventBook
from model.calendar.workdays import WorkCalendar, load_calendar
from model.cases.events.base import add_history, check_day, fmt, open_case
from model.cases.events.rules import closing_after_events
from model.entities import CLOSING_METHODS, Case, Closing, ExcludedPeriod, Extension, Transfer
from model.errors import UserError

FINAL_METHOD = "终结本次执行程序"
"""终本: allowed after more than 3 months and with its conditions confirmed."""

FINAL_CONDITIONS: dict[str, str] = {
    "notice_issued": "已向被执行人发出执行通知书、责令报告财产令",
    "consumption_restricted": "已向被执行人发出限制消费令",
    "property_searched": "已穷尽财产调查措施，未发现可供执行的财产",
    "respondent_searched": "被执行人下落不明的，已依法予以查找",
}
"""The conditions of 终本 the clerk confirms (最高人民法院关于严格规范终结本次执行程序的规定)."""


def close_case(
    sessions: sessionmaker[Session],
    case_id: int,
    closed_on: dt.date | None,
    method: str,
    actor_id: int | None,
    conditions: dict[str, bool] | None = None,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> int:
    """结案; the closing's id. Whether it met each limit is computed and stored."""
    today = today or dt.date.today()
    with sessions.begin() as s:
        case = open_case(s, case_id, expected_version=expected_version)
        authorise(s, actor_id, Action.RECORD_CLOSING, case=case)
        if method not in CLOSING_METHODS:
            raise UserError("请选择结案方式。", field="method")
        day = check_day(case, closed_on, today, "结案日期", "closed_on")
        closing_after_events(day, event_starts(s, case.id))
        confirmed: dict[str, bool] = {}
        if method == FINAL_METHOD:
            if not final_closing_allowed(case.filing_date, day):
                earliest = add_months(case.filing_date, FINAL_CLOSING_MIN_MONTHS)
                raise UserError(
                    f"终结本次执行程序须立案满{FINAL_CLOSING_MIN_MONTHS}个月后方可适用：本案"
                    f"{fmt(case.filing_date)}立案，结案日期须晚于 {fmt(earliest)}。",
                    field="closed_on",
                )
            given = conditions or {}
            missing = [text for key, text in FINAL_CONDITIONS.items() if not given.get(key)]
            if missing:
                raise UserError(
                    "终结本次执行程序须确认以下条件：" + "；".join(missing) + "。",
                    field="conditions",
                )
            confirmed = {key: True for key in FINAL_CONDITIONS}
        closing = record_closing(s, case, day, method, actor_id, confirmed)
        s.flush()
        return closing.id


@dataclass(frozen=True)
class ClosingOutcome:
    """A closing worked out: the clock with it, whether each limit was met, the history line."""

    clock: Clock
    met_track_limit: bool
    met_statutory_limit: bool
    summary: str


def closing_outcome(
    case: ClockFacts,
    day: dt.date,
    method: str,
    events: ClockEvents,
    calendar: WorkCalendar,
    source: str = "",
) -> ClosingOutcome:
    """The one place the 期限内 rule lives (结案 and the ledger import); pure.

    ``events``: the case's standing periods and extensions (any closing in them is
    replaced by this one). The clock with the closing counts an open suspension up to
    the closing day. ``source`` names where the closing came from in the history line
    (e.g. 台账导入).
    """
    clock = compute_clock(
        case, ClockEvents(events.ranges, events.extension_months, (day, method)), calendar
    )
    met_track = clock.due_date is None or day <= clock.due_date
    met_statutory = clock.statutory_due_date is None or day <= clock.statutory_due_date
    track = "团队期限内" if met_track else "超团队期限"
    statutory = "法定期限内" if met_statutory else "超法定期限"
    summary = (
        f"结案{f'（{source}）' if source else ''}：{method}，结案日期 {fmt(day)}"
        f"（到期日 {fmt(clock.due_date)}，{track}；"
        f"法定到期日 {fmt(clock.statutory_due_date)}，{statutory}）"
    )
    return ClosingOutcome(clock, met_track, met_statutory, summary)


def closing_values(
    case_id: int,
    day: dt.date,
    method: str,
    actor_id: int | None,
    conditions: dict[str, bool],
    outcome: ClosingOutcome,
) -> dict[str, Any]:
    """The columns of a closing row, by attribute name (no id)."""
    return {
        "case_id": case_id,
        "closed_on": day,
        "method": method,
        "met_track_limit": outcome.met_track_limit,
        "met_statutory_limit": outcome.met_statutory_limit,
        "conditions": conditions,
        "recorded_by_id": actor_id,
    }


def record_closing(
    session: Session,
    case: Case,
    day: dt.date,
    method: str,
    actor_id: int | None,
    conditions: dict[str, bool],
    *,
    book: EventBook | None = None,
    source: str = "",
) -> Closing:
    """Record a checked closing inside ``session``: the clock, whether each limit was met, history.

    The one place the 期限内 rule lives (结案 and the ledger import). ``book``: the
    cases' events, when the caller records many (a ledger import); the case's timeline
    is then the book's to write. Otherwise the events are read from the database and
    the timeline is rewritten here, as every other event's refresh does.
    ``source`` names where the closing came from in the history line (e.g. 台账导入).
    """
    if book is not None:
        calendar, events = book.calendar, book.of(case.id)
    else:
        calendar, events = load_calendar(session), case_events(session, case.id)
    outcome = closing_outcome(case, day, method, events, calendar, source)
    store_clock(case, outcome.clock)
    closing = Closing(**closing_values(case.id, day, method, actor_id, conditions, outcome))
    session.add(closing)
    if book is not None:
        book.close(case.id, day, method)
    else:
        refresh_case_clock(session, case, calendar)  # the same clock, and its timeline
    add_history(session, case, actor_id, "closing", outcome.summary)
    return closing


def event_starts(session: Session, case_id: int) -> list[tuple[dt.date, str]]:
    """The first day of each standing event of the case, and what it is, for the closing rule."""
    starts: list[tuple[dt.date, str]] = []
    for start, kind in session.execute(
        select(ExcludedPeriod.start, ExcludedPeriod.kind).where(
            ExcludedPeriod.case_id == case_id, ExcludedPeriod.voided_at.is_(None)
        )
    ):
        starts.append((start, f"{kind}期间"))
    starts += [
        (day, "延长（批准日期）")
        for day in session.scalars(
            select(Extension.approved_on).where(
                Extension.case_id == case_id, Extension.voided_at.is_(None)
            )
        )
    ]
    starts += [
        (day, "移交")
        for day in session.scalars(
            select(Transfer.transferred_on).where(
                Transfer.case_id == case_id, Transfer.voided_at.is_(None)
            )
        )
    ]
    return starts
