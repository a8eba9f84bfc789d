"""The generator writes what the program writes (issue 20: the benchmark measures what users get).

The same 100 cases twice: once by ``generate_cases``, once through the program's own
write paths — the ledger import (cases, closings and the 期限事项 sheet's periods,
extensions and transfers) and the services for what a ledger cannot say (each
执行到位款 instalment, each 终本 property check). The two databases must hold the same
tables with the same row counts, rows of the same shape (which columns are filled, with
what kinds of values: JSON keys, date or datetime, text formats) and audit entries of
the same shape (entity, action, the keys of their payloads and the kinds of their values).
Values themselves — ids, times, names — may differ.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from model.access.audit_chain import verify
from model.access.audit_packing import row_changes
from model.access.audit_rows import verify_rows
from model.calendar.clock_check import stale_clocks
from model.cases.events.payment import record_payment
from model.cases.events.property_check import record_property_check
from model.entities import (
    Assignment,
    AuditEntry,
    Base,
    Case,
    CaseGroup,
    Closing,
    ExcludedPeriod,
    Extension,
    HistoryEntry,
    Party,
    PartySide,
    Payment,
    Person,
    PropertyCheck,
    Role,
    Transfer,
    TriageDecision,
)
from model.ledger.check import LedgerRejected, import_ledger
from model.ledger.read import EVENT_HEADERS, EVENT_SHEET, IMPORT_HEADERS
from model.storage.store import Store, open_store
from tests.sample_data import generate_cases

TODAY = dt.date(2026, 11, 28)
COUNT = 100


@pytest.fixture
def reference(request: pytest.FixtureRequest, store: Store, tmp_path: Path) -> Iterator[Store]:
    """A second database seeded like ``store`` (same backend)."""
    if store.engine.dialect.name == "sqlite":
        other = open_store(tmp_path / "reference.sqlite")
    else:
        other = open_store(request.getfixturevalue("postgres").new_schema_url())
    yield other
    other.close()


def _names(session: Session) -> tuple[dict[int, str], dict[int, str]]:
    people = dict(session.execute(select(Person.id, Person.name)).all())
    groups = dict(session.execute(select(CaseGroup.id, CaseGroup.name)).all())
    return people, groups


def write_ledger_of(sessions: sessionmaker[Session], path: Path) -> Path:
    """The generated cases as a clerk's ledger: 台账 and 期限事项, every column filled."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "台账"
    sheet.append(list(IMPORT_HEADERS))
    events = book.create_sheet(EVENT_SHEET)
    events.append(list(EVENT_HEADERS))
    with sessions() as s:
        people, groups = _names(s)
        for case in s.scalars(select(Case).order_by(Case.id)):
            respondents = s.scalars(
                select(Party.party_type)
                .where(Party.case_id == case.id, Party.side == PartySide.RESPONDENT)
                .order_by(Party.ordinal)
            ).all()
            triage = s.scalars(
                select(TriageDecision).where(TriageDecision.case_id == case.id)
            ).one()
            intake = s.scalars(
                select(Assignment).where(Assignment.case_id == case.id, Assignment.kind == "intake")
            ).one()
            closing = s.scalars(select(Closing).where(Closing.case_id == case.id)).one_or_none()
            values = {
                "案号": case.number,
                "立案日期": case.filing_date,
                "申请执行人": case.applicant_names,
                "被执行人": case.respondent_names,
                "被执行人类型": "、".join(respondents),
                "申请执行人数": case.applicant_count,
                "标的额": float(case.amount) if case.amount is not None else None,
                "执行依据": case.basis,
                "执行依据类别": case.basis_kind,
                "案由": case.cause,
                "分流依据": "、".join(triage.ticked),
                "办案组": groups[intake.group_id] if intake.group_id else None,
                "承办法官": people[intake.judge_id] if intake.judge_id else None,
                "结案日期": closing.closed_on if closing else None,
                "结案方式": closing.method if closing else None,
            }
            sheet.append([values.get(header) for header in IMPORT_HEADERS])
            for row in _event_rows(s, case, people):
                events.append([row.get(header) for header in EVENT_HEADERS])
    book.save(path)
    return path


