"""Keep each case's clock (due dates, status) stored on its row, so lists sort in SQL.

The one place a clock is refreshed: besides the row (the clock today), it rewrites the
case's timeline (``model.calendar.timeline``, the clock on any past day) in the same
transaction. Code that adds or voids an event calls ``refresh_case_clock``; code that
writes events in bulk calls ``rebuild_timelines`` for the cases it touched.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import Any, Protocol

from sqlalchemy import bindparam, delete, select, update
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
from model.calendar.timeline import CaseFacts, Handler, write_timelines
from model.calendar.workdays import WorkCalendar, load_calendar
from model.entities import (
    Assignment,
    Case,
    CaseStatus,
    ClockSpan,
    Closing,
    ExcludedPeriod,
    Extension,
    Track,
    Transfer,
    table_of,
)

BATCH = 500


class ClockFacts(Protocol):
    """What a case's clock reads of its row: a ``Case``, or a ``FilingFacts`` for a plain row."""

    @property
    def filing_date(self) -> dt.date: ...

    @property
    def track(self) -> Track: ...

    @property
    def non_litigation(self) -> bool: ...


@dataclass(frozen=True)
class FilingFacts:
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


def new_case_clock(facts: FilingFacts, calendar: WorkCalendar) -> Clock:
    """The clock of a case registered now, before any event; the same for the same facts.

    Kept on the calendar for each filing day, track and kind of basis, since the rows of
    a ledger share them (10,000 rows: a few hundred); ``Clock`` and ``WorkCalendar`` are
    immutable. Keyed by the plain values: comparing ``FilingFacts`` objects, or a new
    calendar with an equal old one, cost more than the clock (measured).
    """
    key = (facts.filing_date, facts.track, facts.non_litigation)
    found = calendar.new_clocks.get(key)
    if found is None:
        found = calendar.new_clocks[key] = compute_clock(facts, NO_EVENTS, calendar)
    return found


def store_clock(case: Case, clock: Clock) -> None:
    """Write a computed clock onto the case row."""
    for name, value in clock.values().items():
        setattr(case, name, value)


def apply_clock(case: Case, events: ClockEvents, calendar: WorkCalendar) -> None:
    """Store the clock computed from ``events`` on the case row."""
    store_clock(case, compute_clock(case, events, calendar))


class EventIndex:
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
        self.extensions: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
        for case_id, extra, approved_on in session.execute(
            select(Extension.case_id, Extension.months, Extension.approved_on).where(
                only(Extension.case_id), Extension.voided_at.is_(None)
            )
        ):
            self.months[case_id] += extra
            self.extensions[case_id].append((approved_on, extra))
        self.closings: dict[int, tuple[dt.date, str]] = {}
        for case_id, closed_on, method in session.execute(
            select(Closing.case_id, Closing.closed_on, Closing.method)
            .where(only(Closing.case_id), Closing.voided_at.is_(None))
            .order_by(Closing.id)
        ):
            self.closings[case_id] = (closed_on, method)  # the latest standing closing wins
        self._session = session
        self._transfers: dict[int, tuple[dt.date, Handler]] | None = None
        self._case_ids = case_ids

    def transfers(self) -> dict[int, tuple[dt.date, Handler]]:
        """Each transferred case's standing transfer: its day and who had the case before.

        Who had it before is the latest assignment to the team it left made before the
        transfer's own assignment (as undoing a transfer reads it).
        """
        if self._transfers is not None:
            return self._transfers
        session, case_ids = self._session, self._case_ids
        found: dict[int, tuple[dt.date, int]] = {}
        query = select(Transfer.case_id, Transfer.transferred_on, Transfer.from_team_id).where(
            Transfer.voided_at.is_(None)
        )
        if case_ids is not None:
            query = query.where(Transfer.case_id.in_(case_ids))
        for case_id, day, from_team in session.execute(query.order_by(Transfer.id)):
            found[case_id] = (day, from_team)  # the latest standing transfer
        result: dict[int, tuple[dt.date, Handler]] = {}
        ids = sorted(found)
        for offset in range(0, len(ids), BATCH):
            rows = session.execute(
                select(
                    Assignment.case_id,
                    Assignment.kind,
                    Assignment.team_id,
                    Assignment.group_id,
                    Assignment.judge_id,
                )
                .where(Assignment.case_id.in_(ids[offset : offset + BATCH]))
                .order_by(Assignment.case_id, Assignment.id)
            )
            history: dict[int, list[tuple[str, int, int | None, int | None]]] = defaultdict(list)
            for case_id, kind, team_id, group_id, judge_id in rows:
                history[case_id].append((kind, team_id, group_id, judge_id))
            for case_id in ids[offset : offset + BATCH]:
                day, from_team = found[case_id]
                entries = history.get(case_id, [])
                moved = max(
                    (i for i, entry in enumerate(entries) if entry[0] == "transfer"),
                    default=len(entries),
                )
                before = [entry for entry in entries[:moved] if entry[1] == from_team]
                group_id, judge_id = (before[-1][2], before[-1][3]) if before else (None, None)
                result[case_id] = (day, Handler(from_team, group_id, judge_id))
        self._transfers = result
        return result

    def facts(self, case: Any) -> CaseFacts:
        """What the case's timeline is computed from (``case``: a Case or a row with its fields)."""
        case_id = case.id
        closing = self.closings.get(case_id)
        return CaseFacts(
            case_id=case_id,
            filing_date=case.filing_date,
            track=case.track,
            handler=Handler(case.team_id, case.group_id, case.judge_id),
            statutory_months=statutory_months(case),
            ranges=self.ranges.get(case_id, []),
            extensions=self.extensions.get(case_id, []),
            transfer=self.transfers().get(case_id),
            closed_on=closing[0] if closing is not None else None,
        )

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
    return EventIndex(session, [case_id]).of(case_id)


