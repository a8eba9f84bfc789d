"""延长: an extension approved by the president or a vice-president (SPEC §3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import Action, authorise
from model.calendar.clock import refresh_case_clock
from model.calendar.event_book import EventBook
from model.cases.events.base import add_history, clock_note, fmt, open_case, refuse_closed
from model.cases.events.rules import (
    APPROVER_TITLES,
    CheckedExtension,
    check_extension,
    late_request_warning,
)
from model.entities import Case, Extension

__all__ = ["APPROVER_TITLES", "ExtensionResult", "add_extension", "record_extension"]


@dataclass(frozen=True)
class ExtensionResult:
    """A recorded extension and, when it came late, the warning to show."""

    extension_id: int
    warning: str | None


def record_extension(
    sessions: sessionmaker[Session],
    case_id: int,
    approver_name: str,
    approver_title: str,
    reason: str,
    approved_on: dt.date | None,
    actor_id: int | None,
    months: int = 3,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> ExtensionResult:
    """延长期限, approved by the 院长 or a 副院长 (not the bureau chief), normally 3 months.

    The request is due at least 5 days before the statutory limit expires, judged by
    the approval date; when approved later it is kept, marked ``late``, and the
    warning is returned.
    """
    today = today or dt.date.today()
    with sessions.begin() as s:
        case = open_case(s, case_id, allow_closed=True, expected_version=expected_version)
        authorise(s, actor_id, Action.RECORD_EVENT, case=case)
        checked = check_extension(
            case.filing_date,
            today,
            months,
            approver_name,
            approver_title,
            reason,
            approved_on,
            closed_on=case.closed_on,
        )
        refuse_closed(case)  # a closed case: the approval came before the closing
        extension, warning = add_extension(s, case, checked, actor_id)
        s.flush()
        return ExtensionResult(extension.id, warning)


def add_extension(
    session: Session,
    case: Case,
    checked: CheckedExtension,
    actor_id: int | None,
    source: str = "",
    *,
    book: EventBook | None = None,
) -> tuple[Extension, str | None]:
    """Record a checked extension inside ``session``: the clock and the history line.

    ``source`` names where it came from in the history line (e.g. 台账导入);
    ``book``: the cases' events, when the caller records many (a ledger import).
    """
    warning = late_request_warning(case.statutory_due_date, checked.approved_on)
    extension = Extension(
        case_id=case.id,
        months=checked.months,
        approver_name=checked.approver_name,
        approver_title=checked.approver_title,
        approved_on=checked.approved_on,
        reason=checked.reason,
        late=warning is not None,
        recorded_by_id=actor_id,
    )
    session.add(extension)
    if book is not None:
        book.add_months(case.id, checked.months)
    refresh_case_clock(session, case, book=book)
    add_history(
        session,
        case,
        actor_id,
        "extension",
        f"延长期限{f'（{source}）' if source else ''} {checked.months} 个月"
        f"（{checked.approver_title}{checked.approver_name} {fmt(checked.approved_on)} 批准），"
        f"理由：{checked.reason}{'（逾期申请）' if warning else ''}；{clock_note(case)}",
    )
    return extension, warning
