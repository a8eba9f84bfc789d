"""执行依据类别: the list of kinds of documents enforced, and correcting a case's kind.

Whether a case is 非诉 (3-month statutory limit) follows from its kind (SPEC §3). The
list is data the office edits; a change of a kind's marking applies to cases whose
kind is chosen or corrected from then on, the way an edited triage criterion applies
to cases triaged from then on: a case keeps the statutory limit it was given until
its own kind is corrected (with a reason, recorded).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import Action, authorise
from model.calendar.clock import current_closing, refresh_case_clock
from model.cases.events.base import add_history, clock_note, fmt, open_case, required_text
from model.entities import BASIS_OTHER, BasisKind, CaseStatus
from model.errors import UserError

__all__ = [
    "BASIS_OTHER",
    "BasisKindInfo",
    "add_basis_kind",
    "basis_kinds",
    "correct_basis_kind",
    "kind_label",
    "load_basis_kinds",
    "resolve_basis_kind",
    "set_basis_kind_marking",
]


@dataclass(frozen=True)
class BasisKindInfo:
    """One kind as lists show it."""

    name: str
    non_litigation: bool

    @property
    def label(self) -> str:
        """民事判决书, or 仲裁裁决书（非诉）."""
        return kind_label(self.name, self.non_litigation)


def kind_label(name: str, non_litigation: bool) -> str:
    """A kind as a drop-down shows it: the name, and （非诉） where it is."""
    return f"{name}（非诉）" if non_litigation else name


def load_basis_kinds(session: Session) -> tuple[BasisKindInfo, ...]:
    """The kinds in their order."""
    rows = session.execute(
        select(BasisKind.name, BasisKind.non_litigation).order_by(BasisKind.ordinal, BasisKind.id)
    )
    return tuple(BasisKindInfo(name, bool(flag)) for name, flag in rows)


def basis_kinds(sessions: sessionmaker[Session]) -> tuple[BasisKindInfo, ...]:
    """``load_basis_kinds`` in a short read-only session (for the window)."""
    with sessions() as session:
        return load_basis_kinds(session)


def resolve_basis_kind(kinds: tuple[BasisKindInfo, ...], text: str) -> BasisKindInfo:
    """The kind named by ``text`` (empty: 其他; “（非诉）” may be written after it)."""
    name = "".join(text.split()).removesuffix("（非诉）").removesuffix("(非诉)") or BASIS_OTHER
    for kind in kinds:
        if kind.name == name:
            return kind
    raise UserError(
        f"执行依据类别“{name}”不在列表中，应为{'、'.join(k.name for k in kinds)}之一。",
        field="basis_kind",
    )


def correct_basis_kind(
    sessions: sessionmaker[Session],
    case_id: int,
    kind: str,
    reason: str,
    actor_id: int | None,
    expected_version: int | None = None,
) -> None:
    """更正执行依据类别 after intake: the statutory date is recomputed and the change recorded.

    A closed case's closing is judged again against the new statutory date (法定期限内
    or not). The history line names the old and new kind and both statutory dates;
    the audit record keeps the case's old and new values.
    """
    with sessions.begin() as s:
        case = open_case(s, case_id, allow_closed=True, expected_version=expected_version)
        authorise(s, actor_id, Action.CORRECT_BASIS, case=case)
        chosen = resolve_basis_kind(load_basis_kinds(s), kind)
        if chosen.name == case.basis_kind and chosen.non_litigation == case.non_litigation:
            raise UserError(
                f"本案的执行依据类别已是“{chosen.name}”，无需更正。", field="basis_kind"
            )
        text = required_text(reason, "更正理由", "reason")
        old_name, old_date = case.basis_kind, case.statutory_due_date
        case.basis_kind = chosen.name
        case.non_litigation = chosen.non_litigation
        refresh_case_clock(s, case)
        if case.status is CaseStatus.CLOSED and case.closed_on is not None:
            closing = current_closing(s, case.id)
            if closing is not None:
                due = case.statutory_due_date
                closing.met_statutory_limit = due is None or case.closed_on <= due
        limit = "3 个月（非诉执行）" if chosen.non_litigation else "6 个月"
        add_history(
            s,
            case,
            actor_id,
            "basis_kind",
            f"更正执行依据类别：由“{old_name}”改为“{chosen.name}”，法定期限 {limit}，"
            f"理由：{text}；法定到期日 {fmt(old_date)} → {fmt(case.statutory_due_date)}；"
            f"{clock_note(case)}",
        )


def add_basis_kind(
    sessions: sessionmaker[Session], name: str, non_litigation: bool, actor_id: int | None
) -> None:
    """Add a kind at the end of the list."""
    clean = "".join(name.split())
    if not clean:
        raise UserError("请填写执行依据类别的名称。", field="name")
    if len(clean) > 32:
        raise UserError("执行依据类别的名称最多 32 个字。", field="name")
    with sessions.begin() as s:
        authorise(s, actor_id, Action.EDIT_BASIS_KINDS)
        if s.scalar(select(BasisKind.id).where(BasisKind.name == clean)) is not None:
            raise UserError(f"执行依据类别“{clean}”已经在列表中。", field="name")
        last = s.scalar(select(func.max(BasisKind.ordinal))) or 0
        s.add(BasisKind(name=clean, non_litigation=non_litigation, ordinal=last + 1))


def set_basis_kind_marking(
    sessions: sessionmaker[Session], name: str, non_litigation: bool, actor_id: int | None
) -> None:
    """Mark a kind 非诉 or not, for cases whose kind is chosen from now on."""
    with sessions.begin() as s:
        authorise(s, actor_id, Action.EDIT_BASIS_KINDS)
        row = s.scalar(select(BasisKind).where(BasisKind.name == name))
        if row is None:
            raise UserError(f"执行依据类别“{name}”不在列表中。", field="name")
        row.non_litigation = non_litigation
