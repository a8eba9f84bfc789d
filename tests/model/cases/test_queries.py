"""Case lists in SQL: filters, the chief's lists, urgency counts, paging, missing years."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from model.cases.queries import (
    SOON_MONTH,
    SOON_OVERDUE,
    SOON_WEEK,
    CaseFilter,
    ChiefList,
    count_cases,
    fetch_case_rows,
    filtered_cases,
    missing_holiday_years,
    urgency_counts,
)
from model.entities import CaseStatus, Track
from tests.factories import make_case, person_by_name

D = dt.date
TODAY = D(2026, 6, 1)


def _seed(s: Session) -> None:
    make_case(s, "（2026）吉0605执1号", D(2026, 4, 20), Track.SIMPLE, respondents="甲公司")  # 05-20
    make_case(s, "（2026）吉0605执2号", D(2026, 5, 5), Track.SIMPLE, group="第二办案组")  # 06-05
    make_case(s, "（2026）吉0605执3号", D(2026, 5, 20), Track.SIMPLE)  # 06-22
    make_case(s, "（2026）吉0605执4号", D(2026, 3, 2), Track.SPECIAL, assigned=False)
    make_case(s, "（2026）吉0605执5号", D(2026, 5, 30), Track.ORDINARY, judge="战殿有")


def test_urgency_counts_and_order(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        _seed(s)
    with sessions() as s:
        counts = urgency_counts(s, None, TODAY)
        assert (counts.overdue, counts.within_7, counts.within_30) == (1, 1, 1)
        rows = fetch_case_rows(s, None, 0, 10)
        assert [r.number[-3:] for r in rows] == ["执1号", "执2号", "执3号", "执4号", "执5号"]
        assert [r.number[-3:] for r in fetch_case_rows(s, None, 1, 2)] == ["执2号", "执3号"]
        rows = fetch_case_rows(s, None, 0, 10, sort="judge", descending=True)
        assert rows[-1].judge == ""
        assert count_cases(s, None) == 5


def test_filters_and_search(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        _seed(s)
        judge = person_by_name(s, "战殿有").id
    with sessions() as s:
        assert count_cases(s, CaseFilter(judge_id=judge)) == 1
        assert count_cases(s, CaseFilter(track=Track.SIMPLE)) == 3
        assert count_cases(s, CaseFilter(text="甲公")) == 1
        assert count_cases(s, CaseFilter(text="执3")) == 1
        assert count_cases(s, CaseFilter(statuses=frozenset({CaseStatus.CLOSED}))) == 0
        assert len(s.scalars(filtered_cases(CaseFilter(text="执"))).all()) == 5


def test_chief_lists(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        _seed(s)
    with sessions() as s:
        due = CaseFilter(chief_list=ChiefList.TRANSFER_DUE, as_of=TODAY)
        assert [r.number[-3:] for r in fetch_case_rows(s, due, 0, 10)] == ["执1号"]
        unassigned = CaseFilter(chief_list=ChiefList.UNASSIGNED, as_of=TODAY)
        assert [r.number[-3:] for r in fetch_case_rows(s, unassigned, 0, 10)] == ["执4号"]
        # filed 2026-03-02: on 03-09 the 7 days are not yet over
        early = CaseFilter(chief_list=ChiefList.UNASSIGNED, as_of=D(2026, 3, 9))
        assert count_cases(s, early) == 0
        special = CaseFilter(chief_list=ChiefList.SPECIAL)
        assert count_cases(s, special) == 1


def test_missing_holiday_years(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        make_case(s, filing_date=D(2026, 5, 1), track=Track.SIMPLE)
        assert missing_holiday_years(s, None) == []
        make_case(s, filing_date=D(2026, 9, 1), track=Track.ORDINARY)
        assert missing_holiday_years(s, None) == [2027]


def test_missing_holiday_years_before_between_and_after_the_known_ones(
    sessions: sessionmaker[Session],
) -> None:
    from sqlalchemy import delete, select

    from model.entities import CaseStatus, Holiday, HolidayYear

    with sessions.begin() as s:
        known = sorted(s.scalars(select(HolidayYear.year)))
        assert known and 2026 in known
        gap = 2024
        s.execute(delete(Holiday).where(Holiday.day.between(D(gap, 1, 1), D(gap, 12, 31))))
        s.execute(delete(HolidayYear).where(HolidayYear.year == gap))
        make_case(s, "（2024）吉0605执1号", D(2024, 3, 1), Track.SIMPLE)  # due in the gap
        early = known[0] - 1
        old = make_case(s, f"（{early}）吉0605执1号", D(early, 3, 1), Track.SIMPLE)
        make_case(s, "（2026）吉0605执9号", D(2026, 9, 1), Track.ORDINARY)  # due 2027
        assert missing_holiday_years(s, None) == [early, gap, 2027]
        only_open = CaseFilter(statuses=frozenset({CaseStatus.CLOSED}))
        assert missing_holiday_years(s, only_open) == []
        assert old.due_date is not None and old.due_date.year == early


def test_the_urgency_bands_filter_as_the_chips_count(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        _seed(s)
    with sessions() as s:
        counts = urgency_counts(s, None, TODAY)
        for soon, expected, count in (
            (SOON_OVERDUE, ["执1号"], counts.overdue),
            (SOON_WEEK, ["执2号"], counts.within_7),
            (SOON_MONTH, ["执3号"], counts.within_30),
        ):
            band = CaseFilter(soon=soon, as_of=TODAY)
            assert [r.number[-3:] for r in fetch_case_rows(s, band, 0, 10)] == expected
            assert count_cases(s, band) == count
