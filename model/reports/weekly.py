"""周工作量统计表: the week's figures per team, case group and judge (SPEC §5).

Every figure is a SQL aggregate: one GROUP BY over the cases that touch the week
returns a few dozen buckets (team × group × judge × special), and the rows of the
sheet are sums of those buckets, so the time does not grow with a Python loop
over every case.

The figures use the cases' current state (team, handler, cached due date): a
sheet for a past week counts each case where it stands now, as a ledger would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from model.cases.queries import HANDLER_NAMES, join_handler_names
from model.entities import (
    Case,
    CaseGroup,
    CaseStatus,
    Closing,
    Person,
    Role,
    Team,
    TeamMember,
    Track,
)
from model.errors import UserError
from model.triage.settings import COURT_NAME, get_setting

DUE_SOON_DAYS = 7
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


@dataclass(frozen=True)
class Figures:
    """One line of the sheet: the counts of SPEC §5."""

    carried: int = 0  # 旧存
    new: int = 0  # 新收
    closed: int = 0  # 已结
    pending: int = 0  # 未结
    overdue: int = 0  # 超期
    due_soon: int = 0  # 7日内到期
    closed_in_time: int = 0  # closings that met the track limit

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.carried + other.carried,
            self.new + other.new,
            self.closed + other.closed,
            self.pending + other.pending,
            self.overdue + other.overdue,
            self.due_soon + other.due_soon,
            self.closed_in_time + other.closed_in_time,
        )

    @property
    def closing_rate(self) -> float | None:
        """结案率 = 已结 ÷ (旧存 + 新收); None when nothing was to be closed."""
        base = self.carried + self.new
        return self.closed / base if base else None

    @property
    def in_time_rate(self) -> float | None:
        """期限内结案率: the share of the week's closings that met their limit."""
        return self.closed_in_time / self.closed if self.closed else None


class RowKind:
    """What a line of the sheet counts."""

    TEAM = "team"
    GROUP = "group"
    JUDGE = "judge"
    SPECIAL = "special"
    TOTAL = "total"


@dataclass(frozen=True)
class WeeklyRow:
    """A line of 周工作量统计表: a team, one of its groups or judges, the special cases or all."""

    kind: str  # RowKind
    team: str  # the team's name ("" for the special and total lines)
    label: str  # what the line counts, as the sheet shows it
    figures: Figures


@dataclass(frozen=True)
class UrgentCase:
    """A pending case that is overdue or due within 7 days (the sheet's second page)."""

    case_id: int
    number: str
    applicants: str
    respondents: str
    team: str
    group: str
    judge: str
    due_date: dt.date
    statutory_due_date: dt.date | None
    days_left: int  # negative when overdue

    @property
    def overdue(self) -> bool:
        """Past its due date."""
        return self.days_left < 0


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

    @property
    def week(self) -> str:
        """2026年11月23日至11月29日."""
        return week_label(self.monday, self.sunday)

    @property
    def total(self) -> Figures:
        """The 合计 line."""
        return next(row.figures for row in self.rows if row.kind == RowKind.TOTAL)


_Key = tuple[int | None, int | None, int | None, bool]  # team, group, judge, special


def weekly_figures(session: Session, any_day_of_week: dt.date, today: dt.date) -> WeeklyReport:
    """The week's figures (Monday–Sunday holding ``any_day_of_week``) as of ``today``."""
    monday, sunday = week_of(any_day_of_week)
    if today < monday:
        raise UserError(
            f"所选的周（{week_label(monday, sunday)}）尚未开始，无法统计。", field="week"
        )
    as_of = min(sunday, today)
    buckets = _buckets(session, monday, as_of)
    rows = _rows(session, buckets)
    return WeeklyReport(
        court_name=get_setting(session, COURT_NAME),
        monday=monday,
        sunday=sunday,
        as_of=as_of,
        made_on=today,
        rows=rows,
        urgent=urgent_cases(session, as_of),
    )


