"""Events on a case's clock (第九条 periods, 延长), each one user action in one transaction.

Every service checks its input first and raises ``UserError`` (in Chinese, naming
the field) before anything is written; every accepted event adds a ``HistoryEntry``
and recomputes the case's clock. The closing, the transfer and the corrections of
mistaken entries live in the sibling ``events_*`` modules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.clock import refresh_case_clock
from model.concurrency import load_case_for_update
from model.deadlines import EXTENSION_NOTICE_DAYS
from model.entities import Case, CaseStatus, ExcludedPeriod, ExclusionKind, Extension, HistoryEntry
from model.errors import UserError
from model.names import normalise_name
from model.permissions import Action, authorise

APPROVER_TITLES = ("院长", "副院长")
"""Who may approve an extension: the court president or a vice-president, not the chief."""


# --- shared by the event services -------------------------------------------------


def fmt(day: dt.date | None) -> str:
    """A date as the history and the dialogs write it."""
    return "—" if day is None else f"{day:%Y-%m-%d}"


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
    if not allow_closed and case.status is CaseStatus.CLOSED:
        raise UserError(f"{case.number}已结案；如结案记录有误，请先更正结案记录。")
    return case


def check_day(case: Case, day: dt.date | None, today: dt.date, label: str, field: str) -> dt.date:
    """A date of an event: required, not before filing, not after today."""
    if day is None:
        raise UserError(f"请填写{label}。", field=field)
    if day < case.filing_date:
        raise UserError(f"{label}不能早于立案日期（{fmt(case.filing_date)}）。", field=field)
    if day > today:
        raise UserError(f"{label}不能晚于今天（{fmt(today)}）。", field=field)
    return day


def required_text(value: str, label: str, field: str) -> str:
    """A free text the user must fill (a reason), stripped."""
    text = value.strip()
    if not text:
        raise UserError(f"请填写{label}。", field=field)
    return text


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


# --- excluded periods (第九条) -----------------------------------------------------


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
