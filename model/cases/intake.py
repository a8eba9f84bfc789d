"""收案: registering a checked case with its triage and assignment, as one request.

A ``IntakeRequest`` is what a new case is asked to be: the draft, the clerk's triage
and handler choice (``TriageRequest``, which re-triage takes too) and the day the
handler was fixed; the intake form and each ledger row produce one. ``register_case``
works inside a session the caller owns; ``save_intake`` is the window's one-action
service around it. What a new case's rows hold is worked out once, as plain values
(``plan_case``, ``triage_values``, ``assignment_values``, ``intake_history``):
``register_case`` makes ORM objects of them, the ledger import (model/ledger/register.py)
Core rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import Action, authorise
from model.calendar.clock import FilingFacts, new_case_clock
from model.calendar.timeline import insert_new_case_rows, new_case_rows
from model.calendar.workdays import WorkCalendar, load_calendar
from model.cases.assignment import LoadBook, Resolved, resolve_assignment
from model.cases.draft import (
    CaseDraft,
    DraftCheck,
    DraftError,
    clean_parties,
    suggested_codes,
    validate_draft,
)
from model.entities import (
    BASIS_OTHER,
    Assignment,
    Case,
    CaseStatus,
    HistoryEntry,
    Party,
    PartySide,
    Track,
    TriageDecision,
)
from model.errors import UserError
from model.triage.criteria import TriageContext, criteria_version_id, triage_context
from model.triage.rule import Proposal, propose


@dataclass(frozen=True)
class TriageRequest:
    """分流 and 分案 as the clerk chose them, for a new case or a re-triage.

    ``ticked``: the criteria codes; ``override_track`` with its ``override_reason`` when
    the clerk departs from the proposal; ``group_id``/``judge_id`` a chosen handler
    (both None: the suggestion).
    """

    ticked: tuple[str, ...] = ()
    override_track: Track | None = None
    override_reason: str | None = None
    group_id: int | None = None
    judge_id: int | None = None


@dataclass(frozen=True)
class IntakeRequest:
    """A new case as asked: the draft, the triage and handler chosen, the day it was assigned.

    ``assigned_on`` defaults to the day of registering; a ledger row gives its filing date.
    """

    draft: CaseDraft
    triage: TriageRequest
    assigned_on: dt.date | None = None


@dataclass(frozen=True)
class TriageChoice:
    """A checked triage: the proposal and the final track with its reason."""

    ticked: tuple[str, ...]
    proposal: Proposal
    final_track: Track
    override_reason: str | None


def decide_track(request: TriageRequest, context: TriageContext) -> TriageChoice:
    """Apply the rule; an override differing from the proposal needs a written reason."""
    ticked = set(request.ticked)
    codes = tuple(code for code in context.tracks if code in ticked)
    proposal = propose(request.ticked, context.tracks)
    final = request.override_track or proposal.track
    reason = " ".join((request.override_reason or "").split())
    if final is not proposal.track and not reason:
        raise UserError(
            f"把分流类型由“{proposal.track.label}”调整为“{final.label}”，必须写明调整理由。",
            field="override_reason",
        )
    return TriageChoice(codes, proposal, final, reason if final is not proposal.track else None)


def triage_values(
    case_id: int,
    choice: TriageChoice,
    suggested: set[str],
    context: TriageContext,
    actor_id: int | None,
    criteria_version: int | None,
) -> dict[str, Any]:
    """The columns of a triage decision row, by attribute name (no id).

    ``criteria_version`` is the id of the stored wording of ``context.texts``
    (``criteria_version_id``), which the decision references instead of a copy.
    """
    return {
        "case_id": case_id,
        "ticked": list(choice.ticked),
        "suggested": [code for code in context.tracks if code in suggested],
        "criteria_version_id": criteria_version,
        "proposed_track": choice.proposal.track,
        "deciding": list(choice.proposal.deciding_codes),
        "final_track": choice.final_track,
        "override_reason": choice.override_reason,
        "decided_by_id": actor_id,
        "decided_at": dt.datetime.now().replace(microsecond=0),
    }


def record_triage(
    session: Session,
    case: Case,
    choice: TriageChoice,
    suggested: set[str],
    context: TriageContext,
    actor_id: int | None,
) -> TriageDecision:
    """Add the triage decision row of ``case`` (and the checklist's wording, if new)."""
    version = criteria_version_id(session, context.texts)
    decision = TriageDecision(
        **triage_values(case.id, choice, suggested, context, actor_id, version)
    )
    session.add(decision)
    return decision


def triage_summary(choice: TriageChoice) -> str:
    """One history line: 分流：简易（依据 S2、S5）; with an override, its reason."""
    deciding = "、".join(choice.proposal.deciding_codes)
    text = f"建议“{choice.proposal.track.label}”（依据 {deciding}）"
    if choice.override_reason:
        return f"{text}，调整为“{choice.final_track.label}”，理由：{choice.override_reason}"
    return f"{text}，确定为“{choice.final_track.label}”"


@dataclass
class CasePlan:
    """A new case worked out but not written: its row (clock applied), parties, triage, handler.

    ``values`` and each of ``parties`` are column values by attribute name, without
    ids; ``register_case`` makes ORM objects of them, the ledger import plain rows.
    """

    values: dict[str, Any]
    parties: list[dict[str, Any]]
    choice: TriageChoice
    resolved: Resolved
    suggested: set[str]


def plan_case(
    session: Session,
    request: IntakeRequest,
    actor_id: int | None,
    today: dt.date,
    *,
    context: TriageContext | None = None,
    calendar: WorkCalendar | None = None,
    require_parties: bool = True,
    check: DraftCheck | None = None,
    choice: TriageChoice | None = None,
    loads: LoadBook | None = None,
    suggested: set[str] | None = None,
) -> CasePlan:
    """Check a draft and work out its case row, parties, triage and handler; writes nothing.

    ``check``, ``choice`` and ``suggested``: the draft's ``validate_draft`` result, its
    triage (``decide_track``) and pre-ticked criteria (``suggested_codes``) made earlier
    in this transaction (the ledger import checks the whole file first); ``loads``: a
    ``LoadBook`` answering for ``resolve_assignment`` when many cases are registered in
    turn.
    """
    context = context or triage_context(session)
    draft, asked = request.draft, request.triage
    if check is None:
        check = validate_draft(
            session, draft, today, context=context, require_parties=require_parties
        )
    if not check.ok:
        raise DraftError(check.errors)
    assert check.number is not None
    assert draft.filing_date is not None  # checked
    if choice is None:
        choice = decide_track(asked, context)
    if loads is not None:
        resolved = loads.resolve(choice.final_track, asked.group_id, asked.judge_id)
    else:
        resolved = resolve_assignment(session, choice.final_track, asked.group_id, asked.judge_id)
    applicants, respondents = clean_parties(draft)
    number = check.number
    values: dict[str, Any] = {
        "number": number.normal,
        "year": number.year,
        "court_code": number.court_code,
        "type_code": number.type_code,
        "sequence": number.sequence,
        "filing_date": draft.filing_date,
        "basis_kind": check.basis_kind.name if check.basis_kind else BASIS_OTHER,
        "non_litigation": check.basis_kind.non_litigation if check.basis_kind else False,
        "amount": check.amount,
        "applicant_count": check.applicant_count,
        "basis": draft.basis.strip(),
        "cause": draft.cause.strip(),
        "applicant_names": "、".join(applicants),
        "respondent_names": "、".join(name for name, _ in respondents),
        "track": choice.final_track,
        "team_id": resolved.team_id,
        "group_id": resolved.group_id,
        "judge_id": resolved.judge_id,
        "assigned_on": request.assigned_on or today,
        "status": CaseStatus.PENDING,
        "created_by_id": actor_id,
    }
    # party_type given on both sides: rows with the same columns INSERT as one batch
    parties = [
        {"side": PartySide.APPLICANT, "name": name, "party_type": "", "ordinal": ordinal}
        for ordinal, name in enumerate(applicants)
    ] + [
        {"side": PartySide.RESPONDENT, "name": name, "party_type": kind, "ordinal": ordinal}
        for ordinal, (name, kind) in enumerate(respondents)
    ]
    # A new case has no periods, extensions or closing yet: its clock needs no query.
    calendar = calendar if calendar is not None else load_calendar(session)
    facts = FilingFacts(draft.filing_date, choice.final_track, values["non_litigation"])
    values.update(new_case_clock(facts, calendar).values())
    if suggested is None:
        suggested = suggested_codes(draft, check, context)
    return CasePlan(values, parties, choice, resolved, suggested)


def intake_history(
    number: str, filing_date: dt.date, choice: TriageChoice, resolved: Resolved
) -> list[tuple[str, str]]:
    """The three history lines of a new case, (kind, summary): 收案, 分流, 分案."""
    return [
        ("intake", f"收案：{number}，立案日期 {filing_date:%Y-%m-%d}"),
        ("triage", "分流：" + triage_summary(choice)),
        ("assign", "分案：" + assign_summary(resolved)),
    ]


def register_case(
    session: Session,
    request: IntakeRequest,
    actor_id: int | None,
    today: dt.date,
    *,
    context: TriageContext | None = None,
    calendar: WorkCalendar | None = None,
    require_parties: bool = True,
) -> Case:
    """Register a new case inside ``session``: case, parties, triage, assignment, history, clock.

    Raises ``DraftError`` (every field's message) or ``UserError`` and adds nothing
    when refused.
    """
    context = context or triage_context(session)
    plan = plan_case(
        session,
        request,
        actor_id,
        today,
        context=context,
        calendar=calendar,
        require_parties=require_parties,
    )
    case = Case(**plan.values)
    for party in plan.parties:
        case.parties.append(Party(**party))
    session.add(case)
    session.flush()  # the case's id, for the rows that follow
    record_triage(session, case, plan.choice, plan.suggested, context, actor_id)
    session.add(make_assignment(case, "intake", plan.resolved, actor_id))
    for kind, summary in intake_history(case.number, case.filing_date, plan.choice, plan.resolved):
        session.add(HistoryEntry(case_id=case.id, actor_id=actor_id, kind=kind, summary=summary))
    insert_new_case_rows(session, new_case_rows(case))  # its clock over time (§3 As of a day)
    return case


def assignment_values(
    case_id: int, kind: str, resolved: Resolved, actor_id: int | None
) -> dict[str, Any]:
    """The columns of an assignment row, by attribute name (no id)."""
    return {
        "case_id": case_id,
        "kind": kind,
        "team_id": resolved.team_id,
        "group_id": resolved.group_id,
        "judge_id": resolved.judge_id,
        "suggested_group_id": resolved.suggestion.suggested.group_id,
        "suggested_judge_id": resolved.suggestion.suggested.judge_id,
        "assigned_by_id": actor_id,
    }


def make_assignment(case: Case, kind: str, resolved: Resolved, actor_id: int | None) -> Assignment:
    """The assignment row of ``case`` as an ORM object (not added)."""
    return Assignment(**assignment_values(case.id, kind, resolved, actor_id))


def assign_summary(resolved: Resolved) -> str:
    """The handler as a history line says it: 执行速执团队 第一办案组（王爱军）（按建议）."""
    suggested = resolved.suggestion.suggested
    if (suggested.group_id, suggested.judge_id) == (resolved.group_id, resolved.judge_id):
        note = "（按建议）"
    else:
        note = f"（建议为 {suggested.label}）"
    return f"{resolved.suggestion.team_name} {resolved.label}{note}"


def save_intake(
    sessions: sessionmaker[Session], request: IntakeRequest, actor_id: int | None, today: dt.date
) -> int:
    """收案 as one user action in one transaction; the new case's id."""
    with sessions.begin() as session:
        authorise(session, actor_id, Action.INTAKE)
        return register_case(session, request, actor_id, today).id
