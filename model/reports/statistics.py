"""统计与质效指标 (SPEC §9): a period's figures for the bureau, each team, group and judge.

The counts the weekly sheet also shows — 旧存, 新收, 已结, 未结, 超期, 超审限, closings
within either limit — and so 结案率 and the two in-limit rates come from the very function
the weekly sheet sums its lines from (``model.reports.as_of.figures_as_of``), for the
period instead of a week: one definition of each in the program. What only the statistics
need (终本, 执行完毕, days to close, extensions, amounts, money received) is read per
bucket, bucketed the same way (``statistics_extras``). Every figure is as of the period's
last day, or today for a period not yet ended (SPEC §3 "As of a day").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from model.entities import (
    Case,
    CaseGroup,
    Person,
    Team,
)
from model.reports.as_of import Bucket, Figures, figures_as_of
from model.reports.periods import Period, check_in_data
from model.reports.statistics_extras import Extra, extras_by_bucket
from model.triage.settings import COURT_NAME, get_setting


@dataclass(frozen=True)
class Line:
    """Every figure of SPEC §9 for one scope in one period."""

    figures: Figures = field(default_factory=Figures)
    extra: Extra = field(default_factory=Extra)

    def __add__(self, other: Line) -> Line:
        return Line(self.figures + other.figures, self.extra + other.extra)

    @property
    def pending_split(self) -> tuple[int, int, int]:
        """The pending cases as the bars show them: in time, 超期 only, 超审限."""
        f, x = self.figures, self.extra
        return f.pending - x.overdue_any, x.overdue_any - f.statutory_overdue, f.statutory_overdue

    @property
    def intake(self) -> int:
        """收案 = 旧存 + 新收."""
        return self.figures.carried + self.figures.new

    def value(self, key: str) -> int | float | Decimal | None:
        """One figure by its key in ``INDICATORS``; None where it has no base (÷ 0)."""
        f, x = self.figures, self.extra
        closed = f.closed

        def ratio(part: int, whole: int) -> float | None:
            return part / whole if whole else None

        values: dict[str, Callable[[], int | float | Decimal | None]] = {
            "intake": lambda: self.intake,
            "new": lambda: f.new,
            "closed": lambda: closed,
            "pending": lambda: f.pending,
            "closing_rate": lambda: f.closing_rate,  # the weekly sheet's, the one definition
            "statutory_rate": lambda: f.statutory_rate,  # the weekly sheet's
            "in_time_rate": lambda: f.in_time_rate,  # the weekly sheet's
            "overdue": lambda: f.overdue,
            "statutory_overdue": lambda: f.statutory_overdue,
            "final_rate": lambda: ratio(x.final, closed),
            "paid_rate": lambda: ratio(x.paid_in_full, closed),
            "average_days": lambda: ratio(x.closing_days, closed),
            "extensions": lambda: x.extensions,
            "closed_amount": lambda: Decimal(x.closed_amount_fen).scaleb(-2),
            "received": lambda: Decimal(x.received_fen).scaleb(-2),
            "received_rate": lambda: ratio(x.received_for_closed_fen, x.closed_amount_fen),
        }
        return values[key]()


@dataclass(frozen=True)
class Indicator:
    """A figure of SPEC §9: its key, its Chinese name, and how it is written."""

    key: str
    label: str
    kind: str  # "count", "rate", "days", "money"
    higher_is_better: bool | None  # None: neither (a volume)


INDICATORS: tuple[Indicator, ...] = (
    Indicator("intake", "收案", "count", None),
    Indicator("new", "新收", "count", None),
    Indicator("closed", "结案", "count", True),
    Indicator("pending", "未结", "count", False),
    Indicator("closing_rate", "结案率", "rate", True),
    Indicator("statutory_rate", "法定期限内结案率", "rate", True),
    Indicator("in_time_rate", "期限内结案率", "rate", True),
    Indicator("overdue", "超期未结", "count", False),
    Indicator("statutory_overdue", "超审限未结", "count", False),
    Indicator("final_rate", "终本率", "rate", False),
    Indicator("paid_rate", "执行完毕率", "rate", True),
    Indicator("average_days", "平均结案用时（天）", "days", False),
    Indicator("extensions", "延长审限件数", "count", False),
    Indicator("closed_amount", "申请执行标的额（元）", "money", None),
    Indicator("received", "执行到位金额（元）", "money", True),
    Indicator("received_rate", "执行到位率", "rate", True),
)
"""SPEC §9's figures in its order; 超期未结 beside 超审限未结, as §3 shows both limits."""


