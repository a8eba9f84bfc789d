"""Entries grouped by action and packed (schema version 13): smaller, read the same."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from model.access.audit_chain import verify
from model.access.audit_lines import audit_lines
from model.access.audit_packing import (
    GENESIS,
    GROUPED,
    canonical,
    entry_hash,
    pack,
    plain_value,
    row_changes,
    stored_after,
    unpack,
)
from model.access.audit_rows import verify_rows
from model.entities import AuditEntry, CaseStatus, Person, Role, Track
from model.roster import edits as roster
from model.storage.store import open_store
from tests.factories import make_case, recorded_changes
from tests.model.storage.test_schema import OLD_FILES


def test_packing_gives_back_the_text_and_compresses_a_case_well() -> None:
    rows = [
        ["insert", "cases", "7", {}, {"number": "（2026）吉0605执7号", "status": "pending",
                                      "applicant_names": "张伟", "respondent_names": "李娜"}],
        *[["insert", "parties", str(n), {}, {"name": "张伟", "side": "applicant", "ordinal": 0,
                                             "party_type": ""}] for n in range(3)],
    ]  # fmt: skip
    text = canonical(rows)
    packed = pack(text)
    assert unpack(packed) == text and stored_after("", packed) == text
    assert len(packed) < len(text.encode("utf-8")) * 0.6
    assert stored_after('{"a":1}', None) == '{"a":1}'
    import zlib

    full = zlib.compressobj(9, zlib.DEFLATED, -15)  # entries packed with the full window
    assert unpack(full.compress(text.encode()) + full.flush()) == text


def test_row_changes_reads_both_forms() -> None:
    old = {
        "seq": 4,
        "action": "update",
        "entity": "persons",
        "entity_id": "7",
        "case_id": None,
        "actor_id": 1,
        "before": '{"name":"甲"}',
        "after": '{"name":"乙"}',
        "packed": None,
    }
    [change] = row_changes(old)
    assert (change.seq, change.action, change.entity, change.entity_id) == (
        4,
        "update",
        "persons",
        "7",
    )
    assert change.before == {"name": "甲"} and change.after == {"name": "乙"}
    text = canonical(
        [
            ["insert", "cases", "9", {}, {"number": "x"}],
            ["delete", "parties", "3", {"name": "丙"}, {}],
        ]
    )
    new = {"seq": 5, "action": GROUPED, "entity": "", "entity_id": "", "case_id": 9,
           "actor_id": 7, "before": "", "after": "", "packed": pack(text)}  # fmt: skip
    first, second = row_changes(new)
    assert (first.entity, first.entity_id, first.case_id, first.actor_id) == ("cases", "9", 9, 7)
    assert (second.action, second.before) == ("delete", {"name": "丙"})


def test_an_intake_is_one_entry_with_all_its_rows(sessions) -> None:
    from model.cases.intake import IntakeRequest, TriageRequest, save_intake
    from tests.model.cases.test_intake import TODAY, clerk, draft

    with sessions() as s:
        start = s.scalar(select(func.max(AuditEntry.seq)))
    who = clerk(sessions)
    case_id = save_intake(sessions, IntakeRequest(draft(), TriageRequest(("O1",))), who, TODAY)
    with sessions() as s:
        new = list(s.scalars(select(AuditEntry).where(AuditEntry.seq > start)))
    # register_case flushes twice (the case for its id, then the rest): still one entry
    # for the case (the checklist's wording, stored once at first use, is not the case's)
    [entry] = [e for e in new if e.case_id is not None]
    assert entry.action == GROUPED and entry.after == "" and entry.case_id == case_id
    assert entry.actor_id == who
    tables = [c.entity for c in recorded_changes(sessions, start) if c.case_id == case_id]
    assert tables[0] == "cases" and {"parties", "triage_decisions", "assignments"} <= set(tables)
    lines = audit_lines(sessions, case_id=case_id)
    assert len(lines) == len(tables) and {line.seq for line in lines} == {entry.seq}
    assert lines[0].entity == "案件" and lines[0].action == "新增"
    assert verify(sessions).ok and verify_rows(sessions) == []


def test_a_refused_action_leaves_nothing_to_be_recorded_later(sessions) -> None:
    with sessions() as s:
        start = s.scalar(select(func.max(AuditEntry.seq)))
    with pytest.raises(RuntimeError), sessions.begin() as s:
        make_case(s)  # flushed, so its changes wait for the commit …
        raise RuntimeError  # … which never comes
    roster.add_person(sessions, "新书记员", Role.CLERK, actor_id=1)
    assert {c.entity for c in recorded_changes(sessions, start)} == {"persons"}
    assert verify_rows(sessions) == []


def test_a_file_with_entries_of_both_forms_is_replayed_row_by_row(tmp_path: Path) -> None:
    copy = tmp_path / "cases.sqlite"
    shutil.copyfile(OLD_FILES[1], copy)  # schema_v2.sqlite: 600+ entries, one row each
    store = open_store(copy)
    try:
        with store.sessions() as s:
            person_id = s.scalar(select(func.min(Person.id)).where(Person.role == Role.CLERK))
            first_new = s.scalar(select(func.max(AuditEntry.seq))) + 1
            old_form = s.scalar(
                select(AuditEntry.action).where(
                    AuditEntry.entity == "persons", AuditEntry.entity_id == str(person_id)
                )
            )
        assert old_form == "insert"  # recorded one row an entry
        roster.update_person(
            store.sessions, person_id, name="改名的人", role=Role.CLERK, position="书记员",
            aliases=[], team_ids=[1], actor_id=1,
        )  # fmt: skip
        with store.sessions() as s:
            new = list(s.scalars(select(AuditEntry).where(AuditEntry.seq >= first_new)))
        assert new and all(e.action == GROUPED for e in new)  # inserted one way, changed the other
        assert verify(store.sessions).ok and verify_rows(store.sessions) == []
        lines = audit_lines(store.sessions)
        assert lines[0].action == "新增" and lines[0].seq == 1  # the old form, read as before
        renamed = [line for line in lines if "改名的人" in line.changes]
        assert [line.action for line in renamed] == ["修改"] and renamed[0].seq >= first_new
    finally:
        store.close()
    with sqlite3.connect(copy) as connection:  # what anyone with the file could do
        connection.execute("UPDATE persons SET name = '别人' WHERE id = ?", (person_id,))
    connection.close()
    store = open_store(copy)
    try:
        [difference] = verify_rows(store.sessions)
        assert (difference.table, difference.row, difference.column) == (
            "persons", str(person_id), "name")  # fmt: skip
        assert (difference.recorded, difference.found) == ("改名的人", "别人")
    finally:
        store.close()


def test_an_imported_ledger_is_recorded_in_about_one_entry_a_case(sessions, tmp_path: Path) -> None:
    from model.ledger.check import import_ledger
    from tests.ledger_files import realistic_ledger

    with sessions() as s:
        start = s.scalar(select(func.max(AuditEntry.seq)))
    ledger = realistic_ledger(tmp_path / "ledger.xlsx", 60)
    import_ledger(sessions, ledger, actor_id=None, today=dt.date(2026, 11, 28))
    with sessions() as s:
        cases = s.scalar(select(func.count(func.distinct(AuditEntry.case_id))).where(
            AuditEntry.seq > start))  # fmt: skip
        entries = s.scalar(select(func.count()).where(AuditEntry.seq > start))
    rows = len(recorded_changes(sessions, start))
    assert cases == 60 and rows > 5 * cases  # the case, its parties, triage, assignment …
    assert entries < 1.3 * cases  # … in one entry; a case with 期限事项 has a few more
    assert verify(sessions).ok and verify_rows(sessions) == []


def _standard_library_canonical(value: object) -> str:
    """The spelling every hash up to orjson was computed over (json, as configured then)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def test_canonical_spells_a_hashed_entry_as_the_standard_library_did() -> None:
    """An entry's hash is over its fields as JSON: strings, integers and None. Old entries
    were hashed with ``json``; orjson must give the same bytes or they would no longer
    verify. Every character (but lone surrogates, which no stored text holds) is tried."""
    every_character = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    quoted = '引号"与\\反斜杠\n\t\x00\x1f\x7f\u2028'
    for text in (every_character, quoted, "", "（2026）吉0605执7号"):
        body = {
            "seq": 2**40,
            "at": "2026-11-30T10:00:00",
            "actor_id": None,
            "action": GROUPED,
            "entity": "",
            "entity_id": "7,8",
            "case_id": -3,
            "before": "",
            "after": text,
        }
        assert canonical(body) == _standard_library_canonical(body)
    assert (
        entry_hash(GENESIS, body)
        == hashlib.sha256((GENESIS + _standard_library_canonical(body)).encode("utf-8")).hexdigest()
    )


def test_canonical_writes_dates_enums_and_amounts_as_plain_values() -> None:
    """A row made for the record keeps its Python values; they are written as
    ``plain_value`` converts them, nested or not, with keys sorted at every level."""
    row = {
        "filing_date": dt.date(2026, 1, 2),
        "created_at": dt.datetime(2026, 11, 30, 8, 5, 9),
        "stamped": dt.datetime(2026, 11, 30, 8, 5, 9, 45),
        "status": CaseStatus.PENDING,
        "amount": Decimal("74265.30"),
        "deciding": ["O6", "S1"],
        "nested": {"b": Track.SIMPLE, "a": [dt.date(2026, 3, 4)]},
        3: "a key that is a number",
    }
    plain = {str(k): plain_value(v) for k, v in row.items()}
    assert canonical(row) == _standard_library_canonical(plain)
    assert json.loads(canonical(row))["amount"] == "74265.30"
