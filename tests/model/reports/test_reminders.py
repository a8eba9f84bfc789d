"""待办: each kind appears, leaves when its cause is gone, and reaches the right people."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker

from model.calendar.holidays import set_year_complete
from model.cases.events.closing import FINAL_CONDITIONS, close_case
from model.cases.events.extension import record_extension
from model.cases.events.property_check import NOTHING_FOUND, record_property_check
from model.cases.events.transfer import transfer_case
from model.entities import Case, HolidayYear, Track
from model.errors import UserError
from model.reports.reminder_settings import (
    DUE_SOON,
    HOLIDAY_FROM,
    reminder_values,
    save_reminder_settings,
)
from model.reports.reminders import ReminderKind, compute_reminders
from tests.factories import make_case, person_by_name

D = dt.date
ALL = dict.fromkeys(FINAL_CONDITIONS, True)
K = ReminderKind


def pid(sessions: sessionmaker[Session], name: str) -> int:
    with sessions() as s:
        return person_by_name(s, name).id


def kinds(
    sessions: sessionmaker[Session], today: dt.date, who: str | None, case_id: int | None = None
) -> set[ReminderKind]:
    """The kinds of the items about ``case_id`` (every item when None) that ``who`` sees."""
    with sessions() as s:
        person = person_by_name(s, who).id if who else None
        found = compute_reminders(s, today, person)
    return {item.kind for item in found.items if case_id is None or item.case_id == case_id}


def due_dates(sessions: sessionmaker[Session], case_id: int) -> tuple[dt.date, dt.date]:
    with sessions() as s:
        case = s.get(Case, case_id)
        assert case is not None and case.due_date and case.statutory_due_date
        return case.due_date, case.statutory_due_date


@pytest.fixture
def ordinary(sessions: sessionmaker[Session]) -> int:
    """An ordinary case of judge 姜福义 (普执团队, which has no groups)."""
    with sessions.begin() as s:
        return make_case(s, filing_date=D(2026, 3, 2), track=Track.ORDINARY).id


@pytest.fixture
def simple(sessions: sessionmaker[Session]) -> int:
    """A fast-track case of 第一办案组 (judge 王爱军, police 邹本刚, clerk 高博)."""
    with sessions.begin() as s:
        return make_case(s, filing_date=D(2026, 3, 2), track=Track.SIMPLE).id


def test_overdue_statutory_and_track(sessions: sessionmaker[Session], ordinary: int) -> None:
    _due, law = due_dates(sessions, ordinary)
    today = law + dt.timedelta(days=3)
    assert kinds(sessions, today, "姜福义", ordinary) == {K.STATUTORY_OVERDUE}
    assert kinds(sessions, law - dt.timedelta(days=20), "姜福义", ordinary) == set()
    with sessions() as s:
        item = compute_reminders(s, today, person_by_name(s, "姜福义").id).items[0]
    assert item.days_left == -3 and "超审限 3 日" in item.what and item.responsible == "姜福义"
    # the clerk of the team without groups sees it; another judge does not
    assert kinds(sessions, today, "王鑫", ordinary) == {K.STATUTORY_OVERDUE}
    assert kinds(sessions, today, "战殿有", ordinary) == set()
    close_case(sessions, ordinary, today, "执行完毕", None, today=today)
    assert kinds(sessions, today, "姜福义", ordinary) == set()


def test_track_overdue_only(sessions: sessionmaker[Session], simple: int) -> None:
    due, _law = due_dates(sessions, simple)
    today = due + dt.timedelta(days=2)
    assert kinds(sessions, today, "王爱军", simple) == {K.TRACK_OVERDUE}
    # the transfer gives it the ordinary limit: the cause is gone
    with sessions() as s:
        judge = person_by_name(s, "姜福义").id
    transfer_case(sessions, simple, None, judge, "案情复杂", None, today, today=today)
    assert K.TRACK_OVERDUE not in kinds(sessions, today, None, simple)


def test_due_soon_extension_and_who_sees_them(
    sessions: sessionmaker[Session], ordinary: int
) -> None:
    _due, law = due_dates(sessions, ordinary)
    today = law - dt.timedelta(days=4)
    assert kinds(sessions, today, "姜福义", ordinary) == {K.DUE_SOON, K.EXTENSION}
    with sessions() as s:
        found = compute_reminders(s, today, person_by_name(s, "姜福义").id)
    extension = next(item for item in found.items if item.kind is K.EXTENSION)
    assert extension.due == law - dt.timedelta(days=5)  # the request reaches the president
    assert f"{law - dt.timedelta(days=5):%Y-%m-%d} 前报院长" in extension.what
    # the ordinary team has no groups: everyone working on it sees its cases
    assert kinds(sessions, today, "邹本刚", ordinary) == {K.DUE_SOON, K.EXTENSION}
    # 10 days before: not yet due soon, but the extension is
    assert kinds(sessions, law - dt.timedelta(days=10), "姜福义", ordinary) == {K.EXTENSION}
    assert kinds(sessions, law - dt.timedelta(days=16), "姜福义", ordinary) == set()
    record_extension(sessions, ordinary, "李院长", "院长", "财产处置", today, None, today=today)
    assert kinds(sessions, today, "姜福义", ordinary) == set()


def test_transfer_or_close_for_fast_track(sessions: sessionmaker[Session], simple: int) -> None:
    due, _law = due_dates(sessions, simple)
    today = due - dt.timedelta(days=3)
    assert kinds(sessions, today, "高博", simple) == {K.DUE_SOON, K.TRANSFER}
    assert kinds(sessions, today, "邹本刚", simple) == {K.DUE_SOON, K.TRANSFER}
    assert kinds(sessions, today, "宋云鹏", simple) == set()  # another group's clerk
    assert kinds(sessions, today, "王鑫", simple) == set()  # works on the ordinary team only
    assert kinds(sessions, due - dt.timedelta(days=6), "王爱军", simple) == {K.DUE_SOON}
    close_case(sessions, simple, today, "执行完毕", None, today=today)
    assert kinds(sessions, today, "王爱军", simple) == set()


def test_a_suspended_case_has_nothing_due(sessions: sessionmaker[Session], simple: int) -> None:
    from model.cases.events.periods import record_excluded_period

    due, _law = due_dates(sessions, simple)
    today = due - dt.timedelta(days=1)
    record_excluded_period(sessions, simple, "中止执行", today, None, "x", None, today)
    assert kinds(sessions, today, None, simple) == set()


def test_property_check_due_and_recorded(sessions: sessionmaker[Session], ordinary: int) -> None:
    close_case(sessions, ordinary, D(2026, 6, 10), "终结本次执行程序", None, ALL, D(2026, 6, 10))
    # first check 2026-12-10: listed from 14 days before
    assert kinds(sessions, D(2026, 11, 25), "姜福义", ordinary) == set()
    assert kinds(sessions, D(2026, 11, 26), "姜福义", ordinary) == {K.PROPERTY_CHECK}
    assert kinds(sessions, D(2026, 11, 26), "王鑫", ordinary) == {K.PROPERTY_CHECK}
    assert kinds(sessions, D(2026, 11, 26), "战殿有", ordinary) == set()
    later = D(2027, 7, 1)  # two checks overdue
    with sessions() as s:
        item = compute_reminders(s, later, None).items[0]
    assert item.kind is K.PROPERTY_CHECK and item.due == D(2026, 12, 10)
    assert "共 2 次未登记" in item.what
    record_property_check(sessions, ordinary, D(2026, 12, 1), 1, NOTHING_FOUND, "", None, later)
    with sessions() as s:
        item = next(i for i in compute_reminders(s, later, None).items if i.case_id == ordinary)
    assert item.due == D(2027, 6, 10)
    record_property_check(sessions, ordinary, later, 1, NOTHING_FOUND, "", None, later)
    assert kinds(sessions, later, None, ordinary) == set()
    # six months after the last check (five years) fell due, the case leaves the list
    assert kinds(sessions, D(2031, 12, 11), None, ordinary) == set()
    assert kinds(sessions, D(2031, 12, 9), None, ordinary) == {K.PROPERTY_CHECK}


def test_a_check_due_on_a_shortened_month_end_is_listed_on_its_first_day(
    sessions: sessionmaker[Session],
) -> None:
    """31 August + 6 months is 28 February: the list's SQL bound allows the 3 days."""
    with sessions.begin() as s:
        case = make_case(s, filing_date=D(2025, 3, 3), track=Track.ORDINARY).id
    close_case(sessions, case, D(2025, 8, 31), "终结本次执行程序", None, ALL, D(2025, 8, 31))
    assert kinds(sessions, D(2026, 2, 13), None, case) == set()
    assert kinds(sessions, D(2026, 2, 14), None, case) == {K.PROPERTY_CHECK}  # due 02-28
    record_property_check(
        sessions, case, D(2026, 2, 20), 1, NOTHING_FOUND, "", None, D(2026, 2, 20)
    )
    assert kinds(sessions, D(2026, 8, 16), None, case) == set()
    assert kinds(sessions, D(2026, 8, 17), None, case) == {K.PROPERTY_CHECK}  # due 08-31


