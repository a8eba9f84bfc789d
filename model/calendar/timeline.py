"""Each case's clock over time (SPEC §3 "As of a day"), kept as spans in ``clock_spans``.

A figure for a past day D must come from the facts in effect on D: the team the case
was on (a transfer counts from its date), the extensions approved on or before D, the
excluded periods that started on or before D — and a period running on D stops the
clock that day. Those facts change only on the dates of events, so a case's clock is
a handful of spans, each holding from one event date to the next; they are computed
here from the standing events (``timeline``, pure) and rewritten whole, in the same
transaction as the event, by ``model.calendar.clock`` (the one place a clock is
refreshed) and by the ledger import's bulk path. A later correction with a past date
therefore rewrites the past; an event dated today changes only today onwards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete
from sqlalchemy.orm import Session

from model.calendar.deadlines import DateRange, due_date
from model.calendar.workdays import WorkCalendar
from model.entities import CaseStatus, ClockSpan, Track, table_of
from model.storage.bulk import insert_many

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Handler:
    """Who had a case: team, case group (办案组) and judge."""

    team_id: int | None
    group_id: int | None
    judge_id: int | None


@dataclass(frozen=True)
class CaseFacts:
    """What a case's clock over time depends on: the case row and its standing events."""

    case_id: int
    filing_date: dt.date
    track: Track  # as the case stands now (after any transfer)
    handler: Handler  # as the case stands now
    statutory_months: int
    ranges: Sequence[DateRange] = ()
    extensions: Sequence[tuple[dt.date, int]] = ()  # (批准日期, months)
    transfer: tuple[dt.date, Handler] | None = None  # the day, and who had it before
    closed_on: dt.date | None = None


@dataclass(frozen=True)
class Span:
    """The clock as it stood from ``starts`` until the day before ``ends``."""

    starts: dt.date
    ends: dt.date | None
    status: CaseStatus
    track: Track
    handler: Handler
    due_date: dt.date | None
    statutory_due_date: dt.date | None

    def same_state(self, other: Span) -> bool:
        """Everything but the dates it holds between."""
        return (
            self.status,
            self.track,
            self.handler,
            self.due_date,
            self.statutory_due_date,
        ) == (
            other.status,
            other.track,
            other.handler,
            other.due_date,
            other.statutory_due_date,
        )


@dataclass
class _State:
    status: CaseStatus
    track: Track
    handler: Handler
    due: dt.date | None
    statutory: dt.date | None = field(default=None)


def state_on(facts: CaseFacts, day: dt.date, calendar: WorkCalendar) -> Span:
    """The clock on ``day`` (on or after filing) from the facts in effect that day.

    Closed on or before ``day``: the clock as it stood at closing, an open period
    counted up to the closing day. Else, a period running on ``day`` (started, and open
    or ending on or after it) stops the clock: no due date. Else the due dates count
    only extensions approved on or before ``day`` and periods started by then.
    """
    closed = facts.closed_on is not None and facts.closed_on <= day
    if closed:
        assert facts.closed_on is not None
        day = facts.closed_on
    transferred = facts.transfer is None or facts.transfer[0] <= day
    track = facts.track if transferred else Track.SIMPLE
    handler = facts.handler if transferred or facts.transfer is None else facts.transfer[1]
    months = sum(extra for approved, extra in facts.extensions if approved <= day)
    started = [(start, end) for start, end in facts.ranges if start <= day]
    if closed:
        counted: list[DateRange] = [(s, e if e is not None else day) for s, e in started]
        status = CaseStatus.CLOSED
    elif any(end is None or end >= day for _, end in started):
        return Span(day, None, CaseStatus.SUSPENDED, track, handler, None, None)
    else:
        counted = started
        status = CaseStatus.PENDING
    due = due_date(facts.filing_date, track.limit_months, months, counted, calendar)
    statutory = due_date(facts.filing_date, facts.statutory_months, months, counted, calendar)
    return Span(day, None, status, track, handler, due, statutory)


