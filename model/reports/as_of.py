"""Figures as of a day (SPEC §3 "As of a day"): the one place they are counted.

``figures_as_of(session, first_day, last_day, cases=…)`` is what every report asks:
the counts of SPEC §5 for the period ``first_day``–``last_day`` (a week, a month, a
year), each case counted with the facts in effect on ``last_day`` — its team, case
group and judge that day, its limits that day — bucketed per (team, group, judge,
special). The weekly sheet sums its lines from the buckets; the statistics (SPEC §9)
use the same function for any period, and ``clock_on(day)`` to read a case's clock
on a day in queries of their own.

A case's clock on a day is its ``clock_spans`` row covering that day (written with
every event by ``model.calendar.clock``), so a past day is one indexed join, not a
replay of events. Whether a case is pending, new or closed uses its filing and
standing closing dates: a closing recorded later with a past date is a correction
and changes the past figures, as §3 says.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from model.entities import Case, CaseStatus, ClockSpan, Track

DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class Figures:
    """The counts of SPEC §5 for one line (a team, group, judge, or all)."""

    carried: int = 0  # 旧存: pending at the start of the first day
    new: int = 0  # 新收: filed in the period
    closed: int = 0  # 已结: closed in the period
    pending: int = 0  # 未结: pending at the end of the last day
    overdue: int = 0  # 超期: pending, the track limit (到期日) before the last day
    due_soon: int = 0  # 7日内到期: pending, due from the last day to 7 days after
    closed_in_time: int = 0  # closings that met the track limit
    statutory_overdue: int = 0  # 超审限: pending, the statutory date before the last day
    closed_in_statutory: int = 0  # closings that met the statutory limit

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            *(getattr(self, f.name) + getattr(other, f.name) for f in dataclasses.fields(Figures))
        )

    def as_dict(self) -> dict[str, int]:
        """The counts by field name (the 报表存档 keeps them so)."""
        return dataclasses.asdict(self)

    @property
    def closing_rate(self) -> float | None:
        """结案率 = 已结 ÷ (旧存 + 新收); None when nothing was to be closed."""
        base = self.carried + self.new
        return self.closed / base if base else None

    @property
    def in_time_rate(self) -> float | None:
        """期限内结案率: the share of the period's closings that met their track limit."""
        return self.closed_in_time / self.closed if self.closed else None

    @property
    def statutory_rate(self) -> float | None:
        """法定期限内结案率: the share of the period's closings that met the statutory limit."""
        return self.closed_in_statutory / self.closed if self.closed else None


Bucket = tuple[int | None, int | None, int | None, bool]
"""(team id, case group id, judge id, special?) on the last day."""


def clock_on(day: dt.date) -> tuple[type[ClockSpan], ColumnElement[bool]]:
    """Each case's clock on ``day``: an alias of ``clock_spans`` and the join condition.

    ``select(...).join(span, on)`` gives every case filed on or before ``day`` its
    state that day: ``span.status`` (在办 / 中止 / 已结), ``span.team_id``,
    ``span.group_id``, ``span.judge_id``, ``span.track``, ``span.due_date`` and
    ``span.statutory_due_date`` (None while a period stops the clock).
    """
    span = aliased(ClockSpan)
    on = and_(
        span.case_id == Case.id,
        span.starts <= day,
        or_(span.ends.is_(None), span.ends > day),
    )
    return span, on


def bucket_columns(span: type[ClockSpan]) -> list[Any]:
    """The columns that name a case's ``Bucket`` from its clock ``span`` on a day."""
    special = case((span.track == Track.SPECIAL, 1), else_=0)
    return [span.team_id, span.group_id, span.judge_id, special]


SHORT_PERIOD_DAYS = 92
"""A period shorter than this (a week, a month, a quarter) finds its cases by the closing day.

The cases touching a period are those filed by its end and not closed before its
start. For a short period the second is the narrow one (the open cases and the few
closed since: a week's sheet reads 2,400 of 100,000 cases) and the closing day's index
finds them: a week as of its Sunday at 1,000,000 cases 341 -> 61 ms. For a year it is
not (140,000 closings a year at that size, read in closing order): the filing day's
index, read in filing order, 509 ms against 875 ms. SQLite's planner, knowing neither,
took the filing day's for both; wrapping ``filing_date`` in ``coalesce`` (it is never
null) keeps any planner from using that index. A quarter (89–91 days) counts as short:
at 100,000 cases 34 -> 25 ms, at 1,000,000 about even (373 against 477 ms, warm).
"""


def past_limits(
    span: type[ClockSpan], day: dt.date
) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """超期 and 超审限 on ``day`` of a case joined to its clock on that day (``clock_on``).

    A case is past a limit when its clock runs that day (pending, no period stopping it)
    and that limit's date lies before the day; the one definition every report counts.
    """
    running = span.status == CaseStatus.PENDING
    return and_(running, span.due_date < day), and_(running, span.statutory_due_date < day)


