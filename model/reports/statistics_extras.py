"""What only the statistics count, per bucket: closings by kind, days to close, amounts,
money received, extensions, and the pending cases past either limit (for the bars).

Each case is bucketed as ``figures_as_of`` buckets it — by its clock on the as-of day
(``model.reports.as_of.clock_on``: its team, group, judge and track that day) — so these
figures add up scope by scope with the weekly counts. Each is a GROUP BY, so a year at a
decade's scale is a handful of aggregates, not a Python loop over its closings; only the
closings that had excluded periods are read one by one, for their days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from model.calendar.deadlines import excluded_days
from model.entities import Case, ExcludedPeriod, Extension, Payment
from model.reports.as_of import Bucket, bucket_columns, clock_on, past_limits

FINAL_METHOD = "终结本次执行程序"
PAID_IN_FULL = "执行完毕"


@dataclass(frozen=True)
class Extra:
    """What only the statistics count, per bucket (amounts in whole fen)."""

    final: int = 0  # 终本 closings
    paid_in_full: int = 0  # 执行完毕 closings
    closing_days: int = 0  # days from filing to closing less excluded days, summed
    extensions: int = 0  # cases given an extension approved in the period
    overdue_any: int = 0  # pending on the as-of day past either limit (超期 or 超审限)
    closed_amount_fen: int = 0  # 申请执行标的额 of the period's closings
    closed_with_amount: int = 0  # how many of them have a 标的额
    received_fen: int = 0  # 执行到位金额: received in the period, any case
    received_for_closed_fen: int = 0  # received by the as-of day on the closings that have 标的额

    def __add__(self, other: Extra) -> Extra:
        return Extra(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Extra)))


def _day_count(session: Session) -> ColumnElement[Any]:
    """Days from filing to closing, in SQL (SQLite has no date subtraction)."""
    if session.get_bind().dialect.name == "sqlite":
        return func.julianday(Case.closed_on) - func.julianday(Case.filing_date)
    return Case.closed_on - Case.filing_date


def _counted(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.sum(case((condition, 1), else_=0))


def extras_by_bucket(session: Session, start: dt.date, as_of: dt.date) -> dict[Bucket, Extra]:
    """The statistics' own figures of ``start``–``as_of`` as of ``as_of``, per bucket."""
    span, on = clock_on(as_of)
    keys = bucket_columns(span)
    result: dict[Bucket, dict[str, int]] = {}

    def cases(*columns: Any) -> Select[Any]:
        """A query over the cases, each joined to its clock on the as-of day."""
        return select(*keys, *columns).select_from(Case).join(span, on)

    def add(raw: tuple[Any, ...], **values: Any) -> None:
        team, group, judge, special = raw
        into = result.setdefault((team, group, judge, bool(special)), {})
        for name, value in values.items():
            into[name] = into.get(name, 0) + int(value or 0)

    closed = Case.closed_on.between(start, as_of)
    fen = func.round(Case.amount * 100)
    received = and_(Payment.case_id == Case.id, Payment.voided_at.is_(None))
    # what each closing with a 标的额 had received by the day, in the same pass
    received_by_then = (
        select(func.sum(Payment.amount_fen))
        .where(received, Payment.received_on <= as_of)
        .correlate(Case)
        .scalar_subquery()
    )
    for *raw, final, paid, days, amount, with_amount, received_total in session.execute(
        cases(
            _counted(Case.closing_method == FINAL_METHOD),
            _counted(Case.closing_method == PAID_IN_FULL),
            func.sum(_day_count(session)),
            func.sum(fen),
            func.count(Case.amount),
            func.sum(case((Case.amount.is_not(None), received_by_then), else_=None)),
        )
        .where(closed)
        .group_by(*keys)
    ):
        add(
            tuple(raw),
            final=final,
            paid_in_full=paid,
            closing_days=days,
            closed_amount_fen=amount,
            closed_with_amount=with_amount,
            received_for_closed_fen=received_total,
        )
    # 第九条: the days of excluded periods up to the closing are not counted
    excluded = (ExcludedPeriod.case_id == Case.id) & ExcludedPeriod.voided_at.is_(None)
    paused: dict[int, tuple[tuple[Any, ...], dt.date, dt.date, list[Any]]] = {}
    for *raw, case_id, filed, closed_on, first, last in session.execute(
        cases(Case.id, Case.filing_date, Case.closed_on, ExcludedPeriod.start, ExcludedPeriod.end)
        .join(ExcludedPeriod, excluded)
        .where(closed)
    ):
        paused.setdefault(case_id, (tuple(raw), filed, closed_on, []))[3].append((first, last))
    for key, filed, closed_on, ranges in paused.values():
        counted = [(first, last) for first, last in ranges if first > filed]
        add(key, closing_days=-excluded_days(counted, until=closed_on))
    for *raw, total in session.execute(
        cases(func.sum(Payment.amount_fen))
        .join(Payment, received)
        .where(Payment.received_on.between(start, as_of))
        .group_by(*keys)
    ):
        add(tuple(raw), received_fen=total)
    for *raw, count in session.execute(
        cases(func.count(func.distinct(Extension.case_id)))
        .join(Extension, Extension.case_id == Case.id)
        .where(Extension.voided_at.is_(None), Extension.approved_on.between(start, as_of))
        .group_by(*keys)
    ):
        add(tuple(raw), extensions=count)
    overdue, statutory_overdue = past_limits(span, as_of)
    # only a case not closed before the day can be pending on it: read those through the
    # closing day's index, not every case (78 -> 12 ms at 100,000 cases)
    open_that_day = or_(Case.closed_on.is_(None), Case.closed_on >= as_of)
    for *raw, count in session.execute(
        cases(func.count()).where(open_that_day, or_(overdue, statutory_overdue)).group_by(*keys)
    ):
        add(tuple(raw), overdue_any=count)
    return {key: Extra(**values) for key, values in result.items()}
