"""Test helpers: cases inserted directly, with their clock computed, for any area's tests."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.access.audit_packing import RowChange, row_changes
from model.calendar.clock import refresh_case_clock
from model.entities import AuditEntry, Case, CaseGroup, Person, Team, Track

_sequence = itertools.count(1)


def team_by_code(session: Session, code: str) -> Team:
    """The seeded team "fast" or "ordinary"."""
    return session.scalars(select(Team).where(Team.code == code)).one()


def person_by_name(session: Session, name: str) -> Person:
    """A seeded person by name."""
    return session.scalars(select(Person).where(Person.name == name)).one()


def group_by_name(session: Session, name: str) -> CaseGroup:
    """A seeded case group by name (第一办案组 …)."""
    return session.scalars(select(CaseGroup).where(CaseGroup.name == name)).one()


def make_case(
    session: Session,
    number: str | None = None,
    filing_date: dt.date = dt.date(2026, 3, 2),
    track: Track = Track.SIMPLE,
    *,
    group: str | None = None,
    judge: str | None = None,
    assigned: bool = True,
    applicants: str = "张三",
    respondents: str = "李四",
    non_litigation: bool = False,
    type_code: str = "执",
) -> Case:
    """Insert a case (not through intake) and compute its clock; returns it flushed.

    Simple cases go to the fast-track team (第一办案组 unless ``group`` says otherwise),
    the others to the ordinary team with judge 姜福义 unless ``judge`` says otherwise;
    ``assigned=False`` leaves it without a handler.
    """
    sequence = next(_sequence)
    if number is None:
        number = f"（{filing_date.year}）吉0605{type_code}{sequence}号"
    team = team_by_code(session, "fast" if track is Track.SIMPLE else "ordinary")
    case = Case(
        number=number,
        year=filing_date.year,
        court_code="吉0605",
        type_code=type_code,
        sequence=sequence,
        filing_date=filing_date,
        non_litigation=non_litigation,
        basis_kind="行政机关决定" if non_litigation else "其他",
        applicant_names=applicants,
        respondent_names=respondents,
        track=track,
        team_id=team.id,
    )
    if assigned:
        if group is None and track is Track.SIMPLE and judge is None:
            group = "第一办案组"
        if group is not None:
            case_group = group_by_name(session, group)
            case.group_id = case_group.id
            case.judge_id = case_group.judge_id
        else:
            case.judge_id = person_by_name(session, judge or "姜福义").id
        case.assigned_on = filing_date
    session.add(case)
    session.flush()
    refresh_case_clock(session, case)
    session.flush()
    return case


def snapshot(session: Session, case_id: int) -> tuple[object, ...]:
    """The rows an event may write for a case, to check a refused action wrote nothing."""
    from sqlalchemy import func

    from model.entities import (
        Assignment,
        Closing,
        ExcludedPeriod,
        Extension,
        HistoryEntry,
        Transfer,
    )

    counts = tuple(
        session.scalar(select(func.count()).select_from(t).where(t.case_id == case_id))
        for t in (Assignment, Closing, ExcludedPeriod, Extension, HistoryEntry, Transfer)
    )
    case = session.get(Case, case_id)
    assert case is not None
    state = (
        case.track,
        case.team_id,
        case.group_id,
        case.judge_id,
        case.status,
        case.due_date,
        case.statutory_due_date,
        case.closed_on,
    )
    return counts + state


def recorded_changes(
    sessions: sessionmaker[Session], since: int = 0, entity: str | None = None
) -> list[RowChange]:
    """The row changes the record holds after entry ``since`` (of table ``entity``)."""
    table = AuditEntry.__table__
    with sessions() as session:
        rows = session.execute(select(table).where(table.c.seq > since).order_by(table.c.seq))
        found = [change for row in rows.mappings() for change in row_changes(row)]
    return [change for change in found if entity is None or change.entity == entity]
