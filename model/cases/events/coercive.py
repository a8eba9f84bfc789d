"""强制措施: the coercive measures the judicial police carry out (the seed's 四（1）)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import Action, authorise
from model.cases.events.base import add_history, check_day, fmt, open_case
from model.entities import (
    COERCIVE_MEASURES,
    Case,
    CaseGroup,
    CaseStatus,
    CoerciveMeasure,
    Person,
    Role,
)
from model.errors import UserError


def record_coercive_measure(
    sessions: sessionmaker[Session],
    case_id: int,
    kind: str,
    carried_out_on: dt.date | None,
    officer_id: int | None,
    note: str,
    actor_id: int | None,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> int:
    """Record a measure (拘传、拘留、搜查、查封、扣押、冻结、强制迁出) on a case; its id.

    The police officer who carried it out is named (a 司法警察 on the roster); the
    measure is history, it does not move the case's clock.
    """
    today = today or dt.date.today()
    with sessions.begin() as s:
        case = open_case(s, case_id, expected_version=expected_version)
        authorise(s, actor_id, Action.RECORD_COERCIVE, case=case)
        if case.status is CaseStatus.CLOSED:
            raise UserError("本案已结案，不能再登记强制措施。", field="kind")
        if kind not in COERCIVE_MEASURES:
            raise UserError(f"强制措施须为：{'、'.join(COERCIVE_MEASURES)}。", field="kind")
        day = check_day(case, carried_out_on, today, "执行日期", "carried_out_on")
        officer = s.get(Person, officer_id) if officer_id is not None else None
        if officer is None or officer.role is not Role.POLICE:
            raise UserError("请选择实施强制措施的司法警察。", field="officer")
        measure = CoerciveMeasure(
            case_id=case.id,
            kind=kind,
            carried_out_on=day,
            officer_id=officer.id,
            note=note.strip(),
            recorded_by_id=actor_id,
        )
        s.add(measure)
        s.flush()
        detail = f"，{note.strip()}" if note.strip() else ""
        add_history(
            s,
            case,
            actor_id,
            "coercive",
            f"强制措施：{kind}（{fmt(day)}，司法警察 {officer.name}）{detail}",
        )
        return measure.id


def police_choices(sessions: sessionmaker[Session], case_id: int) -> list[tuple[str, int]]:
    """Active police officers, the case group's own officer first."""
    with sessions() as session:
        case = session.get(Case, case_id)
        group = session.get(CaseGroup, case.group_id) if case and case.group_id else None
        own = group.police_id if group else None
        people = session.scalars(
            select(Person).where(Person.role == Role.POLICE, Person.active).order_by(Person.id)
        ).all()
        ordered = sorted(people, key=lambda person: person.id != own)
        return [(person.name, person.id) for person in ordered]
