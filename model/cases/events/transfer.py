"""移交: a fast-track case that cannot be finished in its month moves to the ordinary team."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import Action, authorise
from model.calendar.clock import refresh_case_clock
from model.calendar.event_book import EventBook
from model.cases.assignment import (
    Resolved,
    Suggestion,
    resolve_assignment,
    suggest_assignment,
    team_for_track,
)
from model.cases.events.base import (
    add_history,
    check_day,
    clock_note,
    fmt,
    open_case,
    refuse_closed,
    required_text,
)
from model.cases.events.rules import check_transferable as transferable
from model.cases.events.rules import not_after_closing
from model.cases.intake import make_assignment
from model.entities import Case, Team, Track, Transfer


def transfer_choices(sessions: sessionmaker[Session]) -> Suggestion:
    """The ordinary team's groups or judges with their loads, and the suggested one."""
    with sessions() as s:
        return suggest_assignment(s, Track.ORDINARY)


def transfer_case(
    sessions: sessionmaker[Session],
    case_id: int,
    group_id: int | None,
    judge_id: int | None,
    reason: str,
    actor_id: int | None,
    transferred_on: dt.date | None = None,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> int:
    """Move a fast-track case to the ordinary team; the transfer's id.

    The case keeps its filing date and history; its track becomes ordinary, so its
    limit is 6 months counted from the original filing date. Group and judge None
    take the suggested handler.
    """
    today = today or dt.date.today()
    with sessions.begin() as s:
        case = open_case(s, case_id, allow_closed=True, expected_version=expected_version)
        authorise(s, actor_id, Action.CONFIRM_TRANSFER, case=case)
        if transferred_on is not None:
            not_after_closing(case.closed_on, transferred_on, "移交", "transferred_on")
        refuse_closed(case)  # a closed case: the transfer came before the closing
        check_transferable(s, case)
        text = required_text(reason, "移交原因", "reason")
        day = check_day(case, transferred_on or today, today, "移交日期", "transferred_on")
        resolved = resolve_assignment(s, Track.ORDINARY, group_id, judge_id)
        transfer = move_case(s, case, day, resolved, text, actor_id)
        s.flush()
        return transfer.id


def check_transferable(session: Session, case: Case) -> None:
    """Only a simple case on the fast-track team can be transferred."""
    team = session.get(Team, case.team_id) if case.team_id is not None else None
    transferable(case.number, case.track, team.code if team is not None else None)


def move_case(
    session: Session,
    case: Case,
    day: dt.date,
    resolved: Resolved,
    reason: str,
    actor_id: int | None,
    source: str = "",
    *,
    book: EventBook | None = None,
) -> Transfer:
    """Record a checked transfer inside ``session``: assignment, track, clock, history.

    ``book``: the cases' events, when the caller records many (a ledger import).
    """
    from_team_id = case.team_id or team_for_track(session, Track.SIMPLE).id
    transfer = Transfer(
        case_id=case.id,
        transferred_on=day,
        from_team_id=from_team_id,
        to_team_id=resolved.team_id,
        reason=reason,
        recorded_by_id=actor_id,
    )
    session.add(transfer)
    assignment = make_assignment(case, "transfer", resolved, actor_id)
    assignment.note = reason
    session.add(assignment)
    case.track = Track.ORDINARY
    case.team_id = resolved.team_id
    case.group_id = resolved.group_id
    case.judge_id = resolved.judge_id
    case.assigned_on = day
    refresh_case_clock(session, case, book=book)
    to_team = session.get(Team, resolved.team_id)
    add_history(
        session,
        case,
        actor_id,
        "transfer",
        f"移交{to_team.name if to_team else '普执团队'}{f'（{source}）' if source else ''}"
        f"（{fmt(day)}），承办：{resolved.label}，原因：{reason}；"
        f"按普通案件自立案日期起算，{clock_note(case)}",
    )
    return transfer