def timeline(facts: CaseFacts, calendar: WorkCalendar) -> list[Span]:
    """The case's spans from its filing day on, each starting on an event date."""
    first = facts.filing_date
    days = {first}
    for start, end in facts.ranges:
        days.add(start)
        if end is not None:
            days.add(end + _ONE_DAY)
    days.update(approved for approved, _ in facts.extensions)
    if facts.transfer is not None:
        days.add(facts.transfer[0])
    if facts.closed_on is not None:
        days.add(facts.closed_on)
    last = facts.closed_on
    spans: list[Span] = []
    for day in sorted(days):
        if day < first or (last is not None and day > last):
            continue
        span = state_on(facts, day, calendar)
        if spans and spans[-1].same_state(span):
            continue
        if spans:
            spans[-1] = _ended(spans[-1], day)
        spans.append(span)
    return spans


def _ended(span: Span, ends: dt.date) -> Span:
    return Span(
        span.starts,
        ends,
        span.status,
        span.track,
        span.handler,
        span.due_date,
        span.statutory_due_date,
    )


def span_rows(case_id: int, spans: Iterable[Span]) -> list[dict[str, Any]]:
    """The ``clock_spans`` rows of one case's spans, keyed by column."""
    return [
        _span_row(
            case_id, span.starts, span.ends, span.status, span.track, span.handler.team_id,
            span.handler.group_id, span.handler.judge_id, span.due_date, span.statutory_due_date,
        )
        for span in spans
    ]  # fmt: skip


def _span_row(
    case_id: int,
    starts: dt.date,
    ends: dt.date | None,
    status: CaseStatus,
    track: Track,
    team_id: int | None,
    group_id: int | None,
    judge_id: int | None,
    due_date: dt.date | None,
    statutory_due_date: dt.date | None,
) -> dict[str, Any]:
    """One ``clock_spans`` row, keyed by column."""
    return {
        "case_id": case_id,
        "starts": starts,
        "ends": ends,
        "status": status,
        "track": track,
        "team_id": team_id,
        "group_id": group_id,
        "judge_id": judge_id,
        "due_date": due_date,
        "statutory_due_date": statutory_due_date,
    }


def write_timelines(
    bind: Session | Connection,
    facts: Iterable[CaseFacts],
    calendar: WorkCalendar,
    *,
    replace: bool = True,
) -> None:
    """Store the spans of each case, replacing what was stored (unless ``replace`` is off).

    Core statements in the caller's transaction: derived values, not audited.
    """
    connection = bind.connection() if isinstance(bind, Session) else bind
    table = table_of(ClockSpan)
    facts = list(facts)
    if replace and facts:
        ids = [item.case_id for item in facts]
        for offset in range(0, len(ids), 500):
            connection.execute(delete(table).where(table.c.case_id.in_(ids[offset : offset + 500])))
    rows = [row for item in facts for row in span_rows(item.case_id, timeline(item, calendar))]
    for offset in range(0, len(rows), 2000):
        insert_many(connection, table, rows[offset : offset + 2000])


def new_case_rows(case: Any) -> list[dict[str, Any]]:
    """The spans of a case registered just now, with no events but perhaps a closing.

    Without periods or extensions its due dates never change, so its row's clock (a
    Case, or a row's dict) is its whole timeline: in hand from filing, and closed from
    the closing day if the row is closed. The ``clock_spans`` rows are made directly,
    without ``Span`` objects: a ledger import makes 10,000 of them.
    """
    values = case if isinstance(case, dict) else {k: getattr(case, k) for k in _NEW_CASE_READS}
    first = _span_row(
        values["id"], values["filing_date"], None, CaseStatus.PENDING, values["track"],
        values["team_id"], values["group_id"], values["judge_id"], values["due_date"],
        values["statutory_due_date"],
    )  # fmt: skip
    closed_on = values["closed_on"] if values["status"] is CaseStatus.CLOSED else None
    if closed_on is None:
        return [first]
    if closed_on <= values["filing_date"]:
        first["status"] = CaseStatus.CLOSED
        return [first]
    return [
        {**first, "ends": closed_on},
        {**first, "starts": closed_on, "status": CaseStatus.CLOSED},
    ]


_NEW_CASE_READS = (
    "id",
    "filing_date",
    "track",
    "team_id",
    "group_id",
    "judge_id",
    "due_date",
    "statutory_due_date",
    "status",
    "closed_on",
)


def insert_new_case_rows(bind: Session | Connection, rows: list[dict[str, Any]]) -> None:
    """Store the spans ``new_case_rows`` made for many new cases at once."""
    connection = bind.connection() if isinstance(bind, Session) else bind
    for offset in range(0, len(rows), 2000):
        insert_many(connection, table_of(ClockSpan), rows[offset : offset + 2000])
