"""周工作量统计表 figures on a hand-built week whose expected numbers are written here."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker

from model.entities import CaseStatus, Closing, Track
from model.errors import UserError
from model.reports.weekly import Figures, RowKind, WeeklyReport, week_label, weekly_figures
from tests.report_cases import D, add_case, bulk_cases

MONDAY = D(2026, 11, 23)


def build_week(sessions: sessionmaker[Session]) -> None:
    """The week 2026-11-23 … 11-29; letters are the case names used in the comments below."""
    O, X = Track.ORDINARY, Track.SPECIAL  # noqa: E741
    with sessions.begin() as s:
        # fast team
        add_case(s, 1, D(2026, 11, 2), group="第一办案组", judge="王爱军", due=D(2026, 12, 2))  # A
        add_case(
            s, 2, D(2026, 10, 20), group="第一办案组", judge="王爱军", due=D(2026, 11, 20)
        )  # B
        add_case(
            s,
            3,
            D(2026, 10, 25),
            group="第二办案组",
            judge="姜福义",
            due=D(2026, 11, 25),
            closed=D(2026, 11, 24),
            met=True,
        )  # C
        add_case(
            s, 4, D(2026, 11, 24), group="第二办案组", judge="姜福义", due=D(2026, 12, 24)
        )  # D
        add_case(
            s,
            5,
            D(2026, 11, 10),
            group="第三办案组",
            judge="战殿有",
            due=D(2026, 12, 10),
            closed=D(2026, 11, 20),
            met=True,
        )  # E: closed before the week
        add_case(
            s,
            6,
            D(2026, 10, 1),
            group="第三办案组",
            judge="战殿有",
            due=D(2026, 11, 1),
            closed=D(2026, 11, 27),
            met=False,
        )  # F
        add_case(
            s,
            7,
            D(2026, 11, 26),
            group="第一办案组",
            judge="王爱军",
            due=D(2026, 12, 26),
            closed=D(2026, 11, 28),
        )  # G: no Closing row, met by its due date
        add_case(
            s, 8, D(2026, 11, 30), group="第一办案组", judge="王爱军", due=D(2026, 12, 30)
        )  # H
        add_case(
            s,
            9,
            D(2026, 11, 15),
            group="第二办案组",
            judge="姜福义",
            due=D(2026, 11, 16),
            status=CaseStatus.SUSPENDED,
        )  # I: suspended, never overdue
        add_case(
            s,
            16,
            D(2026, 11, 23),
            group="第一办案组",
            judge="王爱军",
            due=D(2026, 12, 23),
            closed=D(2026, 11, 23),
            met=True,
        )  # P
        add_case(
            s,
            17,
            D(2026, 11, 22),
            group="第三办案组",
            judge="战殿有",
            due=D(2026, 12, 22),
            closed=D(2026, 11, 23),
            met=True,
        )  # Q: filed the Sunday before
        # ordinary team (no groups)
        add_case(s, 10, D(2026, 6, 1), track=X, judge="王爱军", due=D(2026, 12, 1))  # J
        add_case(s, 11, D(2026, 11, 25), track=O, judge="姜福义", due=D(2027, 5, 25))  # K
        add_case(s, 12, D(2026, 5, 1), track=O, judge="战殿有", due=D(2026, 11, 1))  # L
        add_case(
            s,
            13,
            D(2026, 11, 23),
            track=X,
            judge="战殿有",
            due=D(2027, 5, 23),
            closed=D(2026, 11, 29),
            met=True,
        )  # M
        add_case(s, 14, D(2026, 5, 29), track=O, judge="王爱军", due=D(2026, 11, 29))  # N
        o = add_case(
            s,
            15,
            D(2026, 5, 20),
            track=O,
            judge="王爱军",
            due=D(2026, 11, 20),
            closed=D(2026, 11, 23),
            met=False,
        )  # O: its first closing was voided
        s.add(
            Closing(
                case_id=o.id,
                closed_on=D(2026, 11, 23),
                method="执行完毕",
                met_track_limit=True,
                met_statutory_limit=True,
                voided_at=dt.datetime(2026, 11, 23, 10),
                void_reason="录错",
            )
        )


def line(report: WeeklyReport, kind: str, label: str, team: str = "") -> Figures:
    matches = [
        r
        for r in report.rows
        if r.kind == kind and r.label == label and (not team or r.team == team)
    ]
    assert len(matches) == 1, (kind, label, team)
    return track_only(matches[0].figures)


def track_only(figures: Figures) -> Figures:
    """The figures of the track limit (these hand-built cases have no statutory dates)."""
    return dataclasses.replace(figures, statutory_overdue=0, closed_in_statutory=0)


def F(carried, new, closed, pending, overdue, soon, in_time) -> Figures:
    return Figures(carried, new, closed, pending, overdue, soon, in_time)


def test_a_finished_week(sessions: sessionmaker[Session]) -> None:
    build_week(sessions)
    with sessions() as s:
        report = weekly_figures(s, D(2026, 11, 26), today=D(2026, 12, 1))
    assert (report.monday, report.sunday, report.as_of) == (
        MONDAY,
        D(2026, 11, 29),
        D(2026, 11, 29),
    )
    assert report.week == "2026年11月23日至11月29日"
    assert report.court_name == "江源林区基层法院"
    fast, ordinary = "执行速执团队", "执行普执团队"
    assert line(report, RowKind.TEAM, "团队合计", fast) == F(6, 3, 5, 4, 1, 1, 4)
    assert line(report, RowKind.GROUP, "第一办案组") == F(2, 2, 2, 2, 1, 1, 2)
    assert line(report, RowKind.GROUP, "第二办案组") == F(2, 1, 1, 2, 0, 0, 1)
    assert line(report, RowKind.GROUP, "第三办案组") == F(2, 0, 2, 0, 0, 0, 1)
    assert line(report, RowKind.JUDGE, "承办法官 王爱军", fast) == F(2, 2, 2, 2, 1, 1, 2)
    assert line(report, RowKind.TEAM, "团队合计", ordinary) == F(4, 2, 2, 4, 1, 2, 1)
    assert line(report, RowKind.JUDGE, "承办法官 王爱军", ordinary) == F(3, 0, 1, 2, 0, 2, 0)
    assert line(report, RowKind.JUDGE, "承办法官 姜福义", ordinary) == F(0, 1, 0, 1, 0, 0, 0)
    assert line(report, RowKind.JUDGE, "承办法官 战殿有", ordinary) == F(1, 1, 1, 1, 1, 0, 1)
    assert line(report, RowKind.SPECIAL, "特殊案件（单列）") == F(1, 1, 1, 1, 0, 1, 1)
    total = line(report, RowKind.TOTAL, "合计")
    assert total == F(10, 5, 7, 8, 2, 3, 5)
    assert total.closing_rate == pytest.approx(7 / 15)
    assert total.in_time_rate == pytest.approx(5 / 7)
    assert [r.kind for r in report.rows] == (
        ["team"]
        + ["group"] * 3
        + ["judge"] * 3
        + ["team"]
        + ["judge"] * 3
        + ["judge_all"] * 3
        + ["special", "total"]
    )
    # 按承办法官合计: each judge's whole load, fast and ordinary together
    assert line(report, RowKind.JUDGE_ALL, "承办法官 王爱军") == F(5, 2, 3, 4, 1, 3, 2)
    # most urgent first: L (−28), B (−9), N (due that very Sunday), J, A
    assert [(u.number, u.days_left) for u in report.urgent] == [
        ("（2026）吉0605执12号", -28),
        ("（2026）吉0605执2号", -9),
        ("（2026）吉0605执14号", 0),
        ("（2026）吉0605执10号", 2),
        ("（2026）吉0605执1号", 3),
    ]
    first = report.urgent[0]
    assert (first.team, first.group, first.judge, first.overdue) == (
        fast.replace("速", "普"),
        "",
        "战殿有",
        True,
    )
    assert (report.urgent[1].group, report.urgent[1].applicants) == ("第一办案组", "张三")


def test_a_week_not_yet_ended_counts_to_today(sessions: sessionmaker[Session]) -> None:
    build_week(sessions)
    with sessions() as s:
        report = weekly_figures(s, MONDAY, today=D(2026, 11, 25))
    assert report.as_of == D(2026, 11, 25)
    assert track_only(report.total) == F(10, 4, 4, 10, 3, 3, 3)


def test_empty_database_gives_zero_lines_and_no_rates(sessions: sessionmaker[Session]) -> None:
    with sessions() as s:
        report = weekly_figures(s, MONDAY, today=D(2026, 12, 1))
    assert report.total == Figures()
    assert report.total.closing_rate is None and report.total.in_time_rate is None
    assert report.urgent == []


def test_a_week_that_has_not_begun_is_refused(sessions: sessionmaker[Session]) -> None:
    with sessions() as s, pytest.raises(UserError, match="尚未开始"):
        weekly_figures(s, D(2026, 12, 7), today=D(2026, 12, 1))


def test_week_label_across_new_year() -> None:
    assert week_label(D(2026, 12, 28), D(2027, 1, 3)) == "2026年12月28日至2027年1月3日"
    assert week_label(MONDAY, D(2026, 11, 29), weekdays=True) == (
        "2026年11月23日（周一）至11月29日（周日）"
    )


@pytest.mark.slow
def test_100000_cases_add_up(sessions: sessionmaker[Session]) -> None:
    # How long this takes is the benchmark's weekly-sheet row (tests/benchmark.py).
    with sessions.begin() as s:
        bulk_cases(s, 100_000)
    with sessions() as s:
        report = weekly_figures(s, D(2026, 11, 23), today=D(2026, 12, 1))
    total = report.total
    assert total.carried + total.new - total.closed == total.pending