class _Period:
    """The SQL of SPEC §5's counts for a period, as of its last day: one definition for all."""

    def __init__(self, first_day: dt.date, last_day: dt.date) -> None:
        span, on = clock_on(last_day)
        day_before = first_day - dt.timedelta(days=1)

        def not_closed_by(day: dt.date) -> ColumnElement[bool]:
            return or_(Case.closed_on.is_(None), Case.closed_on > day)

        running = span.status == CaseStatus.PENDING
        overdue, statutory_overdue = past_limits(span, last_day)
        closed = Case.closed_on.between(first_day, last_day)
        soon = last_day + dt.timedelta(days=DUE_SOON_DAYS)
        self.span, self.on = span, on
        # in the order of Figures' fields
        self.conditions = [
            and_(Case.filing_date < first_day, not_closed_by(day_before)),  # carried
            Case.filing_date.between(first_day, last_day),  # new
            closed,  # closed
            span.status != CaseStatus.CLOSED,  # pending
            overdue,  # overdue
            and_(running, span.due_date.between(last_day, soon)),  # due_soon
            and_(closed, or_(span.due_date.is_(None), Case.closed_on <= span.due_date)),
            statutory_overdue,  # statutory_overdue
            and_(
                closed,
                or_(span.statutory_due_date.is_(None), Case.closed_on <= span.statutory_due_date),
            ),
        ]
        self.special = bucket_columns(span)[3]
        # the cases that touch the period: filed by its end, not closed before its start
        short = (last_day - first_day).days < SHORT_PERIOD_DAYS
        # a short period's: not through the filing day's index (see SHORT_PERIOD_DAYS)
        filed = func.coalesce(Case.filing_date, last_day) if short else Case.filing_date
        self.touching = and_(
            filed <= last_day, or_(Case.closed_on.is_(None), Case.closed_on >= first_day)
        )

    def flags(self) -> list[ColumnElement[int]]:
        """Each count's condition as 1 or 0."""
        return [case((condition, 1), else_=0) for condition in self.conditions]


def figures_as_of(
    session: Session,
    first_day: dt.date,
    last_day: dt.date,
    cases: ColumnElement[bool] | None = None,
) -> dict[Bucket, Figures]:
    """The figures of ``first_day``–``last_day`` as of ``last_day``, per bucket.

    One GROUP BY over the cases that touch the period (filed by its end, not closed
    before its start), each joined to its clock on ``last_day``. ``cases`` narrows the
    set (a condition on ``Case``, e.g. one judge's). 超期 / 超审限 / 7日内到期 count
    pending cases whose clock runs that day (not those a period stops); a closing
    met a limit when it fell on or before the due date the case had on closing day.
    """
    p = _Period(first_day, last_day)
    span = p.span
    query = (
        select(span.team_id, span.group_id, span.judge_id, p.special, *map(func.sum, p.flags()))
        .select_from(Case)
        .join(span, p.on)
        .where(p.touching)
        .group_by(span.team_id, span.group_id, span.judge_id, p.special)
    )
    if cases is not None:
        query = query.where(cases)
    result: dict[Bucket, Figures] = {}
    for team_id, group_id, judge_id, is_special, *counts in session.execute(query):
        key = (team_id, group_id, judge_id, bool(is_special))
        result[key] = result.get(key, Figures()) + Figures(*(int(n or 0) for n in counts))
    return result


@dataclass(frozen=True)
class CasePart:
    """One case's part in a period's figures: its bucket and the counts it adds (0 or 1 each)."""

    case_id: int
    number: str
    bucket: Bucket
    figures: Figures


def case_parts_as_of(
    session: Session,
    first_day: dt.date,
    last_day: dt.date,
    cases: ColumnElement[bool] | None = None,
) -> list[CasePart]:
    """What each case adds to ``figures_as_of`` (same period, same rules), by case id.

    For tracing a figure to its cases: the 报表存档 keeps these to say which cases
    changed an issued sheet's figures.
    """
    p = _Period(first_day, last_day)
    span = p.span
    query = (
        select(
            Case.id, Case.number, span.team_id, span.group_id, span.judge_id, p.special, *p.flags()
        )
        .select_from(Case)
        .join(span, p.on)
        .where(p.touching)
        .order_by(Case.id)
    )
    if cases is not None:
        query = query.where(cases)
    return [
        CasePart(
            case_id,
            number,
            (team_id, group_id, judge_id, bool(is_special)),
            Figures(*(int(n) for n in flags)),
        )
        for case_id, number, team_id, group_id, judge_id, is_special, *flags in session.execute(
            query
        )
    ]
