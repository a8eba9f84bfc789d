"""收案's draft: what a clerk typed (or a ledger row holds) for a new case, and checking it.

Pure checks with Chinese messages per field; the only queries are the duplicate case
number (``validate_draft``, or ``filed_numbers`` read once for a whole ledger).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.cases.basis import BasisKindInfo, load_basis_kinds, resolve_basis_kind
from model.cases.numbers import CaseNumber, parse_case_number
from model.entities import PARTY_TYPES, Case
from model.errors import UserError
from model.triage.criteria import TriageContext, triage_context
from model.triage.rule import prefill

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
