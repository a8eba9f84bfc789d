"""更正: voiding a mistaken entry with a reason; the original stays, marked void."""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import Action, authorise
from model.calendar.clock import refresh_case_clock
from model.cases.events.base import add_history, clock_note, fmt, open_case, required_text
from model.cases.events.payment import yuan
from model.entities import (
    Assignment,
    Case,
    Closing,
    ExcludedPeriod,
    Extension,
    Payment,
    PropertyCheck,
    Track,
    Transfer,
)
from model.errors import UserError

Voidable = ExcludedPeriod | Extension | Transfer | Closing | PropertyCheck | Payment
"""An entry that can be corrected (作废)."""

VOIDABLE: dict[str, type[Voidable]] = {
    "exclusion": ExcludedPeriod,
    "extension": Extension,
    "transfer": Transfer,
    "closing": Closing,
    "property_check": PropertyCheck,
    "payment": Payment,
}
"""The kinds of entries that can be corrected, by the name the history uses."""


def describe_entry(entry: Voidable) -> str:
    """One line naming an entry, for lists and the history."""
    if isinstance(entry, PropertyCheck):
        return f"终本财产核查（{fmt(entry.checked_on)}，{entry.result}）"
    if isinstance(entry, ExcludedPeriod):
        end = fmt(entry.end) if entry.end is not None else "未结束"
        return f"{entry.kind} {fmt(entry.start)} 至 {end}"
    if isinstance(entry, Extension):
        return f"延长 {entry.months} 个月（{entry.approver_title}{entry.approver_name}批准）"
    if isinstance(entry, Transfer):
        return f"移交普执团队（{fmt(entry.transferred_on)}）"
    if isinstance(entry, Payment):
        return f"执行到位款 {yuan(entry.amount_fen)} 元（{fmt(entry.received_on)}）"
    return f"结案：{entry.method}（{fmt(entry.closed_on)}）"


_VOID_ACTIONS = {
    Transfer: Action.CONFIRM_TRANSFER,
    Closing: Action.RECORD_CLOSING,
    Payment: Action.RECORD_PAYMENT,
}
"""Voiding an entry takes the permission of recording it."""


def void_entry(
    sessions: sessionmaker[Session],
    kind: str,
    entry_id: int,
    reason: str,
    actor_id: int | None,
    expected_version: int | None = None,
) -> None:
    """Mark a mistaken entry void with a reason and recompute the clock.

    A voided closing reopens the case; a voided transfer gives the case back to the
    fast-track team and the handler it had before; a voided property check makes the
    check it settled due again (a check that resumed enforcement cannot be voided: the
    执恢 case it registered stands on its own).
    """
    entity = VOIDABLE.get(kind)
    if entity is None:
        raise UserError("不能更正这类记录。")
    with sessions.begin() as s:
        entry = cast("Voidable | None", s.get(entity, entry_id))
        if entry is None:
            raise UserError("找不到这条记录，请刷新后重试。")
        if entry.voided_at is not None:
            raise UserError("这条记录已经更正过了。")
        case = open_case(
            s,
            entry.case_id,
            allow_closed=isinstance(entry, Closing | PropertyCheck | Payment),
            expected_version=expected_version,
        )
        authorise(s, actor_id, _VOID_ACTIONS.get(type(entry), Action.RECORD_EVENT), case=case)
        text = required_text(reason, "更正理由", "reason")
        if isinstance(entry, PropertyCheck) and entry.resumed_case_id is not None:
            resumed = s.get(Case, entry.resumed_case_id)
            raise UserError(
                f"这次核查已据以恢复执行，立案 {resumed.number if resumed else '（执恢案件）'}，"
                "不能作废。如恢复执行有误，请在该执恢案件中按结案或更正处理。"
            )
        if isinstance(entry, Transfer):
            _undo_transfer(s, case, entry, actor_id)
        entry.voided_at = dt.datetime.now().replace(microsecond=0)
        entry.voided_by_id = actor_id
        entry.void_reason = text
        if not isinstance(entry, Payment):  # money does not move the clock
            refresh_case_clock(s, case)
        add_history(
            s,
            case,
            actor_id,
            "void",
            f"更正（作废）：{describe_entry(entry)}，理由：{text}；原记录保留；{clock_note(case)}",
        )


def _undo_transfer(s: Session, case: Case, transfer: Transfer, actor_id: int | None) -> None:
    """Put a transferred case back where it was before the transfer."""
    latest = s.scalar(
        select(Transfer.id)
        .where(Transfer.case_id == case.id, Transfer.voided_at.is_(None))
        .order_by(Transfer.id.desc())
        .limit(1)
    )
    if latest != transfer.id or case.team_id != transfer.to_team_id:
        raise UserError("移交后案件已再次移交、改派或重新分流，不能撤销这次移交。")
    moved = s.scalar(
        select(Assignment.id)
        .where(Assignment.case_id == case.id, Assignment.kind == "transfer")
        .order_by(Assignment.id.desc())
        .limit(1)
    )
    before = s.scalars(
        select(Assignment)
        .where(
            Assignment.case_id == case.id,
            Assignment.team_id == transfer.from_team_id,
            Assignment.id < (moved or 0),
        )
        .order_by(Assignment.id.desc())
        .limit(1)
    ).first()
    case.track = Track.SIMPLE
    case.team_id = transfer.from_team_id
    case.group_id = before.group_id if before else None
    case.judge_id = before.judge_id if before else None
    s.add(
        Assignment(
            case_id=case.id,
            kind="reassign",
            team_id=transfer.from_team_id,
            group_id=case.group_id,
            judge_id=case.judge_id,
            assigned_by_id=actor_id,
            note="撤销移交",
        )
    )


def voidable_entries(sessions: sessionmaker[Session], case_id: int) -> list[tuple[str, int, str]]:
    """The case's entries that stand and may be corrected: (kind, id, description)."""
    with sessions() as s:
        result: list[tuple[str, int, str]] = []
        for kind, entity in VOIDABLE.items():
            rows = s.scalars(
                select(entity)
                .where(entity.case_id == case_id, entity.voided_at.is_(None))
                .order_by(entity.id)
            )
            result.extend(
                (kind, row.id, describe_entry(row)) for row in cast("list[Voidable]", rows.all())
            )
        return result
