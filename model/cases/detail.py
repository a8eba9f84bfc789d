"""What the case detail dialog shows: the facts, both clocks and the whole history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.calendar.deadlines import next_property_check, property_check_dates
from model.calendar.workdays import load_calendar
from model.cases.events.payment import PaymentLine, payments_of
from model.cases.events.property_check import recorded_checks, resumed_case_of, resumed_from
from model.cases.property_schedule import ScheduledCheck, check_schedule
from model.entities import (
    Case,
    CaseGroup,
    CaseStatus,
    ExcludedPeriod,
    HistoryEntry,
    Person,
    Team,
    Track,
)
from model.errors import UserError

FINAL_METHOD = "终结本次执行程序"


@dataclass(frozen=True)
class HistoryLine:
    """One line of a case's history as a user reads it."""

    at: dt.datetime
    actor: str
    kind: str
    summary: str


@dataclass(frozen=True)
class CaseDetail:
    """A case's facts and clock, ready to show."""

    case_id: int
    number: str
    filing_date: dt.date
    applicants: str
    respondents: str
    track: Track
    non_litigation: bool
    basis_kind: str  # 执行依据类别
    team: str
    group: str
    judge: str
    status: CaseStatus
    due_date: dt.date | None
    statutory_due_date: dt.date | None
    days_left: int | None
    days_left_at_suspension: int | None
    closed_on: dt.date | None
    closing_method: str | None
    open_period_id: int | None
    property_checks: tuple[dt.date, ...]  # after 终本, every 6 months for 5 years
    next_property_check: dt.date | None
    check_schedule: tuple[ScheduledCheck, ...]  # each check's state (done, due, overdue)
    resumed_to: str  # the 执恢 case a property check registered, or ""
    resumed_from: str  # for a 执恢 case: the 终本 case it resumed, or ""
    missing_years: tuple[int, ...]  # years of the shown dates without holiday data
    history: tuple[HistoryLine, ...]
    payments: tuple[PaymentLine, ...] = ()  # 执行到位款, oldest first
    version: int = 1  # as read: the event dialogs send it back (optimistic locking)
    statutory_days_left: int | None = None  # 法定剩余天数 (negative: 超审限)

    @property
    def can_transfer(self) -> bool:
        """Only a pending fast-track (simple) case can be transferred."""
        return self.track is Track.SIMPLE and self.status is not CaseStatus.CLOSED

    @property
    def received_fen(self) -> int:
        """执行到位款 received so far, in fen."""
        return sum(line.amount_fen for line in self.payments)


def _history(s: Session, case_id: int) -> list[HistoryLine]:
    rows = s.execute(
        select(HistoryEntry.at, Person.name, HistoryEntry.kind, HistoryEntry.summary)
        .outerjoin(Person, Person.id == HistoryEntry.actor_id)
        .where(HistoryEntry.case_id == case_id)
        .order_by(HistoryEntry.at, HistoryEntry.id)
    )
    return [
        HistoryLine(at, name or "（未记录）", kind, summary) for at, name, kind, summary in rows
    ]


def case_detail(
    sessions: sessionmaker[Session], case_id: int, today: dt.date | None = None
) -> CaseDetail:
    """Everything the detail dialog shows about one case."""
    today = today or dt.date.today()
    with sessions() as s:
        case = s.get(Case, case_id)
        if case is None:
            raise UserError("找不到这个案件，可能已被删除，请刷新后重试。")
        team = s.get(Team, case.team_id) if case.team_id else None
        group = s.get(CaseGroup, case.group_id) if case.group_id else None
        judge = s.get(Person, case.judge_id) if case.judge_id else None
        open_id = s.scalar(
            select(ExcludedPeriod.id).where(
                ExcludedPeriod.case_id == case_id,
                ExcludedPeriod.end.is_(None),
                ExcludedPeriod.voided_at.is_(None),
            )
        )
        checks: tuple[dt.date, ...] = ()
        schedule: tuple[ScheduledCheck, ...] = ()
        if case.closing_method == FINAL_METHOD and case.closed_on is not None:
            checks = tuple(property_check_dates(case.closed_on))
            schedule = tuple(check_schedule(case.closed_on, recorded_checks(s, case.id), today))
        resumed_to = resumed_case_of(s, case.id)
        resumed_by = resumed_from(s, case.id)
        calendar = load_calendar(s)
        pending = case.status is CaseStatus.PENDING
        return CaseDetail(
            case_id=case.id,
            number=case.number,
            filing_date=case.filing_date,
            applicants=case.applicant_names,
            respondents=case.respondent_names,
            track=case.track,
            non_litigation=case.non_litigation,
            basis_kind=case.basis_kind,
            team=team.name if team else "",
            group=group.name if group else "",
            judge=judge.name if judge else "",
            status=case.status,
            due_date=case.due_date,
            statutory_due_date=case.statutory_due_date,
            days_left=(case.due_date - today).days if pending and case.due_date else None,
            days_left_at_suspension=case.days_left_at_suspension,
            closed_on=case.closed_on,
            closing_method=case.closing_method,
            open_period_id=open_id,
            property_checks=checks,
            next_property_check=(
                next_property_check(case.closed_on, today) if checks and case.closed_on else None
            ),
            check_schedule=schedule,
            resumed_to=resumed_to[1] if resumed_to else "",
            resumed_from=resumed_by[1] if resumed_by else "",
            missing_years=tuple(calendar.missing_years(case.due_date, case.statutory_due_date)),
            history=tuple(_history(s, case_id)),
            payments=tuple(payments_of(s, case_id)),
            version=case.version,
            statutory_days_left=(
                (case.statutory_due_date - today).days
                if pending and case.statutory_due_date
                else None
            ),
        )
