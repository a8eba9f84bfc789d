"""Case lists as SQL: the filters of the deadlines tab, shared by the window and the exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, or_, select

from model.entities import Case, CaseStatus, Track


@dataclass(frozen=True)
class CaseFilter:
    """What the user narrowed a case list to; None means "any"."""

    team_id: int | None = None
    group_id: int | None = None
    judge_id: int | None = None
    track: Track | None = None
    statuses: frozenset[CaseStatus] | None = None  # None: every status
    text: str = ""  # a fragment of the case number or a party's name
    special_only: bool = False


def filtered_cases(case_filter: CaseFilter | None = None) -> Select[tuple[Case]]:
    """A SELECT of the cases matching the filter, most urgent first (no due date last)."""
    query = select(Case)
    f = case_filter or CaseFilter()
    if f.team_id is not None:
        query = query.where(Case.team_id == f.team_id)
    if f.group_id is not None:
        query = query.where(Case.group_id == f.group_id)
    if f.judge_id is not None:
        query = query.where(Case.judge_id == f.judge_id)
    if f.track is not None:
        query = query.where(Case.track == f.track)
    if f.special_only:
        query = query.where(Case.track == Track.SPECIAL)
    if f.statuses is not None:
        query = query.where(Case.status.in_(list(f.statuses)))
    text = f.text.strip()
    if text:
        pattern = f"%{text}%"
        query = query.where(
            or_(
                Case.number.like(pattern),
                Case.applicant_names.like(pattern),
                Case.respondent_names.like(pattern),
            )
        )
    return query.order_by(Case.due_date.is_(None), Case.due_date, Case.number)


def days_left(due: dt.date | None, today: dt.date) -> int | None:
    """剩余天数: the due date minus today, negative when overdue."""
    return None if due is None else (due - today).days
