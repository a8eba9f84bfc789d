"""延长: an extension approved by the president or a vice-president (SPEC §3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import Action, authorise
from model.calendar.clock import refresh_case_clock
from model.calendar.deadlines import EXTENSION_NOTICE_DAYS
from model.cases.events.base import (
    add_history,
    check_day,
    clock_note,
    fmt,
    open_case,
    required_text,
)
from model.entities import Extension
from model.errors import UserError
from model.roster.names import normalise_name

APPROVER_TITLES = ("院长", "副院长")
"""Who may approve an extension: the court president or a vice-president, not the chief."""


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

    The request is due at least 5 days before the limit expires; when recorded later
    it is kept, marked ``late``, and the warning is returned.
    """
    today = today or dt.date.today()
    with sessions.begin() as s:
        case = open_case(s, case_id, expected_version=expected_version)
        authorise(s, actor_id, Action.RECORD_EVENT, case=case)
        if months < 1 or months > 12:
            raise UserError("延长月数须在 1 至 12 个月之间。", field="months")
        name = normalise_name(approver_name)
        if not name:
            raise UserError("请填写批准人姓名。", field="approver_name")
        if approver_title not in APPROVER_TITLES:
            raise UserError(
                "延长期限须由院长或副院长批准，执行局局长无权批准。", field="approver_title"
            )
        text = required_text(reason, "延长理由", "reason")
        day = check_day(case, approved_on, today, "批准日期", "approved_on")
        limits = [d for d in (case.due_date, case.statutory_due_date) if d is not None]
        limit = min(limits) if limits else None
        warning = None
        if limit is not None and (limit - today).days < EXTENSION_NOTICE_DAYS:
            left = (limit - today).days
            when = f"仅剩 {left} 日" if left >= 0 else f"已超期 {-left} 日"
            warning = (
                f"延长申请应在期限届满 {EXTENSION_NOTICE_DAYS} 日前提出；本案期限于"
                f" {fmt(limit)} 届满，登记时{when}，已标记为逾期申请。"
            )
        extension = Extension(
            case_id=case.id,
            months=months,
            approver_name=name,
            approver_title=approver_title,
            approved_on=day,
            reason=text,
            late=warning is not None,
            recorded_by_id=actor_id,
        )
        s.add(extension)
        refresh_case_clock(s, case)
        add_history(
            s,
            case,
            actor_id,
            "extension",
            f"延长期限 {months} 个月（{approver_title}{name} {fmt(day)} 批准），理由：{text}"
            f"{'（逾期申请）' if warning else ''}；{clock_note(case)}",
        )
        s.flush()
        return ExtensionResult(extension.id, warning)
