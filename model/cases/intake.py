"""收案: checking a new case, registering it with its triage and assignment, re-triage.

``register_case`` works inside a session the caller owns; ``save_intake`` and
``retriage_case`` are the window's one-action services around it. What a new case's
rows hold is worked out once, as plain values (``plan_case``, ``triage_values``,
``assignment_values``, ``intake_history``): ``register_case`` makes ORM objects of
them, the ledger import (model/ledger_register.py) Core rows.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import Action, authorise
from model.calendar.clock import ClockEvents, apply_clock
from model.calendar.timeline import insert_new_case_rows, new_case_rows
from model.calendar.workdays import WorkCalendar, load_calendar
from model.cases.assignment import LoadBook, Resolved, resolve_assignment
from model.cases.basis import BasisKindInfo, load_basis_kinds, resolve_basis_kind
from model.cases.numbers import CaseNumber, parse_case_number
from model.entities import (
    BASIS_OTHER,
    PARTY_TYPES,
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
from model.storage.bulk import Fields
from model.triage.criteria import TriageContext, criteria_version_id, triage_context
from model.triage.rule import Proposal, prefill, propose

MAX_AMOUNT = Decimal("99999999999999.99")  # Numeric(16, 2)

FIELD_LABELS = {
    "number": "案号",
    "filing_date": "立案日期",
    "applicants": "申请执行人",
    "applicant_count": "申请执行人数",
    "respondents": "被执行人",
    "amount": "标的额",
    "basis": "执行依据",
    "cause": "案由",
    "basis_kind": "执行依据类别",
    "override_reason": "调整理由",
    "assignment": "分案",
}


@dataclass
class CaseDraft:
    """What a clerk typed (or a ledger row holds) for a new case, before it is checked."""

    number: str
    filing_date: dt.date | None
    applicants: list[str] = field(default_factory=list)
    applicant_count: int | None = None  # None: the number of applicant names (at least 1)
    respondents: list[tuple[str, str]] = field(default_factory=list)  # (name, 被执行人类型)
    amount: str | Decimal | None = None  # yuan; text as typed, or a Decimal
    basis: str = ""
    cause: str = ""
    basis_kind: str = ""  # 执行依据类别 by name; empty: 其他


@dataclass
class DraftCheck:
    """The result of checking a draft: per-field Chinese errors and warnings, parsed parts."""

    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)
    number: CaseNumber | None = None
    amount: Decimal | None = None
    applicant_count: int = 1
    basis_kind: BasisKindInfo | None = None

    @property
    def ok(self) -> bool:
        """No errors."""
        return not self.errors


class DraftError(UserError):
    """A refused draft; ``errors`` holds every field's message, ``message`` the first."""

    def __init__(self, errors: dict[str, str]) -> None:
        first_field, first = next(iter(errors.items()))
        super().__init__(first, field=first_field)
        self.errors = dict(errors)