def _event_rows(s: Session, case: Case, people: dict[int, str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for period in s.scalars(select(ExcludedPeriod).where(ExcludedPeriod.case_id == case.id)):
        rows.append({"事项": period.kind, "开始日期": period.start, "结束日期": period.end,
                     "理由": period.reason})  # fmt: skip
    for extension in s.scalars(select(Extension).where(Extension.case_id == case.id)):
        rows.append({"事项": "延长", "开始日期": extension.approved_on,
                     "批准人": extension.approver_name, "批准人职务": extension.approver_title,
                     "延长月数": extension.months, "理由": extension.reason})  # fmt: skip
    for transfer in s.scalars(select(Transfer).where(Transfer.case_id == case.id)):
        judge = s.scalars(
            select(Assignment.judge_id).where(
                Assignment.case_id == case.id, Assignment.kind == "transfer"
            )
        ).first()
        judge = judge or case.judge_id
        assert judge is not None
        rows.append({"事项": "移交", "开始日期": transfer.transferred_on,
                     "承办法官": people[judge], "理由": transfer.reason})  # fmt: skip
    for row in rows:
        row["案号"] = case.number
    return sorted(rows, key=lambda row: row["开始日期"])


def enter_through_the_program(source: sessionmaker[Session], target: Store, path: Path) -> None:
    """The ledger imported by a clerk, then each payment and property check in the window."""
    with target.sessions() as s:
        clerk = s.scalars(
            select(Person.id).where(Person.role == Role.CLERK).order_by(Person.id)
        ).first()
    try:
        import_ledger(target.sessions, path, clerk, TODAY)
    except LedgerRejected as rejected:  # the generator made what the program refuses
        problems = [(p.row, p.number, p.reasons) for p in rejected.checked.problems]
        raise AssertionError(problems) from None
    with target.sessions() as s:
        ids = dict(s.execute(select(Case.number, Case.id)).all())
    with source() as s:
        numbers = dict(s.execute(select(Case.id, Case.number)).all())
        payments = s.execute(
            select(Payment.case_id, Payment.received_on, Payment.amount_fen, Payment.note)
            .order_by(Payment.id)
        ).all()  # fmt: skip
        checks = s.execute(
            select(PropertyCheck.case_id, PropertyCheck.checked_on, PropertyCheck.result,
                   PropertyCheck.note).order_by(PropertyCheck.id)
        ).all()  # fmt: skip
    for case_id, day, fen, note in payments:
        amount = Decimal(fen) / 100
        record_payment(target.sessions, ids[numbers[case_id]], day, amount, note, clerk, TODAY)
    for case_id, day, result, note in checks:
        record_property_check(
            target.sessions, ids[numbers[case_id]], day, clerk, result, note, clerk, TODAY
        )


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?")


def shape(value: Any) -> str:
    """What kind of value this is, without the value: the thing the two sides must share."""
    if isinstance(value, dict):
        return "{" + ",".join(f"{k}:{shape(v)}" for k, v in sorted(value.items())) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(sorted({shape(v) for v in value})) + "]"
    if isinstance(value, str):
        if value[:1] in "{[":
            try:
                return "json" + shape(json.loads(value))
            except ValueError:
                pass
        if _DATETIME.fullmatch(value):
            return "datetime-text"
        if _DATE.fullmatch(value):
            return "date-text"
        return "text" if value else "empty-text"
    return type(value).__name__


def _summary_shape(kind: str, summary: str) -> str:
    """A history line's form: its kind and the text before the first colon."""
    return f"{kind}:{summary.split('：', 1)[0]}"


def contents(engine: Engine) -> dict[str, Any]:
    """Per table: the row count and, per column, the kinds of its non-null values."""
    found: dict[str, Any] = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name == AuditEntry.__tablename__:
                continue
            rows = connection.execute(select(table)).mappings().all()
            if not rows:
                continue
            columns: dict[str, set[str]] = {}
            for row in rows:
                for key, value in row.items():
                    if value is not None:
                        columns.setdefault(key, set()).add(shape(value))
            found[table.name] = (len(rows), columns)
        history = connection.execute(select(HistoryEntry.kind, HistoryEntry.summary)).all()
        found["history lines"] = Counter(_summary_shape(k, s) for k, s in history)
        entries = connection.execute(select(AuditEntry.__table__)).mappings().all()
    grouped = [(row, row_changes(row)) for row in entries]
    # the entries: which rows each action recorded together, with or without case and actor
    found["audit entries"] = Counter(
        (
            row["action"],
            tuple((c.entity, c.action) for c in changes),
            row["case_id"] is None,
            row["actor_id"] is None,
        )
        for row, changes in grouped
    )
    found["audit rows"] = Counter(
        (c.entity, c.action, shape(c.before), shape(c.after))
        for _, changes in grouped
        for c in changes
    )
    return found


def _explain(differing: dict[str, tuple[Any, Any]]) -> str:
    """What differs, table by table: generated, then entered through the program."""
    lines = []
    for table, (mine, theirs) in differing.items():
        if isinstance(mine, Counter):
            for key in sorted(set(mine) | set(theirs), key=repr):
                if mine[key] != theirs[key]:
                    lines.append(f"{table}: {key}: generated {mine[key]}, program {theirs[key]}")
            continue
        (count, columns), (their_count, their_columns) = mine, theirs
        if count != their_count:
            lines.append(f"{table}: generated {count} rows, program {their_count}")
        for column in sorted(set(columns) | set(their_columns)):
            if columns.get(column) != their_columns.get(column):
                lines.append(
                    f"{table}.{column}: generated {columns.get(column)}, "
                    f"program {their_columns.get(column)}"
                )
    return "\n".join(lines)


def test_the_generator_writes_what_the_program_writes(
    store: Store, reference: Store, tmp_path: Path
) -> None:
    generate_cases(store.sessions, COUNT, seed=20, today=TODAY)
    path = write_ledger_of(store.sessions, tmp_path / "ledger.xlsx")
    enter_through_the_program(store.sessions, reference, path)

    generated, entered = contents(store.engine), contents(reference.engine)
    assert sorted(generated) == sorted(entered)
    differing = {
        table: (generated[table], entered[table])
        for table in entered
        if generated[table] != entered[table]
    }
    assert not differing, _explain(differing)
    for sessions in (store.sessions, reference.sessions):
        assert verify(sessions).ok
        assert verify_rows(sessions) == []
        with sessions() as session:
            assert stale_clocks(session) == []
