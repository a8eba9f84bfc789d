"""结案: methods, dates, 终本 and its conditions, whether the limits were met."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker

from model.cases.events.closing import FINAL_CONDITIONS, close_case
from model.cases.events.periods import record_excluded_period
from model.entities import Case, CaseStatus, Closing, Track
from model.errors import UserError
from tests.factories import make_case, snapshot

D = dt.date
ALL = dict.fromkeys(FINAL_CONDITIONS, True)


@pytest.fixture
def case_id(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as s:
        return make_case(s, filing_date=D(2026, 3, 2), track=Track.SIMPLE).id


def test_closing_within_the_month(sessions: sessionmaker[Session], case_id: int) -> None:
    closing_id = close_case(sessions, case_id, D(2026, 3, 31), "执行完毕", 1, today=D(2026, 4, 1))
    with sessions() as s:
        closing = s.get(Closing, closing_id)
        case = s.get(Case, case_id)
        assert closing is not None and case is not None
        assert closing.met_track_limit and closing.met_statutory_limit
        assert case.status is CaseStatus.CLOSED and case.closed_on == D(2026, 3, 31)
        assert case.closing_method == "执行完毕"


def test_closing_after_the_track_limit(sessions: sessionmaker[Session], case_id: int) -> None:
    closing_id = close_case(sessions, case_id, D(2026, 4, 3), "执行完毕", 1, today=D(2026, 5, 1))
    with sessions() as s:
        closing = s.get(Closing, closing_id)
        assert closing is not None
        assert not closing.met_track_limit and closing.met_statutory_limit


def test_closing_while_suspended_counts_the_suspension(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    today = D(2026, 5, 1)
    record_excluded_period(sessions, case_id, "中止执行", D(2026, 3, 20), None, "x", 1, today)
    closing_id = close_case(sessions, case_id, D(2026, 4, 20), "终结执行", 1, today=today)
    with sessions() as s:
        closing = s.get(Closing, closing_id)
        assert closing is not None and closing.met_track_limit


def test_final_closing_with_conditions(sessions: sessionmaker[Session], case_id: int) -> None:
    closing_id = close_case(
        sessions, case_id, D(2026, 6, 3), "终结本次执行程序", 1, ALL, today=D(2026, 6, 5)
    )
    with sessions() as s:
        closing = s.get(Closing, closing_id)
        assert closing is not None and closing.conditions == ALL


@pytest.mark.parametrize(
    ("day", "method", "conditions", "field", "message"),
    [
        (D(2026, 3, 1), "执行完毕", None, "closed_on", "不能早于立案日期"),
        (D(2026, 7, 2), "执行完毕", None, "closed_on", "不能晚于今天"),
        (None, "执行完毕", None, "closed_on", "请填写结案日期"),
        (D(2026, 5, 1), "结了", None, "method", "请选择结案方式"),
        (D(2026, 6, 2), "终结本次执行程序", ALL, "closed_on", "须立案满3个月"),
        (
            D(2026, 6, 3),
            "终结本次执行程序",
            {**ALL, "property_searched": False},
            "conditions",
            "已穷尽财产调查措施",
        ),
    ],
)
def test_bad_closings_are_refused_and_write_nothing(
    sessions: sessionmaker[Session],
    case_id: int,
    day: dt.date | None,
    method: str,
    conditions: dict[str, bool] | None,
    field: str,
    message: str,
) -> None:
    with sessions() as s:
        before = snapshot(s, case_id)
    with pytest.raises(UserError, match=message) as error:
        close_case(sessions, case_id, day, method, 1, conditions, today=D(2026, 7, 1))
    assert error.value.field == field
    with sessions() as s:
        assert snapshot(s, case_id) == before


def test_a_closed_case_cannot_be_closed_again(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    close_case(sessions, case_id, D(2026, 3, 31), "执行完毕", 1, today=D(2026, 4, 1))
    with pytest.raises(UserError, match="已结案"):
        close_case(sessions, case_id, D(2026, 3, 31), "销案", 1, today=D(2026, 4, 1))
