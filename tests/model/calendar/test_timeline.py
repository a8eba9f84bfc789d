"""A case's clock over time (SPEC §3 "As of a day"), pure: which facts count on which day."""

from __future__ import annotations

import datetime as dt

from model.calendar.timeline import CaseFacts, Handler, state_on, timeline
from model.calendar.workdays import WorkCalendar
from model.entities import CaseStatus, Track

D = dt.date
WEEKENDS_ONLY = WorkCalendar()
FAST, ORDINARY = Handler(1, 1, 7), Handler(2, None, 8)


def facts(**changes: object) -> CaseFacts:
    values: dict[str, object] = {
        "case_id": 1,
        "filing_date": D(2026, 3, 2),
        "track": Track.ORDINARY,
        "handler": ORDINARY,
        "statutory_months": 6,
    }
    values.update(changes)
    return CaseFacts(**values)  # type: ignore[arg-type]


def test_an_extension_counts_from_its_approval_date() -> None:
    case = facts(extensions=[(D(2026, 8, 20), 3)])
    assert state_on(case, D(2026, 8, 19), WEEKENDS_ONLY).due_date == D(2026, 9, 2)
    assert state_on(case, D(2026, 8, 20), WEEKENDS_ONLY).due_date == D(2026, 12, 2)


def test_a_running_period_stops_the_clock_even_with_its_end_known() -> None:
    case = facts(ranges=[(D(2026, 5, 1), D(2026, 5, 10))])
    assert state_on(case, D(2026, 4, 30), WEEKENDS_ONLY).due_date == D(2026, 9, 2)
    stopped = state_on(case, D(2026, 5, 10), WEEKENDS_ONLY)
    assert stopped.status is CaseStatus.SUSPENDED and stopped.due_date is None
    after = state_on(case, D(2026, 5, 11), WEEKENDS_ONLY)
    assert after.status is CaseStatus.PENDING and after.due_date == D(2026, 9, 14)  # +10 → Sat


def test_a_transfer_moves_team_and_limit_from_its_date() -> None:
    case = facts(transfer=(D(2026, 3, 20), FAST))
    before = state_on(case, D(2026, 3, 19), WEEKENDS_ONLY)
    assert (before.track, before.handler, before.due_date) == (Track.SIMPLE, FAST, D(2026, 4, 2))
    after = state_on(case, D(2026, 3, 20), WEEKENDS_ONLY)
    assert (after.track, after.handler, after.due_date) == (Track.ORDINARY, ORDINARY, D(2026, 9, 2))


def test_the_timeline_has_a_span_per_change_and_ends_at_closing() -> None:
    case = facts(
        ranges=[(D(2026, 5, 1), None)],
        extensions=[(D(2026, 4, 1), 3)],
        closed_on=D(2026, 6, 1),
    )
    spans = timeline(case, WEEKENDS_ONLY)
    assert [(s.starts, s.ends, s.status) for s in spans] == [
        (D(2026, 3, 2), D(2026, 4, 1), CaseStatus.PENDING),
        (D(2026, 4, 1), D(2026, 5, 1), CaseStatus.PENDING),
        (D(2026, 5, 1), D(2026, 6, 1), CaseStatus.SUSPENDED),
        (D(2026, 6, 1), None, CaseStatus.CLOSED),
    ]
    # closed while suspended: the open period counts up to the closing day (32 days)
    assert spans[-1].due_date == D(2027, 1, 4)  # 2026-12-02 + 32 → 01-03 (Sun) → Mon
