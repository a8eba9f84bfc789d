"""周工作量统计表: the week's figures per team, case group and judge (SPEC §5).

Every figure is a SQL aggregate: ``model.reports.as_of.figures_as_of`` (one GROUP BY
over the cases that touch the week) returns a few dozen buckets (team × group × judge
× special), and the rows of the sheet are sums of those buckets, so the time does not
grow with a Python loop over every case.

The figures are as of the week's Sunday (or the day made, if the week has not ended),
from the facts in effect that day (SPEC §3 "As of a day"): each case on the team it
was on that day, with the limits it had that day. The urgent list likewise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from model.calendar.workdays import load_calendar
from model.entities import CaseGroup, Person, Role, Team, TeamMember
from model.errors import UserError
from model.reports.as_of import DUE_SOON_DAYS, Bucket, Figures, figures_as_of
from model.reports.urgent import UrgentCase, urgent_cases
from model.triage.settings import COURT_NAME, get_setting

__all__ = [
    "DUE_SOON_DAYS",
    "Figures",
    "RowKind",
    "UrgentCase",
    "WeeklyReport",
    "WeeklyRow",
    "urgent_cases",
    "weekly_figures",
]
WEEKDAYS = "一二三四五六日"


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday and the Sunday of the week holding ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def chinese_date(day: dt.date) -> str:
    """2026年11月23日."""
    return f"{day.year}年{day.month}月{day.day}日"


def week_label(monday: dt.date, sunday: dt.date, weekdays: bool = False) -> str:
    """2026年11月23日至11月29日 (the year repeated only when the week spans two)."""
    end = f"{sunday.month}月{sunday.day}日" if sunday.year == monday.year else chinese_date(sunday)
    if weekdays:
        return f"{chinese_date(monday)}（周一）至{end}（周日）"
    return f"{chinese_date(monday)}至{end}"


class RowKind:
    """What a line of the sheet counts."""

    TEAM = "team"
    GROUP = "group"
    JUDGE = "judge"
    SPECIAL = "special"
    TOTAL = "total"
    JUDGE_ALL = "judge_all"  # 按承办法官合计: a judge's load over every team


JUDGE_ALL_TEAM = "按承办法官合计"


@dataclass(frozen=True)
class WeeklyRow:
    """A line of 周工作量统计表: a team, one of its groups or judges, the special cases or all."""

    kind: str  # RowKind
    team: str  # the team's name ("" for the special and total lines)
    label: str  # what the line counts, as the sheet shows it
    figures: Figures


@dataclass(frozen=True)
class WeeklyReport:
    """The figures of one week, the urgent cases, and what the title needs."""

    court_name: str
    monday: dt.date
    sunday: dt.date
    as_of: dt.date  # the week's Sunday, or the day made if the week has not ended
    made_on: dt.date
    rows: list[WeeklyRow] = field(default_factory=list)
    urgent: list[UrgentCase] = field(default_factory=list)
    missing_years: list[int] = field(default_factory=list)  # shown dates without holiday data

    @property
    def week(self) -> str:
        """2026年11月23日至11月29日."""
        return week_label(self.monday, self.sunday)

    @property
    def total(self) -> Figures:
        """The 合计 line."""
        return next(row.figures for row in self.rows if row.kind == RowKind.TOTAL)


_Key = Bucket  # team, group, judge, special on the day


def weekly_figures(session: Session, any_day_of_week: dt.date, today: dt.date) -> WeeklyReport:
    """The week's figures (Monday–Sunday holding ``any_day_of_week``) as of ``today``."""
    monday, sunday = week_of(any_day_of_week)
    if today < monday:
        raise UserError(
            f"所选的周（{week_label(monday, sunday)}）尚未开始，无法统计。", field="week"
        )
    as_of = min(sunday, today)
    buckets = figures_as_of(session, monday, as_of)
    rows = _rows(session, buckets)
    urgent = urgent_cases(session, as_of)
    shown = [as_of] + [d for u in urgent for d in (u.due_date, u.statutory_due_date)]
    return WeeklyReport(
        court_name=get_setting(session, COURT_NAME),
        monday=monday,
        sunday=sunday,
        as_of=as_of,
        made_on=today,
        rows=rows,
        urgent=urgent,
        missing_years=load_calendar(session).missing_years(*shown),
    )


