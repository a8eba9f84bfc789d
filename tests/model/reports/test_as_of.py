"""As of a day (SPEC §3): a past week's figures from the facts in effect that day.

The cases are made and changed through the services (periods, extensions, transfers,
closings, corrections), so the timelines are the ones the program writes.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.calendar.clock import rebuild_timelines
from model.cases.events.closing import close_case
from model.cases.events.extension import record_extension
from model.cases.events.periods import record_excluded_period
from model.cases.events.transfer import transfer_case
from model.cases.events.void import void_entry
from model.entities import Assignment, Case, ClockSpan, ExcludedPeriod, Track
from model.reports.as_of import Figures, figures_as_of
from model.reports.weekly import RowKind, WeeklyReport, weekly_figures
from tests.factories import make_case, person_by_name

D = dt.date
CHIEF = None  # the system (command line): every permission
WEEK = D(2026, 9, 7)  # Monday; its Sunday is 2026-09-13
LATER_WEEK = D(2026, 10, 5)  # Sunday 2026-10-11


def total(report: WeeklyReport) -> Figures:
    return report.total


def team_line(report: WeeklyReport, code_name: str) -> Figures:
    return next(r.figures for r in report.rows if r.kind == RowKind.TEAM and r.team == code_name)


def two_overdue(sessions: sessionmaker[Session]) -> tuple[int, int]:
    """Two ordinary cases due 2026-09-02 and 09-03: both overdue on Sunday 09-13."""
    with sessions.begin() as s:
        a = make_case(s, filing_date=D(2026, 3, 2), track=Track.ORDINARY).id
        b = make_case(s, filing_date=D(2026, 3, 3), track=Track.ORDINARY).id
    return a, b


def test_events_recorded_after_the_week_leave_it_unchanged(
    sessions: sessionmaker[Session],
) -> None:
    a, b = two_overdue(sessions)
    with sessions() as s:
        before = weekly_figures(s, WEEK, today=D(2026, 9, 14))
    assert (before.total.overdue, before.total.statutory_overdue) == (2, 2)
    assert [u.limits for u in before.urgent] == ["超期11天、超审限11天", "超期10天、超审限10天"]
    # the next month: an extension approved for A, a suspension of B, both dated then
    record_extension(
        sessions, a, "李院长", "院长", "需评估", D(2026, 10, 9), CHIEF, today=D(2026, 10, 12)
    )
    record_excluded_period(
        sessions,
        b,
        "中止执行",
        D(2026, 10, 5),
        None,
        "被执行人下落不明",
        CHIEF,
        today=D(2026, 10, 12),
    )
    with sessions() as s:
        again = weekly_figures(s, WEEK, today=D(2026, 10, 12))
        later = weekly_figures(s, LATER_WEEK, today=D(2026, 10, 12))
    assert again.rows == before.rows and again.urgent == before.urgent  # that week: unchanged
    # the week the events fell in: A extended (approved 10-09 ≤ Sunday), B's clock stopped
    assert (later.total.overdue, later.total.statutory_overdue) == (0, 0)
    assert later.urgent == []


def test_a_late_correction_with_a_past_date_changes_the_past(
    sessions: sessionmaker[Session],
) -> None:
    a, _ = two_overdue(sessions)
    with sessions() as s:
        before = weekly_figures(s, WEEK, today=D(2026, 9, 14))
    # recorded on 10-12, dated back: an appraisal (评估) ran 09-01 … 09-20
    period = record_excluded_period(
        sessions, a, "审计、评估、资产清理", D(2026, 9, 1), D(2026, 9, 20), "评估", CHIEF,
        today=D(2026, 10, 12),
    ).id  # fmt: skip
    with sessions() as s:
        after = weekly_figures(s, WEEK, today=D(2026, 10, 12))
    assert before.total.overdue == 2 and after.total.overdue == 1  # A stood still on 09-13
    assert [u.case_id for u in after.urgent] == [b for b in (u.case_id for u in before.urgent)][1:]
    # voiding the correction restores the sheet
    void_entry(sessions, "exclusion", period, "录错", CHIEF)
    with sessions() as s:
        restored = weekly_figures(s, WEEK, today=D(2026, 10, 13))
    assert restored.rows == before.rows and restored.urgent == before.urgent


def test_a_transfer_counts_from_its_date(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case = make_case(s, filing_date=D(2026, 8, 3), track=Track.SIMPLE)  # due 09-03
        case_id = case.id
        # as intake records it: who had the case before the transfer
        s.add(
            Assignment(
                case_id=case.id,
                kind="intake",
                team_id=case.team_id,
                group_id=case.group_id,
                judge_id=case.judge_id,
            )
        )
        judge = person_by_name(s, "战殿有").id
    transfer_case(
        sessions, case_id, None, judge, "需处分房产", CHIEF,
        transferred_on=D(2026, 9, 20), today=D(2026, 9, 21),
    )  # fmt: skip
    with sessions() as s:
        week = weekly_figures(s, WEEK, today=D(2026, 9, 21))
        after = weekly_figures(s, D(2026, 9, 21), today=D(2026, 9, 28))
    fast, ordinary = "执行速执团队", "执行普执团队"
    # on 09-13 the case was on the fast team, past its month
    assert team_line(week, fast).pending == 1 and team_line(week, fast).overdue == 1
    assert team_line(week, ordinary).pending == 0
    assert week.urgent[0].team == fast and week.urgent[0].group == "第一办案组"
    # from 09-20 on the ordinary team, six months from filing: not overdue
    assert team_line(after, ordinary).pending == 1 and team_line(after, ordinary).overdue == 0
    assert team_line(after, fast).pending == 0
    judge_line = next(
        r.figures for r in after.rows if r.kind == RowKind.JUDGE_ALL and r.label.endswith("战殿有")
    )
    assert judge_line.pending == 1


def test_non_litigation_statutory_limit_is_its_own_figure(sessions: sessionmaker[Session]) -> None:
    """非诉: 3 months statutory, 6 months track: 超审限 without 超期, on the sheet and its list."""
    with sessions.begin() as s:
        late = make_case(
            s, filing_date=D(2026, 5, 6), track=Track.ORDINARY, non_litigation=True
        ).id  # statutory 2026-08-06, track 2026-11-06
        closed = make_case(
            s, filing_date=D(2026, 5, 7), track=Track.ORDINARY, non_litigation=True
        ).id
    close_case(sessions, closed, D(2026, 9, 8), "执行完毕", CHIEF, today=D(2026, 9, 8))
    with sessions() as s:
        report = weekly_figures(s, WEEK, today=D(2026, 9, 14))
    f = report.total
    assert (f.overdue, f.statutory_overdue) == (0, 1)
    assert (f.closed, f.closed_in_time, f.closed_in_statutory) == (1, 1, 0)
    assert f.in_time_rate == 1.0 and f.statutory_rate == 0.0
    [urgent] = report.urgent
    assert urgent.case_id == late and urgent.statutory_days_left == -38
    assert urgent.limits == "超审限38天" and not urgent.overdue and urgent.statutory_overdue


def test_figures_as_of_narrows_to_a_set_of_cases(sessions: sessionmaker[Session]) -> None:
    a, _ = two_overdue(sessions)
    with sessions() as s:
        everything = figures_as_of(s, WEEK, D(2026, 9, 13))
        one = figures_as_of(s, WEEK, D(2026, 9, 13), cases=Case.id == a)
    assert sum((f for f in everything.values()), Figures()).overdue == 2
    assert sum((f for f in one.values()), Figures()).overdue == 1


def test_rebuilding_the_timelines_gives_what_the_events_wrote(
    sessions: sessionmaker[Session],
) -> None:
    """The migration's rebuild and the events' own writes agree."""
    a, b = two_overdue(sessions)
    record_extension(
        sessions, a, "李院长", "院长", "需评估", D(2026, 8, 20), CHIEF, today=D(2026, 8, 21)
    )
    period = record_excluded_period(
        sessions, b, "中止执行", D(2026, 8, 1), None, "下落不明", CHIEF, today=D(2026, 8, 21)
    ).id
    close_case(sessions, a, D(2026, 10, 1), "执行完毕", CHIEF, today=D(2026, 10, 1))

    def spans() -> list[tuple[object, ...]]:
        with sessions() as s:
            return [
                tuple(row)
                for row in s.execute(
                    select(ClockSpan.__table__).order_by(ClockSpan.case_id, ClockSpan.starts)
                )
            ]

    written = spans()
    with sessions.begin() as s:
        assert rebuild_timelines(s) == 2
    assert spans() == written
    with sessions() as s:
        kinds = [(row[0], row[3].value) for row in written]
        assert kinds == [
            (a, "pending"),  # six months
            (a, "pending"),  # extended from 08-20
            (a, "closed"),
            (b, "pending"),
            (b, "suspended"),  # from 08-01, open
        ]
        assert s.get(ExcludedPeriod, period) is not None
