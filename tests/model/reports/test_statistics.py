"""统计与质效指标: every figure of SPEC §9 on hand-built cases, worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session, sessionmaker

from model.errors import UserError
from model.reports.periods import date_range, last_month, month, quarter, this_month, year
from model.reports.statistics import INDICATORS, Line, ScopeRow, Statistics, statistics
from model.reports.weekly import RowKind, weekly_figures
from tests.model.reports.stat_cases import TODAY, build

D = dt.date


@pytest.fixture
def stats(sessions: sessionmaker[Session]) -> Statistics:
    build(sessions)
    with sessions() as s:
        return statistics(s, quarter(2026, 2), TODAY)


def values(line: Line) -> dict[str, object]:
    return {i.label: line.value(i.key) for i in INDICATORS}


def labels(stats: Statistics) -> list[str]:
    return [row.label for row in stats.rows]


def scope(stats: Statistics, label: str) -> ScopeRow:
    return next(row for row in stats.rows if row.label == label)


def test_the_bureau_in_the_period_by_hand(stats: Statistics) -> None:
    assert (stats.as_of, stats.previous.start, stats.previous_as_of) == (
        D(2026, 6, 30), D(2026, 1, 1), D(2026, 3, 31))  # fmt: skip
    assert (stats.year_before.start, stats.year_before_as_of) == (D(2025, 4, 1), D(2025, 6, 30))
    assert values(stats.bureau.current) == {
        "收案": 6,  # 旧存 A C D E + 新收 B F
        "新收": 2,
        "结案": 3,  # A B C
        "未结": 3,  # D E F
        "结案率": pytest.approx(3 / 6),
        "法定期限内结案率": pytest.approx(2 / 3),  # A B; C missed 06-11
        "期限内结案率": pytest.approx(1 / 3),  # B; A missed 04-02, C missed
        "超期未结": 2,  # E (due 05-06), F (due 06-10)
        "超审限未结": 1,  # E
        "终本率": pytest.approx(1 / 3),  # C
        "执行完毕率": pytest.approx(2 / 3),  # A B
        "平均结案用时（天）": pytest.approx((49 + 24 + (196 - 10)) / 3),  # C less 10 days 拍卖
        "延长审限件数": 1,  # D
        "申请执行标的额（元）": Decimal("62000.50"),  # A 10,000 + B 2,000.50 + C 50,000
        "执行到位金额（元）": Decimal("9000.50"),  # A 7,000 + B 0.25 + 2,000.25 (voided 999.99 not)
        "执行到位率": pytest.approx(12000.50 / 62000.50),  # A 10,000 + B 2,000.50 of 62,000.50
    }


def test_the_period_before_and_a_year_before(stats: Statistics) -> None:
    assert values(stats.bureau.previous) == {
        "收案": 5,  # 旧存 C E + 新收 A D G
        "新收": 3,
        "结案": 1,  # G
        "未结": 4,
        "结案率": pytest.approx(1 / 5),
        "法定期限内结案率": 1.0,
        "期限内结案率": 1.0,
        "超期未结": 0,
        "超审限未结": 0,
        "终本率": 0.0,
        "执行完毕率": 0.0,
        "平均结案用时（天）": 26.0,
        "延长审限件数": 0,
        "申请执行标的额（元）": Decimal("0.00"),
        "执行到位金额（元）": Decimal("3000.00"),  # A's first instalment
        "执行到位率": None,  # G has no 标的额
    }
    assert values(stats.bureau.year_before) == {
        "收案": 1, "新收": 1, "结案": 1, "未结": 0, "结案率": 1.0, "法定期限内结案率": 1.0,
        "期限内结案率": 1.0, "超期未结": 0, "超审限未结": 0, "终本率": 0.0, "执行完毕率": 1.0,
        "平均结案用时（天）": 29.0, "延长审限件数": 0, "申请执行标的额（元）": Decimal("1000.00"),
        "执行到位金额（元）": Decimal("1000.00"), "执行到位率": 1.0,
    }  # fmt: skip


def test_teams_groups_and_judges(stats: Statistics) -> None:
    labels = [row.label for row in stats.rows]
    assert labels[:6] == [
        "全局", "执行速执团队", "执行速执团队 第一办案组", "执行速执团队 第二办案组",
        "执行速执团队 第三办案组", "执行普执团队",
    ]  # fmt: skip
    assert labels[6:] == ["承办法官 王爱军", "承办法官 姜福义", "承办法官 战殿有"]
    fast = scope(stats, "执行速执团队").current
    assert (fast.intake, fast.figures.closed, fast.figures.pending) == (3, 2, 1)  # A B F
    assert fast.value("closing_rate") == pytest.approx(2 / 3)
    ordinary = scope(stats, "执行普执团队").current
    assert (ordinary.intake, ordinary.figures.closed, ordinary.value("statutory_overdue")) == (
        3, 1, 1)  # fmt: skip
    assert ordinary.value("final_rate") == 1.0 and ordinary.value("extensions") == 1
    first = scope(stats, "执行速执团队 第一办案组")
    assert first.current.value("received") == Decimal("7000.00")
    assert first.previous.value("closing_rate") == pytest.approx(1 / 2)  # A pending, G closed
    jiang = scope(stats, "承办法官 姜福义").current  # B (第二办案组), C, D, E
    assert (jiang.intake, jiang.figures.closed) == (4, 2)
    assert jiang.value("received_rate") == pytest.approx(2000.50 / 52000.50)
    zhan = scope(stats, "承办法官 战殿有").current
    assert (zhan.intake, zhan.figures.pending, zhan.figures.overdue) == (1, 1, 1)  # F
    assert zhan.value("closing_rate") == 0.0 and zhan.value("in_time_rate") is None


def test_closing_rate_agrees_with_the_weekly_sheet(sessions: sessionmaker[Session]) -> None:
    build(sessions)
    for monday in (D(2026, 4, 20), D(2026, 2, 2), D(2026, 6, 15)):
        sunday = monday + dt.timedelta(days=6)
        with sessions() as s:
            weekly = weekly_figures(s, monday, TODAY)
            stats = statistics(s, date_range(monday, sunday), TODAY)
        assert stats.bureau.current.value("closing_rate") == weekly.total.closing_rate
        assert stats.bureau.current.value("statutory_rate") == weekly.total.statutory_rate
        assert stats.bureau.current.figures == weekly.total  # every count, both limits
        for row in weekly.rows:  # and team by team
            if row.kind == RowKind.TEAM and row.team in labels(stats):
                assert scope(stats, row.team).current.figures == row.figures
    with sessions() as s:
        assert statistics(
            s, date_range(D(2026, 4, 20), D(2026, 4, 26)), TODAY
        ).bureau.current.value("closing_rate") == pytest.approx(2 / 5)  # 旧存 A B C D E, 已结 A B


def test_a_period_not_ended_is_compared_over_the_same_days(sessions: sessionmaker[Session]) -> None:
    build(sessions)
    with sessions() as s:
        stats = statistics(s, this_month(TODAY), TODAY)
    assert (stats.period.label, stats.as_of) == ("2026年7月", TODAY)
    assert (stats.previous.label, stats.previous_as_of) == ("2026年6月", D(2026, 6, 10))
    assert (stats.year_before.label, stats.year_before_as_of) == ("2025年7月", D(2025, 7, 10))


def test_periods_and_their_comparisons() -> None:
    assert last_month(D(2026, 1, 15)) == month(2025, 12)
    assert quarter(2026, 1).previous() == quarter(2025, 4)
    assert year(2026).previous() == year(2025) and year(2024).year_before() == year(2023)
    assert month(2024, 2).year_before() == month(2023, 2)
    assert month(2026, 3).previous().end == D(2026, 2, 28)
    assert date_range(D(2026, 4, 1), D(2026, 6, 30)) == quarter(2026, 2)  # typed as a quarter
    assert date_range(D(2026, 1, 1), D(2026, 12, 31)).label == "2026年"
    odd = date_range(D(2026, 3, 10), D(2026, 3, 19))
    assert odd.previous() == date_range(D(2026, 2, 28), D(2026, 3, 9))
    assert odd.label == "2026年3月10日至2026年3月19日"
    assert quarter(2026, 4).label == "2026年第四季度"


def test_bad_periods_are_refused_in_chinese(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(UserError, match="结束日期（2026年3月1日）早于开始日期"):
        date_range(D(2026, 3, 2), D(2026, 3, 1))
    with pytest.raises(UserError, match="还没有案件"), sessions() as s:
        statistics(s, quarter(2026, 2), TODAY)
    build(sessions)
    with pytest.raises(UserError, match="尚未开始"), sessions() as s:
        statistics(s, month(2026, 8), TODAY)
    with pytest.raises(UserError, match="早于最早的立案日期（2025年4月7日）"), sessions() as s:
        statistics(s, year(2024), TODAY)
