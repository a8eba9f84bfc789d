"""Registering a checked ledger's rows: intake's own functions, a batch at a time.

Each row is what ``register_case`` would make of it at that point in file order: the
same ``start_case``/``finish_case`` halves, a ``LoadBook`` answering as
``resolve_assignment`` would with the loads kept in memory, and 结案's
``record_closing``. What differs is only the round trips: one flush per ``BATCH`` rows,
and (on SQLite) ids given before the INSERT so each table is one executemany.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from model.assignment import LoadBook
from model.bulk import given_ids
from model.calendar import load_calendar
from model.clock import ClockEvents
from model.criteria import triage_context
from model.events_closing import record_closing
from model.intake import finish_case, start_case

if TYPE_CHECKING:
    from model.ledger_import import LedgerRow

NO_EVENTS = ClockEvents([], 0, None)  # a case registered in this transaction


BATCH = 500  # rows flushed together: one INSERT of each kind per batch


def register_rows(
    session: Session,
    rows: list[LedgerRow],
    actor_id: int | None,
    today: dt.date,
    tick: Callable[[int, int], None],
) -> int:
    """Register the good rows in file order, ``BATCH`` at a time; the number closed.

    Each row is what ``register_case`` would make of it at that point: the rows were
    checked (``validate_draft``) in this transaction, and a ``LoadBook`` gives each row
    the suggestion ``resolve_assignment`` would, with the loads kept in memory. A
    batch is built, flushed once (the cases get their ids), then completed.
    """
    context = triage_context(session)
    calendar = load_calendar(session)
    loads = LoadBook(session)
    closed = done = 0
    with session.no_autoflush, given_ids(session):
        for offset in range(0, len(rows), BATCH):
            batch = rows[offset : offset + BATCH]
            started = []
            for item in batch:
                new = start_case(
                    session,
                    item.draft,
                    item.ticked,
                    item.override_track,
                    item.override_reason,
                    item.group_id,
                    item.judge_id,
                    actor_id,
                    today,
                    context=context,
                    calendar=calendar,
                    require_parties=False,
                    assigned_on=item.draft.filing_date,
                    check=item.check,
                    loads=loads,
                )
                loads.count(new.resolved, still_open=item.closed_on is None)
                started.append(new)
            session.flush()
            for item, new in zip(batch, started, strict=True):
                case = finish_case(session, new, actor_id, context)
                if item.closed_on is not None:
                    record_closing(
                        session,
                        case,
                        item.closed_on,
                        item.method,
                        actor_id,
                        {"imported": True},
                        calendar=calendar,
                        known_events=NO_EVENTS,
                        source="台账导入",
                    )
                    closed += 1
                done += 1
                tick(done, len(rows))
        session.flush()
    return closed
