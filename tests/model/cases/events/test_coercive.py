"""强制措施: recorded by the group's police officer (or the chief), refused for others."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import PermissionDenied
from model.cases.events.coercive import record_coercive_measure
from model.entities import Case, CoerciveMeasure, HistoryEntry, Person, Track
from model.errors import UserError
from tests.factories import make_case

D = dt.date
TODAY = D(2026, 4, 1)


def person(sessions: sessionmaker[Session], name: str) -> int:
    with sessions() as s:
        return s.scalar(select(Person.id).where(Person.name == name))  # type: ignore[return-value]


@pytest.fixture
def case_id(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as s:
        # 第一办案组: judge 王爱军, police 邹本刚, clerk 高博.
        return make_case(s, filing_date=D(2026, 3, 2), track=Track.SIMPLE).id


def measures(sessions: sessionmaker[Session]) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(CoerciveMeasure)) or 0


def test_the_groups_police_officer_records_a_measure(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    police = person(sessions, "邹本刚")
    record_coercive_measure(
        sessions, case_id, "查封", D(2026, 3, 20), police, "查封房产一处", police, TODAY
    )
    with sessions() as s:
        measure = s.scalars(select(CoerciveMeasure)).one()
        assert (measure.kind, measure.officer_id, measure.recorded_by_id) == (
            "查封",
            police,
            police,
        )
        lines = s.scalars(select(HistoryEntry.summary).where(HistoryEntry.case_id == case_id))
        assert any(
            "强制措施：查封（2026-03-20，司法警察 邹本刚），查封房产一处" in x for x in lines
        )
        case = s.get(Case, case_id)
        assert case is not None and case.due_date == D(2026, 4, 2)  # the clock does not move


def test_the_chief_may_record_for_a_police_officer(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    chief, police = person(sessions, "王爱军"), person(sessions, "邹本刚")
    record_coercive_measure(sessions, case_id, "冻结", D(2026, 3, 5), police, "", chief, TODAY)
    assert measures(sessions) == 1


@pytest.mark.parametrize("actor", ["高博", "付兆强"])  # a clerk; police of another group
def test_others_are_refused_and_nothing_is_written(
    sessions: sessionmaker[Session], case_id: int, actor: str
) -> None:
    with pytest.raises(PermissionDenied):
        record_coercive_measure(
            sessions,
            case_id,
            "拘传",
            D(2026, 3, 5),
            person(sessions, "邹本刚"),
            "",
            person(sessions, actor),
            TODAY,
        )
    assert measures(sessions) == 0


@pytest.mark.parametrize(
    ("kind", "day", "officer", "message"),
    [
        ("罚款", D(2026, 3, 5), "邹本刚", "强制措施须为"),
        ("查封", D(2026, 3, 1), "邹本刚", "执行日期"),  # before filing
        ("查封", D(2026, 4, 2), "邹本刚", "执行日期"),  # in the future
        ("查封", D(2026, 3, 5), "高博", "司法警察"),  # a clerk is no police officer
    ],
)
def test_bad_input_is_refused_in_chinese(
    sessions: sessionmaker[Session],
    case_id: int,
    kind: str,
    day: dt.date,
    officer: str,
    message: str,
) -> None:
    with pytest.raises(UserError, match=message):
        record_coercive_measure(
            sessions,
            case_id,
            kind,
            day,
            person(sessions, officer),
            "",
            person(sessions, "王爱军"),
            TODAY,
        )
    assert measures(sessions) == 0
