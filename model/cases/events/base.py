"""What every event service shares: loading the case, checking dates and texts, the history line."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.cases.events.rules import event_day, fmt, required_text
from model.entities import Case, CaseStatus, HistoryEntry
from model.errors import UserError
from model.storage.concurrency import load_case_for_update

__all__ = [
    "add_history",
    "check_day",
    "clock_note",
    "fmt",
    "open_case",
    "refuse_closed",
    "required_text",
]


def open_case(
    session: Session,
    case_id: int,
    *,
    allow_closed: bool = False,
    expected_version: int | None = None,
) -> Case:
    """The case, refused when missing or (unless allowed) already closed.

    ``expected_version`` is the version the user saw; a case changed since is refused
    with the newer state (ConcurrentChangeError).
    """
    case = load_case_for_update(session, case_id, expected_version)
    if case is None:
        raise UserError("找不到这个案件，可能已被删除，请刷新后重试。")
    if not allow_closed:
        refuse_closed(case)
    return case


def refuse_closed(case: Case) -> None:
    """A closed case takes no new events (those dated after its closing are refused sooner)."""
    if case.status is CaseStatus.CLOSED:
        raise UserError(f"{case.number}已结案；如结案记录有误，请先更正结案记录。")


def check_day(case: Case, day: dt.date | None, today: dt.date, label: str, field: str) -> dt.date:
    """A date of an event: required, not before filing, not after today."""
    return event_day(case.filing_date, day, today, label, field)


def add_history(
    session: Session, case: Case, actor_id: int | None, kind: str, summary: str
) -> None:
    """Write one line of the case's history."""
    session.add(HistoryEntry(case_id=case.id, actor_id=actor_id, kind=kind, summary=summary))


def clock_note(case: Case) -> str:
    """The clock after an event, for the history line."""
    if case.status is CaseStatus.SUSPENDED:
        return f"期限中止（中止时剩余 {case.days_left_at_suspension} 日）"
    return f"到期日 {fmt(case.due_date)}，法定到期日 {fmt(case.statutory_due_date)}"


def case_number(sessions: sessionmaker[Session], case_id: int) -> str:
    """The case's 案号 ("" if there is no such case), for the title of an event's dialog."""
    with sessions() as session:
        return session.scalar(select(Case.number).where(Case.id == case_id)) or ""
