"""Hand-built cases for the report and export tests (rows inserted directly, state set by hand)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from model.calendar.timeline import insert_new_case_rows, new_case_rows
from model.entities import (
    Case,
    CaseGroup,
    CaseStatus,
    ClockSpan,
    Closing,
    Party,
    PartySide,
    Person,
    Team,
    Track,
    TriageDecision,
)
from model.storage.bulk import refresh_statistics

D = dt.date


def team_id(session: Session, code: str) -> int:
    """The id of the team with this code ("fast" / "ordinary")."""
    return session.scalars(select(Team.id).where(Team.code == code)).one()


def group_id(session: Session, name: str) -> int:
    """The id of a case group by name."""
    return session.scalars(select(CaseGroup.id).where(CaseGroup.name == name)).one()


def person_id(session: Session, name: str) -> int:
    """The id of a person by name."""
    return session.scalars(select(Person.id).where(Person.name == name)).one()


def add_case(
    session: Session,
    sequence: int,
    filed: dt.date,
    *,
    track: Track = Track.SIMPLE,
    group: str | None = None,
    judge: str | None = None,
    due: dt.date | None = None,
    statutory_due: dt.date | None = None,
    closed: dt.date | None = None,
    method: str = "执行完毕",
    met: bool | None = None,
    status: CaseStatus | None = None,
    applicant: str = "张三",
    respondent: str = "李四",
    ticked: list[str] | None = None,
) -> Case:
    """Insert a case as a finished intake would leave it; ``met`` adds a Closing row."""
    team = team_id(session, "fast" if track is Track.SIMPLE else "ordinary")
    number = f"（{filed.year}）吉0605执{sequence}号"
    case = Case(
        number=number,
        year=filed.year,
        court_code="吉0605",
        type_code="执",
        sequence=sequence,
        filing_date=filed,
        amount=Decimal("1000"),
        applicant_names=applicant,
        respondent_names=respondent,
        track=track,
        team_id=team,
        group_id=group_id(session, group) if group else None,
        judge_id=person_id(session, judge) if judge else None,
        status=status or (CaseStatus.CLOSED if closed else CaseStatus.PENDING),
        due_date=due,
        statutory_due_date=statutory_due,
        closed_on=closed,
        closing_method=method if closed else None,
    )
    case.parties.append(Party(side=PartySide.APPLICANT, name=applicant, ordinal=0))
    case.parties.append(
        Party(side=PartySide.RESPONDENT, name=respondent, party_type="自然人", ordinal=1)
    )
    session.add(case)
    session.flush()
    codes = ticked if ticked is not None else ({Track.SIMPLE: ["S2"]}.get(track, ["O1"]))
    session.add(
        TriageDecision(
            case_id=case.id,
            ticked=codes,
            proposed_track=track,
            deciding=codes,
            final_track=track,
        )
    )
    spans_as_stored(session, [case.id])
    if closed and met is not None:
        session.add(
            Closing(
                case_id=case.id,
                closed_on=closed,
                method=method,
                met_track_limit=met,
                met_statutory_limit=True,
            )
        )
    return case


def bulk_cases(session: Session, count: int, pending_every: int = 50) -> None:
    """Insert ``count`` plain cases fast (Core executemany); one in ``pending_every`` is pending."""
    fast, ordinary = team_id(session, "fast"), team_id(session, "ordinary")
    groups = [group_id(session, n) for n in ("第一办案组", "第二办案组", "第三办案组")]
    judges = [person_id(session, n) for n in ("王爱军", "姜福义", "战殿有")]
    rows = []
    for i in range(count):
        filed = D(2025, 1, 1) + dt.timedelta(days=i % 700)
        closed = None if i % pending_every == 0 else filed + dt.timedelta(days=20 + i % 90)
        simple = i % 2 == 0
        rows.append(
            {
                "number": f"（{filed.year}）吉0605执{i + 1}号",
                "year": filed.year,
                "court_code": "吉0605",
                "type_code": "执",
                "sequence": i + 1,
                "filing_date": filed,
                "track": Track.SIMPLE if simple else Track.ORDINARY,
                "team_id": fast if simple else ordinary,
                "group_id": groups[i % 3] if simple else None,
                "judge_id": judges[i % 3],
                "status": CaseStatus.CLOSED if closed else CaseStatus.PENDING,
                "due_date": filed + dt.timedelta(days=30 if simple else 180),
                "statutory_due_date": filed + dt.timedelta(days=182),
                "closed_on": closed,
                "closing_method": "执行完毕" if closed else None,
                "applicant_names": f"申请人{i}",
                "respondent_names": f"被执行人{i}",
            }
        )
    session.connection().execute(Case.__table__.insert(), rows)
    spans_as_stored(session)
    refresh_statistics(session.connection(), count)  # as the ledger import does


def spans_as_stored(session: Session, case_ids: list[int] | None = None) -> None:
    """Give hand-built cases the timeline their hand-set state implies (no events).

    In hand from filing, closed from the closing day; a case set to 中止 by hand is
    suspended from filing. Only cases without a timeline yet (``case_ids`` or all).
    """
    table = Case.__table__
    query = select(table).where(~table.c.id.in_(select(ClockSpan.case_id)))
    if case_ids is not None:
        query = query.where(table.c.id.in_(case_ids))
    rows = []
    for row in session.connection().execute(query).mappings():
        spans = new_case_rows(dict(row))
        if row["status"] is CaseStatus.SUSPENDED:
            for span in spans:
                span.update(status=CaseStatus.SUSPENDED, due_date=None, statutory_due_date=None)
        rows += spans
    insert_new_case_rows(session, rows)
