"""超期及临期案件: the cases pending on a day that are overdue or due soon on either limit.

The weekly sheet's second page and the 报表 tab's list, as of the sheet's day (SPEC §3
"As of a day"): each case with its clock on that day (``model.reports.as_of.clock_on``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from model.cases.queries import HANDLER_NAMES, join_handler_names
from model.entities import OPEN_CASES, Case, CaseStatus
from model.reports.as_of import DUE_SOON_DAYS, clock_on

TRACK_LIMIT = "超期"
STATUTORY_LIMIT = "超审限"


@dataclass(frozen=True)
class UrgentCase:
    """A case pending on the day that is overdue or due within 7 days on either limit."""

    case_id: int
    number: str
    applicants: str
    respondents: str
    team: str
    group: str
    judge: str
    due_date: dt.date | None  # 到期日 (track limit) on the day
    statutory_due_date: dt.date | None  # 法定到期日 on the day
    days_left: int | None  # to the track limit; negative when overdue
    statutory_days_left: int | None = None  # to the statutory limit; negative when overdue

    @property
    def overdue(self) -> bool:
        """Past its track limit (超期)."""
        return self.days_left is not None and self.days_left < 0

    @property
    def statutory_overdue(self) -> bool:
        """Past its statutory limit (超审限)."""
        return self.statutory_days_left is not None and self.statutory_days_left < 0

    @property
    def urgency(self) -> int:
        """Days to the nearer limit (negative: overdue on it)."""
        lefts = [n for n in (self.days_left, self.statutory_days_left) if n is not None]
        return min(lefts) if lefts else 0

    @property
    def limits(self) -> str:
        """Which limit makes it urgent: 超期、超审限, 超审限 (62 天), 临期（团队期限）…"""
        overdue = [
            f"{name}{-left}天"
            for name, left in (
                (TRACK_LIMIT, self.days_left),
                (STATUTORY_LIMIT, self.statutory_days_left),
            )
            if left is not None and left < 0
        ]
        if overdue:
            return "、".join(overdue)
        soon = [
            name
            for name, left in (("团队期限", self.days_left), ("法定期限", self.statutory_days_left))
            if left is not None and left <= DUE_SOON_DAYS
        ]
        if self.urgency == 0:
            return f"今日到期（{'、'.join(soon)}）"
        return f"临期（{'、'.join(soon)}）"


def urgent_cases(
    session: Session, as_of: dt.date, cases: ColumnElement[bool] | None = None
) -> list[UrgentCase]:
    """Every case pending on ``as_of`` whose clock runs and that is overdue or due within
    7 days on either limit, most urgent (nearer limit) first, then by case number."""
    span, on = clock_on(as_of)
    cutoff = as_of + dt.timedelta(days=DUE_SOON_DAYS)
    query = join_handler_names(
        select(
            Case.id,
            Case.number,
            Case.applicant_names,
            Case.respondent_names,
            *HANDLER_NAMES,
            span.due_date,
            span.statutory_due_date,
        )
        .select_from(Case)
        .join(span, on),
        span,  # who had the case on the day
    ).where(
        span.status == CaseStatus.PENDING,
        or_(span.due_date <= cutoff, span.statutory_due_date <= cutoff),
    )
    if cases is not None:
        query = query.where(cases)
    # Pending on as_of: open now, or closed only after as_of. Two queries so that each
    # reads its own index (the open cases; closed_on for the few closed since) instead
    # of every case a decade filed.
    rows = [
        *session.execute(query.where(OPEN_CASES, Case.filing_date <= as_of)),
        *session.execute(query.where(Case.closed_on > as_of)),
    ]
    found = [
        UrgentCase(
            case_id=row[0],
            number=row[1],
            applicants=row[2] or "",
            respondents=row[3] or "",
            team=row[4] or "",
            group=row[5] or "",
            judge=row[6] or "",
            due_date=row[7],
            statutory_due_date=row[8],
            days_left=(row[7] - as_of).days if row[7] is not None else None,
            statutory_days_left=(row[8] - as_of).days if row[8] is not None else None,
        )
        for row in rows
    ]
    found.sort(key=lambda item: (item.urgency, item.number))
    return found