def parse_amount(value: str | Decimal | None) -> Decimal | None:
    """标的额 in yuan; empty is None. Raises UserError for a negative or non-numeric amount."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        amount = value
    else:
        text = unicodedata.normalize("NFKC", value).strip()
        text = text.replace(",", "").replace(" ", "").removesuffix("元")
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise UserError(
                f"标的额必须是数字（元），例如 125000.50，而不是“{value.strip()}”。",
                field="amount",
            ) from None
    if not amount.is_finite():
        raise UserError("标的额必须是数字（元），例如 125000.50。", field="amount")
    if amount < 0:
        raise UserError("标的额不能为负数。", field="amount")
    # The size first: quantizing 1e309 overflows the decimal context (found by fuzzing).
    if amount > MAX_AMOUNT:
        raise UserError("标的额过大，请核对（单位：元）。", field="amount")
    if amount != amount.quantize(Decimal("0.01")):
        raise UserError("标的额最多精确到分（两位小数）。", field="amount")
    return amount.quantize(Decimal("0.01"))


def clean_parties(draft: CaseDraft) -> tuple[list[str], list[tuple[str, str]]]:
    """Applicant names and (respondent name, type) with blank rows dropped, ends trimmed."""
    applicants = [" ".join(n.split()) for n in draft.applicants if n and n.strip()]
    respondents = [(" ".join(n.split()), t) for n, t in draft.respondents if n and n.strip()]
    return applicants, respondents


def validate_draft(
    session: Session,
    draft: CaseDraft,
    today: dt.date,
    *,
    context: TriageContext | None = None,
    case_id: int | None = None,
    require_parties: bool = True,
    filed: Mapping[str, dt.date] | None = None,
    parsed: Mapping[str, CaseNumber] | None = None,
    kinds: tuple[BasisKindInfo, ...] | None = None,
) -> DraftCheck:
    """Check every field; the errors come back per field, in form order.

    ``case_id`` excludes that case from the duplicate check; ``require_parties`` is
    False for the ledger import, where only 案号 and 立案日期 are required (SPEC §7).
    ``filed``: the filing dates of the case numbers already registered, read once for
    a whole ledger (``filed_numbers``) instead of one query per row; ``parsed``: case
    numbers already parsed with this context, by the text as written; ``kinds``: the
    执行依据类别 list, read once for a whole ledger.
    """
    context = context or triage_context(session)
    check = DraftCheck()
    try:
        number = (parsed or {}).get(draft.number) or parse_case_number(
            draft.number, context.court_code, context.type_codes
        )
    except UserError as error:
        check.errors["number"] = error.message
    else:
        check.number = number
        if number.foreign_court:
            check.warnings["number"] = number.warning(context.court_code)
        if filed is not None:
            filed_on = filed.get(number.normal)
        else:
            filed_on = session.scalar(
                select(Case.filing_date).where(
                    Case.number == number.normal, Case.id != (case_id or -1)
                )
            )
        if filed_on is not None:
            check.errors["number"] = (
                f"案号 {number.normal} 已经收案（立案日期 {filed_on:%Y-%m-%d}），不能重复登记。"
            )
    if draft.filing_date is None:
        check.errors["filing_date"] = "请填写立案日期。"
    elif draft.filing_date > today:
        check.errors["filing_date"] = f"立案日期不能晚于今天（{today:%Y-%m-%d}）。"
    elif check.number is not None and check.number.year != draft.filing_date.year:
        check.warnings["filing_date"] = (
            f"立案日期的年份（{draft.filing_date.year}）与案号年份（{check.number.year}）不同，请核对。"
        )
    applicants, respondents = clean_parties(draft)
    if require_parties and not applicants:
        check.errors["applicants"] = "请至少填写一名申请执行人。"
    count = draft.applicant_count if draft.applicant_count is not None else max(1, len(applicants))
    check.applicant_count = count
    if count < 1:
        check.errors["applicant_count"] = "申请执行人数至少为 1。"
    elif count < len(applicants):
        check.errors["applicant_count"] = (
            f"申请执行人数（{count}）少于已填写的申请执行人（{len(applicants)} 名）。"
        )
    if require_parties and not respondents:
        check.errors["respondents"] = "请至少填写一名被执行人。"
    bad_types = sorted({t for _, t in respondents if t and t not in PARTY_TYPES})
    if bad_types:
        check.errors["respondents"] = (
            f"被执行人类型“{'、'.join(bad_types)}”无效，应为{'、'.join(PARTY_TYPES)}之一。"
        )
    try:
        check.amount = parse_amount(draft.amount)
    except UserError as error:
        check.errors["amount"] = error.message
    try:
        check.basis_kind = resolve_basis_kind(
            kinds if kinds is not None else load_basis_kinds(session), draft.basis_kind
        )
    except UserError as error:
        check.errors["basis_kind"] = error.message
    return check


def filed_numbers(session: Session, numbers: Iterable[str]) -> dict[str, dt.date]:
    """Which of these normal-form case numbers are registered, with their filing dates."""
    wanted = sorted(set(numbers))
    found: dict[str, dt.date] = {}
    for offset in range(0, len(wanted), 500):
        chunk = wanted[offset : offset + 500]
        found.update(
            session.execute(
                select(Case.number, Case.filing_date).where(Case.number.in_(chunk))
            ).all()
        )
    return found


def suggested_codes(draft: CaseDraft, check: DraftCheck, context: TriageContext) -> set[str]:
    """The criteria intake pre-ticks for this draft (only the active ones)."""
    _, respondents = clean_parties(draft)
    codes = prefill(
        check.number.type_code if check.number else None,
        [t for _, t in respondents],
        check.amount,
        check.applicant_count,
        context.thresholds,
        context.rules,
    )
    return codes & set(context.tracks)


@dataclass(frozen=True)
class TriageChoice:
    """A checked triage: the proposal and the final track with its reason."""

    ticked: tuple[str, ...]
    proposal: Proposal
    final_track: Track
    override_reason: str | None


def decide_track(
    ticked: set[str] | list[str] | tuple[str, ...],
    override_track: Track | None,
    override_reason: str | None,
    context: TriageContext,
) -> TriageChoice:
    """Apply the rule; an override differing from the proposal needs a written reason."""
    codes = tuple(code for code in context.tracks if code in set(ticked))
    proposal = propose(ticked, context.tracks)
    final = override_track or proposal.track
    reason = " ".join((override_reason or "").split())
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


@dataclass
class NewCase:
    """A case ``start_case`` built and added; ``finish_case`` completes it once it has an id."""

    case: Case
    choice: TriageChoice
    resolved: Resolved
    suggested: set[str]


def plan_case(
    session: Session,
    draft: CaseDraft,
    ticked: set[str] | list[str] | tuple[str, ...],
    override_track: Track | None,
    override_reason: str | None,
    group_id: int | None,
    judge_id: int | None,
    actor_id: int | None,
    today: dt.date,
    *,
    context: TriageContext | None = None,
    calendar: WorkCalendar | None = None,
    require_parties: bool = True,
    assigned_on: dt.date | None = None,
    check: DraftCheck | None = None,
    loads: LoadBook | None = None,
) -> CasePlan:
    """Check a draft and work out its case row, parties, triage and handler; writes nothing.

    ``check``: the draft's ``validate_draft`` result made earlier in this transaction
    (the ledger import checks the whole file first); ``loads``: a ``LoadBook`` answering
    for ``resolve_assignment`` when many cases are registered in turn.
    """
    context = context or triage_context(session)
    if check is None:
        check = validate_draft(
            session, draft, today, context=context, require_parties=require_parties
        )
    if not check.ok:
        raise DraftError(check.errors)
    assert check.number is not None
    choice = decide_track(ticked, override_track, override_reason, context)
    if loads is not None:
        resolved = loads.resolve(choice.final_track, group_id, judge_id)
    else:
        resolved = resolve_assignment(session, choice.final_track, group_id, judge_id)
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
        "assigned_on": assigned_on or today,
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
    apply_clock(Fields(values), ClockEvents([], 0, None), calendar)  # type: ignore[arg-type]
    return CasePlan(values, parties, choice, resolved, suggested_codes(draft, check, context))


def start_case(
    session: Session,
    draft: CaseDraft,
    ticked: set[str] | list[str] | tuple[str, ...],
    override_track: Track | None,
    override_reason: str | None,
    group_id: int | None,
    judge_id: int | None,
    actor_id: int | None,
    today: dt.date,
    *,
    context: TriageContext | None = None,
    calendar: WorkCalendar | None = None,
    require_parties: bool = True,
    assigned_on: dt.date | None = None,
) -> NewCase:
    """Check a draft and add its case row (with parties and clock) to ``session``, unflushed."""
    plan = plan_case(
        session,
        draft,
        ticked,
        override_track,
        override_reason,
        group_id,
        judge_id,
        actor_id,
        today,
        context=context,
        calendar=calendar,
        require_parties=require_parties,
        assigned_on=assigned_on,
    )
    case = Case(**plan.values)
    for party in plan.parties:
        case.parties.append(Party(**party))
    session.add(case)
    return NewCase(case, plan.choice, plan.resolved, plan.suggested)


def intake_history(
    number: str, filing_date: dt.date, choice: TriageChoice, resolved: Resolved
) -> list[tuple[str, str]]:
    """The three history lines of a new case, (kind, summary): 收案, 分流, 分案."""
    return [
        ("intake", f"收案：{number}，立案日期 {filing_date:%Y-%m-%d}"),
        ("triage", "分流：" + triage_summary(choice)),
        ("assign", "分案：" + assign_summary(None, resolved)),
    ]


def finish_case(
    session: Session, new: NewCase, actor_id: int | None, context: TriageContext
) -> Case:
    """Add the triage, assignment and history of a case ``start_case`` built, now flushed."""
    case, choice, resolved = new.case, new.choice, new.resolved
    record_triage(session, case, choice, new.suggested, context, actor_id)
    session.add(make_assignment(case, "intake", resolved, actor_id))
    for kind, summary in intake_history(case.number, case.filing_date, choice, resolved):
        session.add(HistoryEntry(case_id=case.id, actor_id=actor_id, kind=kind, summary=summary))
    insert_new_case_rows(session, new_case_rows(case))  # its clock over time (§3 As of a day)
    return case


def register_case(
    session: Session,
    draft: CaseDraft,
    ticked: set[str] | list[str] | tuple[str, ...],
    override_track: Track | None,
    override_reason: str | None,
    group_id: int | None,
    judge_id: int | None,
    actor_id: int | None,
    today: dt.date,
    *,
    context: TriageContext | None = None,
    calendar: WorkCalendar | None = None,
    require_parties: bool = True,
    assigned_on: dt.date | None = None,
) -> Case:
    """Register a new case inside ``session``: case, parties, triage, assignment, history, clock.

    Raises ``DraftError`` (every field's message) or ``UserError`` and adds nothing
    when refused. ``assigned_on`` (the day the handler was fixed) defaults to ``today``.
    """
    context = context or triage_context(session)
    new = start_case(
        session,
        draft,
        ticked,
        override_track,
        override_reason,
        group_id,
        judge_id,
        actor_id,
        today,
        context=context,
        calendar=calendar,
        require_parties=require_parties,
        assigned_on=assigned_on,
    )
    session.flush()
    return finish_case(session, new, actor_id, context)


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
    return Assignment(**assignment_values(case.id, kind, resolved, actor_id))


def assign_summary(session: Session | None, resolved: Resolved) -> str:
    """The handler as a history line says it: 执行速执团队 第一办案组（王爱军）（按建议）."""
    del session  # the team's name travels with the suggestion: no query
    suggested = resolved.suggestion.suggested
    if (suggested.group_id, suggested.judge_id) == (resolved.group_id, resolved.judge_id):
        note = "（按建议）"
    else:
        note = f"（建议为 {suggested.label}）"
    return f"{resolved.suggestion.team_name} {resolved.label}{note}"


def save_intake(
    sessions: sessionmaker[Session],
    draft: CaseDraft,
    ticked: set[str] | list[str] | tuple[str, ...],
    override_track: Track | None,
    override_reason: str | None,
    group_id: int | None,
    judge_id: int | None,
    actor_id: int | None,
    today: dt.date,
) -> int:
    """收案 as one user action in one transaction; the new case's id."""
    with sessions.begin() as session:
        authorise(session, actor_id, Action.INTAKE)
        case = register_case(
            session,
            draft,
            ticked,
            override_track,
            override_reason,
            group_id,
            judge_id,
            actor_id,
            today,
        )
        return case.id


def check_draft(
    sessions: sessionmaker[Session],
    draft: CaseDraft,
    today: dt.date,
    case_id: int | None = None,
) -> tuple[DraftCheck, set[str]]:
    """Check a draft in a short read-only session; the check and the pre-ticked criteria."""
    with sessions() as session:
        context = triage_context(session)
        check = validate_draft(session, draft, today, context=context, case_id=case_id)
        return check, suggested_codes(draft, check, context)