def test_holidays_for_the_chief_and_deputy_from_15_november(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as s:
        known = {y.year for y in s.query(HolidayYear)}
    year = max(known) + 1  # the first year without holidays
    day = D(year - 1, 11, 15)
    assert kinds(sessions, day, "王爱军") == {K.HOLIDAYS}
    assert kinds(sessions, day, "姜福义") == {K.HOLIDAYS}  # 副局长
    assert kinds(sessions, day, "战殿有") == set()
    assert kinds(sessions, day, "高博") == set()
    assert kinds(sessions, D(year - 1, 11, 14), "王爱军") == set()
    with sessions() as s:
        item = compute_reminders(s, day, None).items[0]
    assert item.responsible == "王爱军" and item.due == D(year - 1, 12, 31)
    set_year_complete(sessions, year, True)
    assert kinds(sessions, day, "王爱军") == set()


def test_everyone_grouped_by_judge_with_counts(
    sessions: sessionmaker[Session], ordinary: int, simple: int
) -> None:
    today = D(2026, 10, 1)
    with sessions() as s:
        found = compute_reminders(s, today, None)
    titles = [(section.title, len(section.items)) for section in found.sections()]
    assert titles == [("王爱军", 1), ("姜福义", 1)]
    with sessions() as s:
        mine = compute_reminders(s, today, person_by_name(s, "王爱军").id)
    assert mine.by_judge  # the chief sees everyone's, by judge
    assert len(mine) == 2
    with sessions() as s:
        judge = compute_reminders(s, today, person_by_name(s, "战殿有").id)
    assert not judge.by_judge and len(judge) == 0


def test_thresholds_are_settings_the_chief_changes(
    sessions: sessionmaker[Session], ordinary: int
) -> None:
    _due, law = due_dates(sessions, ordinary)
    today = law - dt.timedelta(days=4)
    chief, judge = pid(sessions, "王爱军"), pid(sessions, "战殿有")
    save_reminder_settings(sessions, {DUE_SOON: "3"}, chief)
    assert K.DUE_SOON not in kinds(sessions, today, None, ordinary)
    with pytest.raises(UserError, match="无权"):
        save_reminder_settings(sessions, {DUE_SOON: "10"}, judge)
    for bad in ("abc", "²", "91"):  # "²" is a digit to str.isdigit, not to int()
        with pytest.raises(UserError, match="0 至 90"):
            save_reminder_settings(sessions, {DUE_SOON: bad}, chief)
    with pytest.raises(UserError, match="月-日"):
        save_reminder_settings(sessions, {HOLIDAY_FROM: "13-01"}, chief)
    with sessions() as s:
        assert reminder_values(s)[DUE_SOON] == "3"  # refused changes wrote nothing