class KnownEvents(Protocol):
    """What ``refresh_case_clock`` reads of an ``EventBook`` (model/calendar/event_book.py)."""

    calendar: WorkCalendar
    touched: set[int]

    def of(self, case_id: int) -> ClockEvents: ...


def refresh_case_clock(
    session: Session,
    case: Case,
    calendar: WorkCalendar | None = None,
    today: dt.date | None = None,
    *,
    book: KnownEvents | None = None,
) -> None:
    """Recompute and store the case's due dates, status and days left at suspension.

    Reads the case's standing extensions, excluded periods and closing through
    ``session`` (pending objects are flushed first). A closed case that was
    suspended has its open period counted up to its closing day. ``today`` is
    accepted for symmetry with the callers; the stored clock does not depend on it.
    With ``book`` (a writer of many events) the events are the book's, nothing is read,
    and the timeline is left to ``model.calendar.event_book.EventBook.write_timelines``.
    """
    del today
    if book is not None:
        apply_clock(case, book.of(case.id), book.calendar)
        book.touched.add(case.id)
        return
    calendar = calendar if calendar is not None else load_calendar(session)
    session.flush()
    index = EventIndex(session, [case.id])
    apply_clock(case, index.of(case.id), calendar)
    write_timelines(session, [index.facts(case)], calendar)


def rebuild_timelines(
    session: Session, case_ids: list[int] | None = None, calendar: WorkCalendar | None = None
) -> int:
    """Rewrite the timelines of ``case_ids`` (every case when None) from their events; the count.

    For writers that add events in bulk (an import) and for the migration that builds
    the timelines of an older database. Reads the case rows with every column, so
    whatever ``statutory_months`` reads is there.
    """
    calendar = calendar if calendar is not None else load_calendar(session)
    session.flush()
    table = table_of(Case)
    if case_ids is None:
        session.connection().execute(delete(table_of(ClockSpan)))
        chunks: list[list[int] | None] = [None]
    else:
        chunks = [case_ids[i : i + BATCH] for i in range(0, len(case_ids), BATCH)]
    count = 0
    for chunk in chunks:
        index = EventIndex(session, chunk)
        query = select(table)
        if chunk is not None:
            query = query.where(table.c.id.in_(chunk))
        facts = [index.facts(row) for row in session.connection().execute(query)]
        write_timelines(session, facts, calendar, replace=chunk is not None)
        count += len(facts)
    return count


def recomputed_clocks(
    session: Session, calendar: WorkCalendar
) -> Iterator[tuple[int, str, tuple[Any, ...], tuple[Any, ...]]]:
    """Every case's stored clock beside the one its standing events give, in case order.

    Yields (case id, 案号, stored, computed), each clock in ``CLOCK_FIELDS`` order; works
    on plain rows in batches, writes nothing. Refreshing writes the differences, the
    check (``model.calendar.clock_check``) names them.
    """
    facts = (Case.id, Case.number, Case.filing_date, Case.track, Case.non_litigation)
    columns = [*facts, *(getattr(Case, name) for name in CLOCK_FIELDS)]
    events = EventIndex(session, None)
    rows = session.execute(select(*columns).order_by(Case.id).execution_options(yield_per=BATCH))
    for values in rows:
        case_id, number, filing_date, track, non_litigation = values[: len(facts)]
        computed = compute_clock(
            FilingFacts(filing_date, track, non_litigation), events.of(case_id), calendar
        )
        yield case_id, number, tuple(values[len(facts) :]), computed.row()


def refresh_all_clocks(session: Session) -> int:
    """Recompute every case's clock (after the holiday calendar changed); the count.

    Works on plain rows in batches and writes only the cases whose clock changed, so
    a calendar edit on a database of 100 000 cases takes seconds, not minutes.
    """
    calendar = load_calendar(session)
    session.flush()
    changed: list[dict[str, object]] = []
    count = 0
    for case_id, _number, before, after in list(recomputed_clocks(session, calendar)):
        count += 1
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
    for offset in range(0, len(changed), BATCH):
        session.connection().execute(statement, changed[offset : offset + BATCH])
    session.expire_all()  # loaded Case objects must see the new clocks
    rebuild_timelines(session, None, calendar)  # every span's dates follow the calendar
    return count
