"""The holiday calendar editor's services: parsing, adding, removing, marking a year."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker

from model.calendar.holidays import (
    add_days,
    holiday_days,
    holiday_years,
    parse_days,
    remove_days,
    set_year_complete,
)
from model.calendar.workdays import load_calendar
from model.entities import Case, Track
from model.errors import UserError
from tests.factories import make_case

D = dt.date


def test_parse_days_and_ranges() -> None:
    assert parse_days("2027-01-01") == [D(2027, 1, 1)]
    assert parse_days("2027年2月15日至2027年2月17日，2027/10/1") == [
        D(2027, 2, 15), D(2027, 2, 16), D(2027, 2, 17), D(2027, 10, 1),
    ]  # fmt: skip
    with pytest.raises(UserError, match="无法识别"):
        parse_days("明年元旦")
    with pytest.raises(UserError, match="不是有效日期"):
        parse_days("2027-02-30")
    with pytest.raises(UserError, match="结束日期早于开始日期"):
        parse_days("2027-02-17至2027-02-15")


def test_add_a_year_and_clocks_follow(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case_id = make_case(s, filing_date=D(2026, 12, 1), track=Track.SIMPLE).id
        assert load_calendar(s).missing_years(D(2027, 1, 1)) == [2027]
    assert add_days(sessions, parse_days("2027-01-01"), False, "元旦") == 1
    with sessions() as s:
        case = s.get(Case, case_id)
        assert case is not None and case.due_date == D(2027, 1, 4)
    add_days(sessions, [D(2027, 2, 7)], True, "春节")
    assert holiday_days(sessions, 2027)[1].name == "春节调休上班"
    set_year_complete(sessions, 2027, True)
    info = next(y for y in holiday_years(sessions) if y.year == 2027)
    assert info.complete and info.days == 2
    remove_days(sessions, [D(2027, 1, 1)])
    with sessions() as s:
        case = s.get(Case, case_id)
        assert case is not None and case.due_date == D(2027, 1, 1)
    set_year_complete(sessions, 2027, False)
    assert not next(y for y in holiday_years(sessions) if y.year == 2027).complete


def test_bad_entries_are_refused(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(UserError, match="调休上班日应为周六或周日"):
        add_days(sessions, [D(2027, 2, 8)], True, "春节")
    with pytest.raises(UserError, match="请填写节日名称"):
        add_days(sessions, [D(2027, 2, 8)], False, " ")
    assert holiday_days(sessions, 2027) == []
