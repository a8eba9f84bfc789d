"""终本复查: the property checks after a 终本 closing, and 恢复执行 when property is found.

The schedule is not stored: it follows from the closing date (every 6 months for 5
years, ``property_check_dates``), so a ledger import of old 终本 cases schedules their
checks without writing a row. What is stored is each recorded check; the n-th recorded
check settles the n-th scheduled one (SPEC §8: a recorded check settles the earliest
open one). A check that found property registers the 执恢 case through intake's own
``register_case`` (triaged and assigned like any new case) and the check names it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import Action, authorise
from model.cases.draft import CaseDraft, suggested_codes, validate_draft
from model.cases.events.base import add_history, fmt, open_case
from model.cases.intake import IntakeRequest, TriageRequest, register_case
from model.cases.property_schedule import CheckState, check_schedule
from model.entities import (
    PROPERTY_CHECK_RESULTS,
    Case,
    Party,
    PartySide,
    Person,
    PropertyCheck,
)
from model.errors import UserError
from model.triage.criteria import triage_context

FINAL_METHOD = "终结本次执行程序"
NOTHING_FOUND, PROPERTY_FOUND = PROPERTY_CHECK_RESULTS
RESUMED_TYPE = "执恢"
"""类型代字 of the case a found property resumes (恢复执行)."""


def recorded_checks(session: Session, case_id: int) -> list[tuple[dt.date, str]]:
    """The standing checks of a case, (date, result), oldest first."""
    rows = session.execute(
        select(PropertyCheck.checked_on, PropertyCheck.result)
        .where(PropertyCheck.case_id == case_id, PropertyCheck.voided_at.is_(None))
        .order_by(PropertyCheck.checked_on, PropertyCheck.id)
    )
    return [(day, result) for day, result in rows]


def next_resumed_number(session: Session, year: int, court_code: str) -> tuple[str, int]:
    """The next free 执恢 number of the year: (normal form, sequence)."""
    last = session.scalar(
        select(func.max(Case.sequence)).where(
            Case.year == year, Case.court_code == court_code, Case.type_code == RESUMED_TYPE
        )
    )
    sequence = (last or 0) + 1
    return f"（{year}）{court_code}{RESUMED_TYPE}{sequence}号", sequence


def resumed_case_of(session: Session, case_id: int) -> tuple[int, str] | None:
    """The 执恢 case a check of this case registered: (id, number), or None."""
    row = session.execute(
        select(Case.id, Case.number)
        .join(PropertyCheck, PropertyCheck.resumed_case_id == Case.id)
        .where(PropertyCheck.case_id == case_id, PropertyCheck.voided_at.is_(None))
    ).first()
    return (row[0], row[1]) if row else None


def resumed_from(session: Session, case_id: int) -> tuple[int, str] | None:
    """The 终本 case this 执恢 case resumed: (id, number), or None."""
    row = session.execute(
        select(Case.id, Case.number)
        .join(PropertyCheck, PropertyCheck.case_id == Case.id)
        .where(PropertyCheck.resumed_case_id == case_id, PropertyCheck.voided_at.is_(None))
    ).first()
    return (row[0], row[1]) if row else None


@dataclass(frozen=True)
class CheckOutcome:
    """A recorded check: its id and, when it resumed enforcement, the new 执恢 case."""

    check_id: int
    resumed_case_id: int | None = None
    resumed_number: str = ""


def record_property_check(
    sessions: sessionmaker[Session],
    case_id: int,
    checked_on: dt.date | None,
    checker_id: int | None,
    result: str,
    note: str,
    actor_id: int | None,
    today: dt.date | None = None,
) -> CheckOutcome:
    """Record a property check on a 终本 case; 发现可供执行财产 also registers the 执恢 case.

    Refused (in Chinese, nothing written): a case not closed by 终本, a date before
    the closing or after today, an unknown result or checker, no check left to settle.
    """
    today = today or dt.date.today()
    with sessions.begin() as s:
        case = open_case(s, case_id, allow_closed=True)
        authorise(s, actor_id, Action.RECORD_EVENT, case=case)
        if case.closing_method != FINAL_METHOD or case.closed_on is None:
            raise UserError(
                f"{case.number}不是以终结本次执行程序结案的案件，无需登记财产核查。",
                field="result",
            )
        if checked_on is None:
            raise UserError("请填写核查日期。", field="checked_on")
        if checked_on < case.closed_on:
            raise UserError(
                f"核查日期不能早于终本结案日期（{fmt(case.closed_on)}）。", field="checked_on"
            )
        if checked_on > today:
            raise UserError(f"核查日期不能晚于今天（{fmt(today)}）。", field="checked_on")
        if result not in PROPERTY_CHECK_RESULTS:
            raise UserError(f"核查结果须为：{'、'.join(PROPERTY_CHECK_RESULTS)}。", field="result")
        checker = s.get(Person, checker_id) if checker_id is not None else None
        if checker is None or not checker.active:
            raise UserError("请选择核查人。", field="checker")
        schedule = check_schedule(case.closed_on, recorded_checks(s, case.id), today)
        if any(item.state is CheckState.MOOT for item in schedule) or resumed_case_of(s, case.id):
            raise UserError(f"{case.number}已恢复执行，不再需要财产核查。", field="result")
        settled = next((item for item in schedule if item.state is not CheckState.DONE), None)
        if settled is None:
            raise UserError(f"{case.number}五年内的十次财产核查均已登记。", field="checked_on")
        check = PropertyCheck(
            case_id=case.id,
            checked_on=checked_on,
            checker_id=checker.id,
            result=result,
            note=note.strip(),
            recorded_by_id=actor_id,
        )
        s.add(check)
        s.flush()
        detail = f"，{note.strip()}" if note.strip() else ""
        add_history(
            s,
            case,
            actor_id,
            "property_check",
            f"终本财产核查（第{settled.ordinal}次，应于 {fmt(settled.due)}）：{result}"
            f"（{fmt(checked_on)}，核查人 {checker.name}）{detail}",
        )
        if result != PROPERTY_FOUND:
            return CheckOutcome(check.id)
        resumed = _register_resumed(s, case, checked_on, actor_id, today)
        check.resumed_case_id = resumed.id
        add_history(
            s, case, actor_id, "resumed", f"恢复执行：已立 {resumed.number}（{fmt(checked_on)}）"
        )
        add_history(
            s,
            resumed,
            actor_id,
            "resumed",
            f"恢复执行：原终本案件 {case.number}（{fmt(case.closed_on)}终本）"
            "财产核查发现可供执行财产",
        )
        s.flush()
        return CheckOutcome(check.id, resumed.id, resumed.number)


def _register_resumed(
    session: Session, case: Case, day: dt.date, actor_id: int | None, today: dt.date
) -> Case:
    """The 执恢 case, filed on the day of the decision, through intake's own services."""
    context = triage_context(session)
    if RESUMED_TYPE not in context.type_codes:
        raise UserError(f"类型代字“{RESUMED_TYPE}”不在案件类型中，无法登记恢复执行案件。")
    number, _sequence = next_resumed_number(session, day.year, context.court_code)
    parties = session.scalars(
        select(Party).where(Party.case_id == case.id).order_by(Party.side, Party.ordinal)
    ).all()
    applicants = [p.name for p in parties if p.side is PartySide.APPLICANT]
    respondents = [(p.name, p.party_type) for p in parties if p.side is PartySide.RESPONDENT]
    if not applicants and case.applicant_names:  # imported rows may carry the names only
        applicants = case.applicant_names.split("、")
    if not respondents and case.respondent_names:
        respondents = [(name, "") for name in case.respondent_names.split("、")]
    draft = CaseDraft(
        number=number,
        filing_date=day,
        applicants=applicants,
        applicant_count=max(case.applicant_count, len(applicants)),
        respondents=respondents,
        amount=case.amount,
        basis=case.basis,
        cause=case.cause,
        basis_kind=case.basis_kind,
    )
    check = validate_draft(session, draft, today, context=context, require_parties=False)
    asked = TriageRequest(tuple(sorted(suggested_codes(draft, check, context))))
    return register_case(
        session,
        IntakeRequest(draft, asked),
        actor_id,
        today,
        context=context,
        require_parties=False,
    )


def checker_choices(sessions: sessionmaker[Session], actor_id: int | None) -> list[tuple[str, int]]:
    """Who may have checked: every active person, the user first, as "姓名（角色）"."""
    with sessions() as session:
        people = session.scalars(select(Person).where(Person.active).order_by(Person.id)).all()
        ordered = sorted(people, key=lambda person: person.id != actor_id)
        return [(f"{person.name}（{person.role.label}）", person.id) for person in ordered]
