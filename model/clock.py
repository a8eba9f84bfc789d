"""Keep each case's clock (due dates, status) stored on its row, so lists sort in SQL."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from model.calendar import WorkCalendar, load_calendar
from model.deadlines import (
    NON_LITIGATION_MONTHS,
    STATUTORY_MONTHS,
    DateRange,
    close_open_ranges,
    days_left_at_suspension,
    due_date,
    has_open_range,
)
from model.entities import Case, CaseStatus, Closing, ExcludedPeriod, Extension

_BATCH = 500


def statutory_months(case: Case) -> int:
    """法定期限: 6 months, 3 for non-litigation enforcement (非诉执行) (第五条)."""
    return NON_LITIGATION_MONTHS if case.non_litigation else STATUTORY_MONTHS


@dataclass(frozen=True)
class ClockEvents:
    """What a case's clock depends on besides the case row itself (the standing entries)."""

    ranges: list[DateRange]
    extension_months: int
    closing: tuple[dt.date, str] | None  # closed_on, method


def apply_clock(case: Case, events: ClockEvents, calendar: WorkCalendar) -> None:
    """Store the clock computed from ``events`` on the case row (or any object with its fields)."""
    ranges = events.ranges
    closing = events.closing
    counted = close_open_ranges(ranges, closing[0]) if closing is not None else ranges
    # A transferred case has track ORDINARY: 6 months from its original filing date.
    track = case.track.limit_months
    extra = events.extension_months
    case.due_date = due_date(case.filing_date, track, extra, counted, calendar)
    case.statutory_due_date = due_date(
        case.filing_date, statutory_months(case), extra, counted, calendar
    )
    if closing is not None:
        case.status = CaseStatus.CLOSED
        case.closed_on, case.closing_method = closing
        case.days_left_at_suspension = None
    elif has_open_range(ranges):
        case.status = CaseStatus.SUSPENDED
        case.closed_on = case.closing_method = None
        case.days_left_at_suspension = days_left_at_suspension(
            case.filing_date, track, extra, ranges, calendar
        )
    else:
        case.status = CaseStatus.PENDING
        case.closed_on = case.closing_method = None
        case.days_left_at_suspension = None


def _load_events(session: Session, case_ids: list[int]) -> dict[int, ClockEvents]:
    """The standing (not voided) periods, extensions and closing of each case."""
    ranges: dict[int, list[DateRange]] = defaultdict(list)
    for case_id, start, end in session.execute(
        select(ExcludedPeriod.case_id, ExcludedPeriod.start, ExcludedPeriod.end).where(
            ExcludedPeriod.case_id.in_(case_ids), ExcludedPeriod.voided_at.is_(None)
        )
    ):
        ranges[case_id].append((start, end))
    months: dict[int, int] = defaultdict(int)
    for case_id, extra in session.execute(
        select(Extension.case_id, Extension.months).where(
            Extension.case_id.in_(case_ids), Extension.voided_at.is_(None)
        )
    ):
        months[case_id] += extra
    closings: dict[int, tuple[dt.date, str]] = {}
    for case_id, closed_on, method in session.execute(
        select(Closing.case_id, Closing.closed_on, Closing.method)
        .where(Closing.case_id.in_(case_ids), Closing.voided_at.is_(None))
        .order_by(Closing.id)
    ):
        closings[case_id] = (closed_on, method)  # the latest standing closing wins
    return {
        case_id: ClockEvents(ranges[case_id], months[case_id], closings.get(case_id))
        for case_id in case_ids
    }


def current_closing(session: Session, case_id: int) -> Closing | None:
    """The closing that stands, if the case is closed."""
    return session.scalars(
        select(Closing)
        .where(Closing.case_id == case_id, Closing.voided_at.is_(None))
        .order_by(Closing.id.desc())
    ).first()


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
    session.flush()
    apply_clock(case, _load_events(session, [case.id])[case.id], calendar)


def refresh_all_clocks(session: Session) -> int:
    """Recompute every case's clock (after the holiday calendar changed); the count."""
    calendar = load_calendar(session)
    session.flush()
    ids = list(session.scalars(select(Case.id).order_by(Case.id)))
    for offset in range(0, len(ids), _BATCH):
        batch = ids[offset : offset + _BATCH]
        events = _load_events(session, batch)
        for case in session.scalars(select(Case).where(Case.id.in_(batch))):
            apply_clock(case, events[case.id], calendar)
        session.flush()
    return len(ids)
