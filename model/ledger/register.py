"""Registering a checked ledger's rows: intake's own rules, written a batch at a time with Core.

Each row is what ``register_case`` (and, for a closed row, 结案's ``record_closing``)
would make of its ``IntakeRequest`` at that point in file order: ``plan_case`` works out
the case row, parties, triage and handler — a ``LoadBook`` answering as
``resolve_assignment`` would, with the loads kept in memory —, ``triage_values``,
``assignment_values`` and ``intake_history`` the rest, and ``closing_outcome`` and
``closing_values`` (what ``record_closing`` is made of) the closing on the plain row. What
differs is only how the rows reach the database: no ORM objects, but one executemany
per table per ``BATCH`` rows (model/storage/bulk.py), and the audit record's entries made by
``model.access.audit_core.inserted``/``updated`` exactly as the flush would have made them —
the case inserted as registered, then, for a closed row, updated by its closing — and
chained by ``model.access.audit.append`` in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from model.access import audit
from model.access.audit_core import inserted, updated
from model.calendar.clock import NO_EVENTS, FilingFacts
from model.calendar.timeline import insert_new_case_rows, new_case_rows
from model.calendar.workdays import load_calendar
from model.cases.assignment import LoadBook
from model.cases.events.closing import closing_outcome, closing_values
from model.cases.events.payment import yuan
from model.cases.intake import assignment_values, intake_history, plan_case, triage_values
from model.entities import (
    Assignment,
    Case,
    Closing,
    HistoryEntry,
    Party,
    Payment,
    TriageDecision,
)
from model.ledger.rows import LedgerRow
from model.storage.bulk import RowWriter, complete
from model.triage.criteria import criteria_version_id, triage_context

BATCH = 500  # rows written together: one INSERT of each kind per batch
IMPORTED = {"imported": True}  # a closing's conditions: it came from a ledger


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
                    item.request,
                    actor_id,
                    today,
                    context=context,
                    calendar=calendar,
                    require_parties=False,
                    check=item.check,
                    choice=item.choice,
                    loads=loads,
                    suggested=item.suggested,
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
                changes.append(inserted(session, Case, case))
                changes += [inserted(session, Party, p) for p in by_case.get(case["id"], [])]
            triages, assignments, closings, history, updates = [], [], [], [], []
            payments: list[dict[str, Any]] = []
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
                    day, method = item.closed_on, item.method
                    facts = FilingFacts(case["filing_date"], case["track"], case["non_litigation"])
                    outcome = closing_outcome(facts, day, method, NO_EVENTS, calendar, "台账导入")
                    closings.append(
                        complete(
                            Closing,
                            closing_values(case["id"], day, method, actor_id, IMPORTED, outcome),
                        )
                    )
                    history.append(
                        {
                            "case_id": case["id"],
                            "actor_id": actor_id,
                            "kind": "closing",
                            "summary": outcome.summary,
                        }
                    )
                    # inserted closed, recorded as registered and then updated
                    registered = dict(case)
                    case.update(outcome.clock.values())
                    case["version"] = registered["version"] + 1  # the UPDATE's bump
                    updates.append((registered, case))
                    closed += 1
                    if item.received_fen:
                        # The ledger's 执行到位金额 is one total, dated the closing day.
                        payments.append(
                            complete(
                                Payment,
                                {
                                    "case_id": case["id"],
                                    "received_on": item.closed_on,
                                    "amount_fen": item.received_fen,
                                    "note": "台账导入",
                                    "recorded_by_id": actor_id,
                                },
                            )
                        )
                        history.append(
                            {
                                "case_id": case["id"],
                                "actor_id": actor_id,
                                "kind": "payment",
                                "summary": f"执行到位款（台账导入）：{yuan(item.received_fen)} 元"
                                f"（{item.closed_on:%Y-%m-%d}）",
                            }
                        )
            writer.give_ids(TriageDecision, triages)
            writer.give_ids(Assignment, assignments)
            writer.give_ids(Closing, closings)
            writer.give_ids(Payment, payments)
            history = [complete(HistoryEntry, line) for line in history]
            writer.give_ids(HistoryEntry, history)
            changes += _in_case_order(session, triages, assignments, closings)
            changes += [inserted(session, Payment, row) for row in payments]
            for old, new in updates:
                change = updated(session, Case, old, new)
                if change is not None:
                    changes.append(change)
            entries = audit.chain(session.connection(), [changes])  # packed meanwhile
            for entity, written in (
                (Case, cases),
                (Party, parties),
                (TriageDecision, triages),
                (Assignment, assignments),
                (Closing, closings),
                (Payment, payments),
                (HistoryEntry, history),
            ):
                writer.insert(entity, written)
            entries.write()
            # each case's clock over time (§3 As of a day), as intake writes it
            insert_new_case_rows(session, [row for case in cases for row in new_case_rows(case)])
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
        changes.append(inserted(session, TriageDecision, triage))
        changes.append(inserted(session, Assignment, assignment))
        closing = closing_of.get(triage["case_id"])
        if closing is not None:
            changes.append(inserted(session, Closing, closing))
    return changes