class ScopeKind:
    """Whom a block of the statistics covers."""

    BUREAU = "bureau"
    TEAM = "team"
    GROUP = "group"
    JUDGE = "judge"


@dataclass(frozen=True)
class ScopeRow:
    """One scope's figures in the period and in the two it is compared with."""

    kind: str  # ScopeKind
    label: str  # 全局 / 速执团队 / 速执团队 第一办案组 / 承办法官 王爱军
    current: Line
    previous: Line  # 环比
    year_before: Line  # 同比


@dataclass(frozen=True)
class Statistics:
    """The statistics of a period: scopes in order, and what the title needs."""

    court_name: str
    period: Period
    as_of: dt.date
    previous: Period
    previous_as_of: dt.date
    year_before: Period
    year_before_as_of: dt.date
    made_on: dt.date
    rows: list[ScopeRow]

    @property
    def bureau(self) -> ScopeRow:
        """The 全局 line."""
        return self.rows[0]


def period_lines(session: Session, start: dt.date, as_of: dt.date) -> dict[Bucket, Line]:
    """Every figure of ``start``–``as_of`` as of ``as_of``, per bucket."""
    counts = figures_as_of(session, start, as_of)
    extras = extras_by_bucket(session, start, as_of)
    return {
        key: Line(counts.get(key, Figures()), extras.get(key, Extra()))
        for key in counts.keys() | extras.keys()
    }


def statistics(session: Session, period: Period, today: dt.date) -> Statistics:
    """The period's figures, 环比 and 同比, per scope; refused for a period without data."""
    first = session.scalar(select(func.min(Case.filing_date)))
    check_in_data(period, today, first)
    as_of = period.as_of(today)
    previous, year_before = period.previous(), period.year_before()
    previous_as_of = previous.cut_like(period, today)
    year_before_as_of = year_before.cut_like(period, today)
    current = period_lines(session, period.start, as_of)
    before = period_lines(session, previous.start, previous_as_of)
    last_year = period_lines(session, year_before.start, year_before_as_of)
    rows = [
        ScopeRow(kind, label, _sum(current, keep), _sum(before, keep), _sum(last_year, keep))
        for kind, label, keep in _scopes(session, current.keys() | before.keys())
    ]
    return Statistics(
        court_name=get_setting(session, COURT_NAME),
        period=period,
        as_of=as_of,
        previous=previous,
        previous_as_of=previous_as_of,
        year_before=year_before,
        year_before_as_of=year_before_as_of,
        made_on=today,
        rows=rows,
    )


Keep = Callable[[Bucket], bool]


def _sum(lines: dict[Bucket, Line], keep: Keep) -> Line:
    total = Line()
    for key, line in lines.items():
        if keep(key):
            total = total + line
    return total


def _scopes(session: Session, used: set[Bucket]) -> list[tuple[str, str, Keep]]:
    """全局, then each team with its groups, then each judge (over every team)."""
    scopes: list[tuple[str, str, Keep]] = [(ScopeKind.BUREAU, "全局", lambda _key: True)]
    for team_id, team_name in session.execute(select(Team.id, Team.name).order_by(Team.ordinal)):
        scopes.append((ScopeKind.TEAM, team_name, partial(_at, 0, team_id)))
        groups = session.execute(
            select(CaseGroup.id, CaseGroup.name, CaseGroup.active)
            .where(CaseGroup.team_id == team_id)
            .order_by(CaseGroup.rotation, CaseGroup.id)
        )
        for group_id, name, active in groups:
            if active or any(k[1] == group_id for k in used):
                scopes.append((ScopeKind.GROUP, f"{team_name} {name}", partial(_at, 1, group_id)))
    judge_ids = {k[2] for k in used if k[2] is not None}
    judges = session.execute(
        select(Person.id, Person.name).where(Person.id.in_(judge_ids)).order_by(Person.id)
    )
    for judge_id, name in judges:
        scopes.append((ScopeKind.JUDGE, f"承办法官 {name}", partial(_at, 2, judge_id)))
    return scopes


def _at(position: int, wanted: int, key: Bucket) -> bool:
    """The bucket's team (0), group (1) or judge (2) is ``wanted``."""
    return key[position] == wanted


__all__ = [
    "INDICATORS",
    "Extra",
    "Indicator",
    "Line",
    "ScopeKind",
    "ScopeRow",
    "Statistics",
    "period_lines",
    "statistics",
]
