"""Registering a checked ledger's rows: intake's own rules, written a batch at a time with Core.

Each row is what ``register_case`` (and, for a closed row, 结案's ``record_closing``)
would make of it at that point in file order: ``plan_case`` works out the case row,
parties, triage and handler — a ``LoadBook`` answering as ``resolve_assignment`` would,
with the loads kept in memory —, ``triage_values``, ``assignment_values`` and
``intake_history`` the rest, and ``record_closing`` the closing on the plain row. What
differs is only how the rows reach the database: no ORM objects, but one executemany
per table per ``BATCH`` rows (model/bulk.py), and the audit record's entries made by
``model.access.audit.inserted``/``updated`` exactly as the flush would have made them —
the case inserted as registered, then, for a closed row, updated by its closing — and
chained by ``model.access.audit.append`` in the same transaction.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from model.access import audit
from model.calendar.clock import ClockEvents
from model.calendar.timeline import insert_new_case_rows, new_case_rows
from model.calendar.workdays import load_calendar
from model.cases.assignment import LoadBook
from model.cases.events.closing import record_closing
from model.cases.intake import assignment_values, intake_history, plan_case, triage_values
from model.entities import Assignment, Case, Closing, HistoryEntry, Party, TriageDecision
from model.storage.bulk import Fields, RowWriter, complete
from model.triage.criteria import criteria_version_id, triage_context

if TYPE_CHECKING:
    from model.ledger.rows import LedgerRow

NO_EVENTS = ClockEvents([], 0, None)  # a case registered in this transaction

BATCH = 500  # rows written together: one INSERT of each kind per batch


class _Added:
    """Stands in for the session in ``record_closing``, keeping what it adds.

    With the calendar and the events given, ``record_closing`` only builds its closing
    and history line and adds them; they become plain rows here.
    """

    def __init__(self) -> None:
        self.objects: list[object] = []

    def add(self, obj: object) -> None:
        """Keep one object."""
        self.objects.append(obj)


def _values(obj: object) -> dict[str, Any]:
    state = inspect(obj)
    return {
        attr.key: state.dict[attr.key]
        for attr in state.mapper.column_attrs
        if attr.key in state.dict
    }


def register_rows(
    session: Session,
    rows: list[LedgerRow],
    actor_id: int | None,
    today: dt.date,
    tick: Callable[[int, int], None],
) -> int:
    """Register the good rows in file order, ``BATCH`` at a time; the number closed.

    The rows were checked (``validate_draft``) in this transaction; ``tick`` is called
    after each row (progress, and a cancel that raises rolls everything back).
    """
    context = triage_context(session)
    calendar = load_calendar(session)
    loads = LoadBook(session)
    writer = RowWriter(session)
    closed = done = 0
    with session.no_autoflush:
        session.flush()  # anything pending goes first, as it would have
        version = criteria_version_id(session, context.texts)
        for offset in range(0, len(rows), BATCH):
            batch = rows[offset : offset + BATCH]
            plans = []
            for item in batch:
                plan = plan_case(
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
                loads.count(plan.resolved, still_open=item.closed_on is None)
                plans.append(plan)
            cases = [complete(Case, plan.values) for plan in plans]
            writer.give_ids(Case, cases)
            parties = [
                complete(Party, {**party, "case_id": case["id"]})
                for plan, case in zip(plans, cases, strict=True)
                for party in plan.parties
            ]
            writer.give_ids(Party, parties)
            changes = []
            by_case: dict[int, list[dict[str, Any]]] = {}
            for party in parties:
                by_case.setdefault(party["case_id"], []).append(party)
            for case in cases:  # as the flush records them: each case, then its parties
                changes.append(audit.inserted(session, Case, case))
                changes += [audit.inserted(session, Party, p) for p in by_case.get(case["id"], [])]
            triages, assignments, closings, history, updates = [], [], [], [], []
            for item, plan, case in zip(batch, plans, cases, strict=True):
                triages.append(
                    complete(
                        TriageDecision,
                        triage_values(
                            case["id"], plan.choice, plan.suggested, context, actor_id, version
                        ),
                    )
                )
                assignments.append(
                    complete(
                        Assignment, assignment_values(case["id"], "intake", plan.resolved, actor_id)
                    )
                )
                for kind, summary in intake_history(
                    case["number"], case["filing_date"], plan.choice, plan.resolved
                ):
                    history.append(
                        {
                            "case_id": case["id"],
                            "actor_id": actor_id,
                            "kind": kind,
                            "summary": summary,
                        }
                    )
                if item.closed_on is not None and not item.defer_closing:
                    registered = copy.copy(case)
                    added = _Added()
                    record_closing(
                        added,  # type: ignore[arg-type]
                        Fields(case),  # type: ignore[arg-type]
                        item.closed_on,
                        item.method,
                        actor_id,
                        {"imported": True},
                        calendar=calendar,
                        known_events=NO_EVENTS,
                        source="台账导入",
                    )
                    for obj in added.objects:
                        if isinstance(obj, Closing):
                            closings.append(complete(Closing, _values(obj)))
                        else:
                            history.append(_values(obj))
                    case["version"] = registered["version"] + 1  # the UPDATE's bump
                    updates.append((registered, case))
                    closed += 1
            writer.give_ids(TriageDecision, triages)
            writer.give_ids(Assignment, assignments)
            writer.give_ids(Closing, closings)
            history = [complete(HistoryEntry, line) for line in history]
            writer.give_ids(HistoryEntry, history)
            changes += _in_case_order(session, triages, assignments, closings)
            for old, new in updates:
                change = audit.updated(session, Case, old, new)
                if change is not None:
                    changes.append(change)
            for entity, written in (
                (Case, cases),
                (Party, parties),
                (TriageDecision, triages),
                (Assignment, assignments),
                (Closing, closings),
                (HistoryEntry, history),
            ):
                writer.insert(entity, written)
            audit.append(session.connection(), changes)
            # each case's clock over time (§3 As of a day), as intake writes it
            insert_new_case_rows(
                session, [row for case in cases for row in new_case_rows(Fields(case))]
            )
            for _ in batch:
                done += 1
                tick(done, len(rows))
    return closed


def _in_case_order(
    session: Session,
    triages: list[dict[str, Any]],
    assignments: list[dict[str, Any]],
    closings: list[dict[str, Any]],
) -> list[Any]:
    """The triage, assignment and closing entries of each case in turn, as added."""
    closing_of = {row["case_id"]: row for row in closings}
    changes: list[Any] = []
    for triage, assignment in zip(triages, assignments, strict=True):
        changes.append(audit.inserted(session, TriageDecision, triage))
        changes.append(audit.inserted(session, Assignment, assignment))
        closing = closing_of.get(triage["case_id"])
        if closing is not None:
            changes.append(audit.inserted(session, Closing, closing))
    return changes