def _conditions(monday: dt.date, as_of: dt.date) -> dict[str, ColumnElement[bool]]:
    """The row-level predicates of SPEC §5, as SQL expressions."""

    def not_closed_by(day: dt.date) -> ColumnElement[bool]:
        return or_(Case.closed_on.is_(None), Case.closed_on > day)

    pending = and_(Case.filing_date <= as_of, not_closed_by(as_of))
    clocked = and_(pending, Case.status != CaseStatus.SUSPENDED, Case.due_date.is_not(None))
    closed = Case.closed_on.between(monday, as_of)
    met = or_(
        Closing.met_track_limit.is_(True),
        and_(Closing.id.is_(None), Case.due_date.is_not(None), Case.closed_on <= Case.due_date),
    )
    return {
        "carried": and_(Case.filing_date < monday, not_closed_by(monday - dt.timedelta(days=1))),
        "new": Case.filing_date.between(monday, as_of),
        "closed": closed,
        "pending": pending,
        "overdue": and_(clocked, Case.due_date < as_of),
        "due_soon": and_(
            clocked, Case.due_date.between(as_of, as_of + dt.timedelta(days=DUE_SOON_DAYS))
        ),
        "closed_in_time": and_(closed, met),
    }


def _buckets(session: Session, monday: dt.date, as_of: dt.date) -> dict[_Key, Figures]:
    """One GROUP BY: the counts per (team, group, judge, special)."""
    conditions = _conditions(monday, as_of)
    special = case((Case.track == Track.SPECIAL, 1), else_=0)
    sums = [func.sum(case((condition, 1), else_=0)) for condition in conditions.values()]
    query = (
        select(Case.team_id, Case.group_id, Case.judge_id, special, *sums)
        .outerjoin(
            Closing,
            and_(
                Closing.case_id == Case.id,
                Closing.voided_at.is_(None),
                Closing.closed_on == Case.closed_on,
            ),
        )
        .where(
            Case.filing_date <= as_of,
            or_(Case.closed_on.is_(None), Case.closed_on >= monday),
        )
        .group_by(Case.team_id, Case.group_id, Case.judge_id, special)
    )
    result: dict[_Key, Figures] = {}
    for team_id, group_id, judge_id, is_special, *counts in session.execute(query):
        key = (team_id, group_id, judge_id, bool(is_special))
        result[key] = Figures(*(int(count or 0) for count in counts))
    return result


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
    rows.append(WeeklyRow(RowKind.SPECIAL, "", "特殊案件（单列）", _sum(buckets, lambda k: k[3])))
    rows.append(WeeklyRow(RowKind.TOTAL, "", "合计", _sum(buckets, lambda k: True)))
    return rows


def urgent_cases(session: Session, as_of: dt.date) -> list[UrgentCase]:
    """Every case pending on ``as_of`` that is overdue or due within 7 days, most urgent first."""
    cutoff = as_of + dt.timedelta(days=DUE_SOON_DAYS)
    query = join_handler_names(
        select(
            Case.id,
            Case.number,
            Case.applicant_names,
            Case.respondent_names,
            *HANDLER_NAMES,
            Case.due_date,
            Case.statutory_due_date,
            Case.filing_date,
        )
    )
    # Pending on as_of means in 在办 now (not closed, not suspended), or closed only
    # after as_of. Asked as two queries so that each reads its own index: (status,
    # due_date) for the cases in hand, closed_on for the few closed since. As one query
    # SQLite read every case due by the cutoff, closed ones included: a decade of them.
    in_hand = query.where(
        Case.status == CaseStatus.PENDING, Case.due_date <= cutoff, Case.filing_date <= as_of
    )
    # Only closed_on in SQL here, or the planner walks the due-date index instead.
    closed_since = query.where(Case.closed_on > as_of, Case.status != CaseStatus.SUSPENDED)
    rows = [*session.execute(in_hand)] + [
        row
        for row in session.execute(closed_since)
        if row[7] is not None and row[7] <= cutoff and row[9] <= as_of
    ]
    rows.sort(key=lambda row: (row[7], row[1]))  # most urgent first, then by case number
    return [
        UrgentCase(
            case_id=row[0],
            number=row[1],
            applicants=row[2] or "",
            respondents=row[3] or "",
            team=row[4] or "",
            group=row[5] or "",
            judge=row[6] or "",
            due_date=row[7],
            statutory_due_date=row[8],
            days_left=(row[7] - as_of).days,
        )
        for row in rows
    ]
