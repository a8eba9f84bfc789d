"""Keep each case's clock (due dates, status) stored on its row, so lists sort in SQL."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, fields
from typing import Any, Protocol

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from model.calendar.deadlines import (
    NON_LITIGATION_MONTHS,
    STATUTORY_MONTHS,
    DateRange,
    close_open_ranges,
    days_left_at_suspension,
    due_date,
    has_open_range,
)
from model.calendar.workdays import WorkCalendar, load_calendar
from model.entities import Case, CaseStatus, Closing, ExcludedPeriod, Extension, Track, table_of

_BATCH = 500


class ClockFacts(Protocol):
    """What a case's clock reads of its row: a ``Case``, or a ``CaseFacts`` for a plain row."""

    @property
    def filing_date(self) -> dt.date: ...

    @property
    def track(self) -> Track: ...

    @property
    def non_litigation(self) -> bool: ...


@dataclass(frozen=True)
class CaseFacts:
    """The facts of a case the clock reads, for rows that are not ORM objects (import, tests)."""

    filing_date: dt.date
    track: Track
    non_litigation: bool


def statutory_months(case: ClockFacts) -> int:
    """法定期限: 6 months, 3 for non-litigation enforcement (非诉执行) (第五条)."""
    return NON_LITIGATION_MONTHS if case.non_litigation else STATUTORY_MONTHS


@dataclass(frozen=True)
class ClockEvents:
    """What a case's clock depends on besides the case row itself (the standing entries)."""

    ranges: list[DateRange]
    extension_months: int
    closing: tuple[dt.date, str] | None  # closed_on, method


NO_EVENTS = ClockEvents([], 0, None)
"""The events of a case registered in this transaction: none yet, so its clock needs no query."""


@dataclass(frozen=True)
class Clock:
    """A case's clock as stored on its row: the columns, in ``CLOCK_FIELDS`` order."""

    due_date: dt.date | None
    statutory_due_date: dt.date | None
    status: CaseStatus
    closed_on: dt.date | None
    closing_method: str | None
    days_left_at_suspension: int | None

    def values(self) -> dict[str, Any]:
        """The columns by attribute name."""
        return {name: getattr(self, name) for name in CLOCK_FIELDS}

    def row(self) -> tuple[Any, ...]:
        """The columns in ``CLOCK_FIELDS`` order."""
        return tuple(getattr(self, name) for name in CLOCK_FIELDS)


CLOCK_FIELDS = tuple(f.name for f in fields(Clock))


def compute_clock(case: ClockFacts, events: ClockEvents, calendar: WorkCalendar) -> Clock:
    """The clock of a case with these facts and standing ``events``; pure, writes nothing."""
    ranges = events.ranges
    closing = events.closing
    counted = close_open_ranges(ranges, closing[0]) if closing is not None else ranges
    # A transferred case has track ORDINARY: 6 months from its original filing date.
    track = case.track.limit_months
    extra = events.extension_months
    due = due_date(case.filing_date, track, extra, counted, calendar)
    statutory = due_date(case.filing_date, statutory_months(case), extra, counted, calendar)
    if closing is not None:
        return Clock(due, statutory, CaseStatus.CLOSED, closing[0], closing[1], None)
    if has_open_range(ranges):
        left = days_left_at_suspension(case.filing_date, track, extra, ranges, calendar)
        return Clock(due, statutory, CaseStatus.SUSPENDED, None, None, left)
    return Clock(due, statutory, CaseStatus.PENDING, None, None, None)


def store_clock(case: Case, clock: Clock) -> None:
    """Write a computed clock onto the case row."""
    for name, value in clock.values().items():
        setattr(case, name, value)


def apply_clock(case: Case, events: ClockEvents, calendar: WorkCalendar) -> None:
    """Store the clock computed from ``events`` on the case row."""
    store_clock(case, compute_clock(case, events, calendar))


