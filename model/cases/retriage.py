"""Reopening a saved case: loading it into the intake form, and re-triage (重新分流).

A re-triage adds a new TriageDecision and keeps the earlier ones; when the new
track belongs to another team the case is reassigned (Assignment "reassign") and
its clock recomputed from its original filing date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import Action, authorise
from model.calendar.clock import refresh_case_clock
from model.cases.assignment import resolve_assignment, team_for_track
from model.cases.draft import CaseDraft, DraftCheck, suggested_codes
from model.cases.intake import (
    TriageRequest,
    assign_summary,
    decide_track,
    make_assignment,
    record_triage,
    triage_summary,
)
from model.cases.numbers import CaseNumber
from model.entities import (
    Case,
    CaseStatus,
    CriteriaVersion,
    HistoryEntry,
    PartySide,
    Person,
    Track,
    TriageDecision,
)
from model.errors import UserError
from model.storage.concurrency import load_case_for_update
from model.triage.criteria import triage_context


@dataclass(frozen=True)
class PastDecision:
    """A recorded triage, as its history shows it."""

    decided_at: dt.datetime
    decided_by: str
    ticked: tuple[str, ...]
    proposed_track: Track
    deciding: tuple[str, ...]
    final_track: Track
    override_reason: str | None
    criteria_texts: dict[str, str]

    @property
    def text(self) -> str:
        """One line: 2026-03-02 10:15 高博：勾选 S2、S5，建议“简易”，确定为“简易”."""
        ticked = "、".join(self.ticked) or "（未勾选）"
        line = (
            f"{self.decided_at:%Y-%m-%d %H:%M} {self.decided_by or '（未记录）'}："
            f"勾选 {ticked}，建议“{self.proposed_track.label}”"
        )
        if self.override_reason:
            return f"{line}，调整为“{self.final_track.label}”（理由：{self.override_reason}）"
        return f"{line}，确定为“{self.final_track.label}”"


@dataclass(frozen=True)
class LoadedCase:
    """A saved case as the intake form shows it for re-triage."""

    case_id: int
    number: str
    status: CaseStatus
    draft: CaseDraft
    ticked: tuple[str, ...]
    suggested: tuple[str, ...]
    final_track: Track
    override_reason: str | None
    team_id: int | None
    group_id: int | None
    judge_id: int | None
    decisions: tuple[PastDecision, ...]  # oldest first
    version: int = 1  # as read: re-triage sends it back (optimistic locking)


def _draft_of(case: Case) -> CaseDraft:
    applicants = [p.name for p in case.parties if p.side is PartySide.APPLICANT]
    respondents = [(p.name, p.party_type) for p in case.parties if p.side is PartySide.RESPONDENT]
    return CaseDraft(
        number=case.number,
        filing_date=case.filing_date,
        applicants=applicants,
        applicant_count=case.applicant_count,
        respondents=respondents,
        amount=case.amount,
        basis=case.basis,
        cause=case.cause,
        basis_kind=case.basis_kind,
    )


def load_case(sessions: sessionmaker[Session], case_id: int) -> LoadedCase:
    """Read a case, its latest triage and every earlier one."""
    with sessions() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise UserError("找不到该案件，可能已被删除。")
        rows = session.execute(
            select(TriageDecision, Person.name, CriteriaVersion.texts)
            .outerjoin(Person, Person.id == TriageDecision.decided_by_id)
            .outerjoin(CriteriaVersion, CriteriaVersion.id == TriageDecision.criteria_version_id)
            .where(TriageDecision.case_id == case_id)
            .order_by(TriageDecision.id)
        ).all()
        decisions = tuple(
            PastDecision(
                decided_at=d.decided_at,
                decided_by=name or "",
                ticked=tuple(d.ticked),
                proposed_track=d.proposed_track,
                deciding=tuple(d.deciding),
                final_track=d.final_track,
                override_reason=d.override_reason,
                criteria_texts=dict(texts or {}),
            )
            for d, name, texts in rows
        )
        latest = rows[-1][0] if rows else None
        return LoadedCase(
            case_id=case.id,
            number=case.number,
            status=case.status,
            draft=_draft_of(case),
            ticked=tuple(latest.ticked) if latest else (),
            suggested=tuple(latest.suggested) if latest else (),
            final_track=case.track,
            override_reason=latest.override_reason if latest else None,
            team_id=case.team_id,
            group_id=case.group_id,
            judge_id=case.judge_id,
            decisions=decisions,
            version=case.version,
        )


@dataclass(frozen=True)
class RetriageResult:
    """What a re-triage did."""

    case_id: int
    number: str
    track: Track
    reassigned: bool
    handler: str  # team and group/judge label


def retriage_case(
    sessions: sessionmaker[Session],
    case_id: int,
    request: TriageRequest,
    actor_id: int | None,
    expected_version: int | None = None,
) -> RetriageResult:
    """Record a new triage of a saved case; reassign it when its team or handler changes.

    A new track handled by the same team keeps the handler unless another group or
    judge is chosen; a track of another team takes the chosen handler or the suggestion.
    No ``today``: the clock counts from the filing date.
    """
    with sessions.begin() as session:
        case = load_case_for_update(session, case_id, expected_version)
        if case is None:
            raise UserError("找不到该案件，可能已被删除。")
        authorise(session, actor_id, Action.INTAKE, case=case)
        if case.status is CaseStatus.CLOSED:
            raise UserError(f"{case.number} 已经结案，不能重新分流。")
        context = triage_context(session)
        choice = decide_track(request, context)
        same_team = track_team_id(session, choice.final_track) == case.team_id
        chosen = (request.group_id, request.judge_id)
        changing = chosen != (None, None) and chosen != (case.group_id, case.judge_id)
        reassigned = not same_team or changing
        resolved = None
        if reassigned:
            resolved = resolve_assignment(session, choice.final_track, *chosen)
        draft = _draft_of(case)
        check = DraftCheck(amount=case.amount, applicant_count=case.applicant_count)
        check.number = _number_of(case)
        suggested = suggested_codes(draft, check, context)
        record_triage(session, case, choice, suggested, context, actor_id)
        old_track = case.track
        case.track = choice.final_track
        session.add(
            HistoryEntry(
                case_id=case.id,
                actor_id=actor_id,
                kind="retriage",
                summary=f"重新分流（原为“{old_track.label}”）：" + triage_summary(choice),
            )
        )
        if resolved is not None:
            case.team_id, case.group_id, case.judge_id = (
                resolved.team_id,
                resolved.group_id,
                resolved.judge_id,
            )
            session.add(make_assignment(case, "reassign", resolved, actor_id))
            session.add(
                HistoryEntry(
                    case_id=case.id,
                    actor_id=actor_id,
                    kind="assign",
                    summary="重新分案：" + assign_summary(resolved),
                )
            )
        refresh_case_clock(session, case)
        handler = _handler_label(case)
        return RetriageResult(case.id, case.number, case.track, reassigned, handler)


def track_team_id(session: Session, track: Track) -> int:
    """The id of the team handling a track."""
    return team_for_track(session, track).id


def _number_of(case: Case) -> CaseNumber:
    return CaseNumber(case.year, case.court_code, case.type_code, case.sequence)


def _handler_label(case: Case) -> str:
    team = case.team.name if case.team else ""
    if case.group is not None:
        return f"{team} {case.group.name}（{case.group.judge.name}）"
    return f"{team} {case.judge.name if case.judge else ''}"