def _sum(buckets: dict[_Key, Figures], keep: Callable[..., bool]) -> Figures:
    total = Figures()
    for key, figures in buckets.items():
        if keep(key):
            total = total + figures
    return total


def _rows(session: Session, buckets: dict[_Key, Figures]) -> list[WeeklyRow]:
    """The sheet's lines: each team with its groups and judges, the special line, the total."""
    rows: list[WeeklyRow] = []
    teams = list(session.scalars(select(Team).order_by(Team.ordinal, Team.id)))
    used_teams = {key[0] for key in buckets}
    names = dict(session.execute(select(Person.id, Person.name)).all())
    for team in teams:
        rows.append(
            WeeklyRow(
                RowKind.TEAM, team.name, "团队合计", _sum(buckets, lambda k, t=team.id: k[0] == t)
            )
        )
        groups = session.execute(
            select(CaseGroup.id, CaseGroup.name, CaseGroup.active)
            .where(CaseGroup.team_id == team.id)
            .order_by(CaseGroup.rotation, CaseGroup.id)
        ).all()
        used_groups = {key[1] for key in buckets if key[0] == team.id}
        for group_id, name, active in groups:
            if active or group_id in used_groups:
                figures = _sum(buckets, lambda k, t=team.id, g=group_id: k[0] == t and k[1] == g)
                rows.append(WeeklyRow(RowKind.GROUP, team.name, name, figures))
        judges = list(
            session.scalars(
                select(Person.id)
                .join(TeamMember, TeamMember.person_id == Person.id)
                .where(TeamMember.team_id == team.id, Person.role == Role.JUDGE, Person.active)
                .order_by(Person.id)
            )
        )
        judges += sorted(
            {k[2] for k in buckets if k[0] == team.id and k[2] is not None} - set(judges)
        )
        for judge_id in judges:
            figures = _sum(buckets, lambda k, t=team.id, j=judge_id: k[0] == t and k[2] == j)
            rows.append(WeeklyRow(RowKind.JUDGE, team.name, f"承办法官 {names[judge_id]}", figures))
        no_judge = _sum(buckets, lambda k, t=team.id: k[0] == t and k[2] is None)
        if no_judge != Figures():
            rows.append(WeeklyRow(RowKind.JUDGE, team.name, "尚未指定法官", no_judge))
    if None in used_teams:
        rows.append(
            WeeklyRow(RowKind.TEAM, "未分配团队", "团队合计", _sum(buckets, lambda k: k[0] is None))
        )
    rows += _judge_rows(session, buckets, names)
    rows.append(WeeklyRow(RowKind.SPECIAL, "", "特殊案件（单列）", _sum(buckets, lambda k: k[3])))
    rows.append(WeeklyRow(RowKind.TOTAL, "", "合计", _sum(buckets, lambda k: True)))
    return rows


def _judge_rows(
    session: Session, buckets: dict[_Key, Figures], names: dict[int, str]
) -> list[WeeklyRow]:
    """按承办法官合计: each judge's whole load over every team (SPEC §5)."""
    judges = list(
        session.scalars(
            select(Person.id).where(Person.role == Role.JUDGE, Person.active).order_by(Person.id)
        )
    )
    judges += sorted({k[2] for k in buckets if k[2] is not None} - set(judges))
    rows = [
        WeeklyRow(
            RowKind.JUDGE_ALL,
            JUDGE_ALL_TEAM,
            f"承办法官 {names[judge_id]}",
            _sum(buckets, lambda k, j=judge_id: k[2] == j),
        )
        for judge_id in judges
    ]
    no_judge = _sum(buckets, lambda k: k[2] is None)
    if no_judge != Figures():
        rows.append(WeeklyRow(RowKind.JUDGE_ALL, JUDGE_ALL_TEAM, "尚未指定法官", no_judge))
    return rows