class _EventIndex:
    """The standing (not voided) periods, extensions and closing of some or all cases."""

    def __init__(self, session: Session, case_ids: list[int] | None) -> None:
        def only(column: Any) -> Any:
            return column.in_(case_ids) if case_ids is not None else True

        self.ranges: dict[int, list[DateRange]] = defaultdict(list)
        for case_id, start, end in session.execute(
            select(ExcludedPeriod.case_id, ExcludedPeriod.start, ExcludedPeriod.end).where(
                only(ExcludedPeriod.case_id), ExcludedPeriod.voided_at.is_(None)
            )
        ):
            self.ranges[case_id].append((start, end))
        self.months: dict[int, int] = defaultdict(int)
        for case_id, extra in session.execute(
            select(Extension.case_id, Extension.months).where(
                only(Extension.case_id), Extension.voided_at.is_(None)
            )
        ):
            self.months[case_id] += extra
        self.closings: dict[int, tuple[dt.date, str]] = {}
        for case_id, closed_on, method in session.execute(
            select(Closing.case_id, Closing.closed_on, Closing.method)
            .where(only(Closing.case_id), Closing.voided_at.is_(None))
            .order_by(Closing.id)
        ):
            self.closings[case_id] = (closed_on, method)  # the latest standing closing wins

    def of(self, case_id: int) -> ClockEvents:
        """One case's events."""
        return ClockEvents(
            self.ranges.get(case_id, []), self.months.get(case_id, 0), self.closings.get(case_id)
        )


def current_closing(session: Session, case_id: int) -> Closing | None:
    """The closing that stands, if the case is closed."""
    return session.scalars(
        select(Closing)
        .where(Closing.case_id == case_id, Closing.voided_at.is_(None))
        .order_by(Closing.id.desc())
    ).first()


def case_events(session: Session, case_id: int) -> ClockEvents:
    """One case's standing periods, extensions and closing (pending objects flushed first)."""
    session.flush()
    return _EventIndex(session, [case_id]).of(case_id)


def refresh_case_clock(
    session: Session,
    case: Case,
    calendar: WorkCalendar | None = None,
    today: dt.date | None = None,
) -> None:
    """Recompute and store the case's due dates, status and days left at suspension.

    Reads the case's standing extensions, excluded periods and closing through
    ``session`` (pending objects are flushed first). A closed case that was
    suspended has its open period counted up to its closing day. ``today`` is
    accepted for symmetry with the callers; the stored clock does not depend on it.
    """
    del today
    calendar = calendar if calendar is not None else load_calendar(session)
    apply_clock(case, case_events(session, case.id), calendar)


def refresh_all_clocks(session: Session) -> int:
    """Recompute every case's clock (after the holiday calendar changed); the count.

    Works on plain rows in batches and writes only the cases whose clock changed, so
    a calendar edit on a database of 100 000 cases takes seconds, not minutes.
    """
    calendar = load_calendar(session)
    session.flush()
    facts = (Case.id, Case.filing_date, Case.track, Case.non_litigation)
    columns = [*facts, *(getattr(Case, name) for name in CLOCK_FIELDS)]
    events = _EventIndex(session, None)
    changed: list[dict[str, object]] = []
    count = 0
    rows = session.execute(select(*columns).execution_options(yield_per=_BATCH)).all()
    for values in rows:
        count += 1
        case_id, filing_date, track, non_litigation = values[: len(facts)]
        before = tuple(values[len(facts) :])
        after = compute_clock(
            CaseFacts(filing_date, track, non_litigation), events.of(case_id), calendar
        ).row()
        if after != before:
            changed.append({"row_id": case_id, **dict(zip(CLOCK_FIELDS, after, strict=True))})
    # A Core UPDATE of the table: a clock derived from the calendar is not a clerk's
    # change, so it neither checks nor bumps the case's version (optimistic locking).
    table = table_of(Case)
    statement = (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values({name: bindparam(name) for name in CLOCK_FIELDS})
    )
    for offset in range(0, len(changed), _BATCH):
        session.connection().execute(statement, changed[offset : offset + _BATCH])
    session.expire_all()  # loaded Case objects must see the new clocks
    return count
