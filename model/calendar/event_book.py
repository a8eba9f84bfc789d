"""The standing events of many cases, kept in memory while one transaction adds to them.

For the ledger import's 期限事项 (model/ledger/events.py): each event's writer refreshes
its case's clock from here instead of flushing and reading the database, and each case's
timeline is written once at the end.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from model.calendar.clock import BATCH, ClockEvents, EventIndex, rebuild_timelines
from model.calendar.deadlines import DateRange
from model.calendar.workdays import WorkCalendar


class EventBook:
    """The standing events of the cases one transaction records many events on (an import).

    Read once for all of them (a few queries a 500 cases), then kept in step by the
    event writers (``add_period``, ``add_extension``, ``move_case``, ``record_closing``
    given ``book=``), so each event's clock is computed without flushing or reading —
    about 3 ms an event saved, most of an import's 期限事项 time (issue 20). Each case's
    timeline is written once, at the end, by ``write_timelines``: the same spans the
    last of its refreshes would have written.
    """

    def __init__(self, session: Session, case_ids: list[int], calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self.touched: set[int] = set()
        self._ranges: dict[int, list[DateRange]] = {}
        self._months: dict[int, int] = {}
        self._closings: dict[int, tuple[dt.date, str]] = {}
        session.flush()
        for offset in range(0, len(case_ids), BATCH):
            index = EventIndex(session, case_ids[offset : offset + BATCH])
            self._ranges.update(index.ranges)
            self._months.update(index.months)
            self._closings.update(index.closings)

    def of(self, case_id: int) -> ClockEvents:
        """One case's standing events as they now stand."""
        return ClockEvents(
            list(self._ranges.get(case_id, [])),
            self._months.get(case_id, 0),
            self._closings.get(case_id),
        )

    def add_range(self, case_id: int, start: dt.date, end: dt.date | None) -> None:
        """An excluded period recorded on the case."""
        self._ranges.setdefault(case_id, []).append((start, end))

    def add_months(self, case_id: int, months: int) -> None:
        """An extension recorded on the case."""
        self._months[case_id] = self._months.get(case_id, 0) + months

    def close(self, case_id: int, day: dt.date, method: str) -> None:
        """A closing recorded on the case."""
        self._closings[case_id] = (day, method)
        self.touched.add(case_id)

    def write_timelines(self, session: Session) -> None:
        """Each touched case's timeline, from its events as the database now holds them."""
        rebuild_timelines(session, sorted(self.touched), self.calendar)
