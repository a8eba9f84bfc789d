"""The audit record: written on every change, chained, and every tampering detected."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, text

from model.access import audit, audit_core
from model.access.audit_chain import verify
from model.access.audit_lines import audit_lines
from model.access.audit_packing import GENESIS, GROUPED, canonical, entry_hash, pack, stored_after
from model.access.audit_sheet import write_audit_sheet
from model.access.permissions import PermissionDenied
from model.commands import run_command
from model.entities import AuditEntry, Case, Role
from model.errors import UserError
from model.roster import edits as roster
from model.triage.settings import COURT_NAME, set_setting
from tests.factories import make_case, recorded_changes


def entries(sessions) -> list[AuditEntry]:
    with sessions() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.seq)))


def hashed(entry: AuditEntry) -> dict:
    """An entry's columns as its hash covers them (a grouped entry's rows unpacked)."""
    return {**entry.__dict__, "after": stored_after(entry.after, entry.packed)}


def last_seq(sessions) -> int:
    with sessions() as s:
        return s.scalar(select(func.max(AuditEntry.seq))) or 0


def test_seeding_a_new_database_is_recorded_and_the_chain_is_intact(sessions) -> None:
    report = verify(sessions)
    assert report.ok and report.count == last_seq(sessions) > 0
    first = entries(sessions)[0]
    # since schema version 11 the link lives in the hash only (sha256 over the previous)
    assert first.prev_hash == "" and first.actor_id is None
    assert first.hash == entry_hash(GENESIS, hashed(first))
    assert first.action == GROUPED and first.after == "" and first.packed is not None


def test_a_change_records_who_what_and_the_values_before_and_after(sessions) -> None:
    start = last_seq(sessions)
    roster.update_person(
        sessions, 7, name="高博", role=Role.CLERK, position="书记员组长", aliases=[],
        team_ids=[1], actor_id=1,
    )  # fmt: skip
    new = [e for e in entries(sessions) if e.seq > start]
    assert new and all(e.actor_id == 1 and e.case_id is None for e in new)
    person = next(c for c in recorded_changes(sessions, start) if c.entity == "persons")
    assert (person.action, person.entity_id) == ("update", "7")
    assert person.before == {"position": ""} and person.after == {"position": "书记员组长"}
    assert verify(sessions).ok


def test_a_refused_or_failed_change_leaves_no_entry(sessions) -> None:
    start = last_seq(sessions)
    with pytest.raises(PermissionDenied):
        roster.add_person(sessions, "新人", Role.CLERK, actor_id=7)
    with pytest.raises(UserError):
        roster.add_person(sessions, "", Role.CLERK, actor_id=1)
    assert last_seq(sessions) == start


def test_case_entries_are_found_per_case_and_per_period(sessions, monkeypatch) -> None:
    monkeypatch.setattr(audit, "clock", lambda: dt.datetime(2030, 1, 5, 10, 0))
    with sessions.begin() as s:
        audit.acting_as(s, 7)
        case = make_case(s)
        case_id = case.id
    with sessions.begin() as s:
        s.get(Case, case_id).basis = "（2026）吉0605民初1号"
    lines = audit_lines(sessions, case_id=case_id)
    assert (lines[0].action, lines[0].entity) == ("新增", "案件")  # then its clock
    assert lines[0].actor == "高博" and lines[0].case_number.endswith("号")
    assert lines[-1].action == "修改" and lines[-1].actor == "系统"  # no actor named
    assert lines[-1].changes == "执行依据：（空） → （2026）吉0605民初1号"
    period = audit_lines(sessions, start=dt.date(2030, 1, 5), end=dt.date(2030, 1, 5))
    assert period == lines
    assert audit_lines(sessions, start=dt.date(2030, 1, 6)) == []


def test_a_setting_change_is_recorded(sessions) -> None:
    with sessions.begin() as s:
        audit.acting_as(s, 1)
        set_setting(s, COURT_NAME, "新法院")
    last = recorded_changes(sessions)[-1]
    assert (last.entity, last.action) == ("settings", "update")
    assert entries(sessions)[-1].actor_id == 1 and last.after["value"] == "新法院"


# --- tampering ------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def more_entries(sessions) -> None:
    """Ten more entries than seeding's one (it is one action) for the tampering below."""
    for n in range(10):
        with sessions.begin() as s:
            audit.acting_as(s, 1)
            set_setting(s, COURT_NAME, f"法院{n}")


def tamper(store, statement: str) -> None:
    with store.engine.begin() as connection:
        connection.execute(text(statement))


def test_an_edited_entry_is_found(store, sessions) -> None:
    forged = pack('[["update","settings","court_name",{},{"value":"改过"}]]')
    with store.engine.begin() as connection:
        connection.execute(
            text("UPDATE audit_entries SET packed = :p WHERE seq = 3"), {"p": forged}
        )
    report = verify(sessions)
    assert not report.ok and report.broken_seq == 3 and "内容" in report.message


def test_an_edited_entry_of_the_old_form_is_found(store, sessions) -> None:
    # Entries written before schema version 13 hold one row each, in ``after``.
    tamper(
        store, 'UPDATE audit_entries SET after = \'{"value":"改过"}\', packed = NULL WHERE seq = 3'
    )
    report = verify(sessions)
    assert not report.ok and report.broken_seq == 3 and "内容" in report.message


def test_a_damaged_packed_entry_is_found_and_named(store, sessions) -> None:
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE audit_entries SET packed = :p WHERE seq = 3"),
                           {"p": b"\xff\x00garbage"})  # fmt: skip
    report = verify(sessions)
    assert not report.ok and report.broken_seq == 3 and "无法读出" in report.message


def test_an_edited_entry_with_a_recomputed_hash_breaks_the_next_link(store, sessions) -> None:
    with sessions() as s:
        row = s.scalars(select(AuditEntry).where(AuditEntry.seq == 3)).one()
        prev = s.scalars(select(AuditEntry.hash).where(AuditEntry.seq == 2)).one()
        fields = {c: getattr(row, c) for c in ("seq", "at", "actor_id", "action", "entity",
                                               "entity_id", "case_id", "before")}  # fmt: skip
        fields["after"] = "[]"
        forged = entry_hash(prev, fields)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE audit_entries SET packed = :p, hash = :h WHERE seq = 3"),
                           {"p": pack("[]"), "h": forged})  # fmt: skip
    report = verify(sessions)
    assert not report.ok and report.broken_seq == 4 and "上一条" in report.message


def test_a_stored_link_that_disagrees_is_found(store, sessions) -> None:
    # Entries written before schema version 11 store the previous hash: it must match.
    tamper(store, f"UPDATE audit_entries SET prev_hash = '{'1' * 64}' WHERE seq = 4")
    report = verify(sessions)
    assert not report.ok and report.broken_seq == 4 and "链接" in report.message


def test_a_deleted_entry_is_found(store, sessions) -> None:
    tamper(store, "DELETE FROM audit_entries WHERE seq = 5")
    report = verify(sessions)
    assert not report.ok and report.broken_seq == 5 and "删除" in report.message


def test_reordered_entries_are_found(store, sessions) -> None:
    # Swap the contents of two entries (what a reordering in the table amounts to).
    tamper(store, "UPDATE audit_entries SET seq = -1 WHERE seq = 6")
    tamper(store, "UPDATE audit_entries SET seq = 6 WHERE seq = 7")
    tamper(store, "UPDATE audit_entries SET seq = 7 WHERE seq = -1")
    report = verify(sessions)
    assert not report.ok and report.broken_seq == 6


def test_appends_from_two_writers_keep_one_chain(store, sessions) -> None:
    from model.storage.store import open_store

    second = open_store(store.url, use_lock=False)
    try:
        for round_ in range(3):
            for writer in (sessions, second.sessions):
                with writer.begin() as s:
                    audit.acting_as(s, 1)
                    set_setting(s, COURT_NAME, f"法院{round_}{id(writer)}")
        assert verify(sessions).ok and verify(second.sessions).ok
    finally:
        second.close()


def test_a_bulk_writers_entries_are_packed_aside_and_written_as_appended(sessions) -> None:
    """``chain`` hashes a batch's entries at once and packs them on a thread while the
    writer goes on (from 100 entries); ``write`` then stores what ``append`` would."""
    changes = [
        audit.PendingChange("insert", "parties", str(n), n % 250 + 1, {}, {"name": f"甲{n}"}, 1)
        for n in range(300)
    ]
    count = select(func.count()).select_from(AuditEntry)
    with sessions.begin() as s:
        seeded = s.scalar(count)
        entries = audit.chain(s.connection(), [changes])  # 250 cases: packed aside
        assert s.scalar(count) == seeded  # nothing written yet
        entries.write()
        entries.write()  # once only
        few = audit.chain(s.connection(), [changes[:3]])  # packed at once
        few.write()
    assert verify(sessions).ok
    with sessions() as s:
        stored = s.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()[seeded:]
    assert len(stored) == 253 and all(entry.packed for entry in stored)
    first = json.loads(stored_after(stored[0].after, stored[0].packed))
    assert first == [["insert", "parties", "0", {}, {"name": "甲0"}],
                     ["insert", "parties", "250", {}, {"name": "甲250"}]]  # fmt: skip


def test_entries_chained_onto_an_entry_no_longer_last_are_not_written(sessions) -> None:
    """Someone appending between ``chain`` and ``write`` would fork the chain: refused."""
    change = audit.PendingChange("insert", "parties", "1", 1, {}, {"name": "甲"}, 1)
    with sessions.begin() as s:
        entries = audit.chain(s.connection(), [[change]])
        audit.append(s.connection(), [change._replace(entity_id="2")])
        with pytest.raises(RuntimeError, match="moved on"):
            entries.write()
    assert verify(sessions).ok


# --- the command line and the spreadsheet --------------------------------------------


def test_audit_verify_command_passes_then_fails_after_an_edit_in_the_file(
    store, capsys, tmp_path: Path
) -> None:
    if store.path is None:
        pytest.skip("edits the SQLite file directly")
    path = store.path
    store.close()
    assert run_command(["audit-verify", "--db", str(path)]) == 0
    assert "操作记录完整" in capsys.readouterr().out
    with sqlite3.connect(path) as connection:  # what someone with the file could do
        connection.execute("UPDATE audit_entries SET actor_id = 7 WHERE seq = 10")
    connection.close()
    assert run_command(["audit-verify", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "第 10 条" in err and "被改动" in err


def test_the_record_of_a_case_exports_to_xlsx(sessions, tmp_path: Path) -> None:
    with sessions.begin() as s:
        audit.acting_as(s, 7)
        case_id = make_case(s).id
    out = tmp_path / "操作记录.xlsx"
    with pytest.raises(PermissionDenied):
        write_audit_sheet(sessions, out, 7, case_id=case_id)  # a clerk
    assert not out.exists()
    expected = len(audit_lines(sessions, case_id=case_id))
    assert write_audit_sheet(sessions, out, 1, case_id=case_id) == expected
    sheet = load_workbook(out).active
    assert sheet["A1"].value.startswith("操作记录：（")
    assert "完整" in sheet["A2"].value
    assert [c.value for c in sheet[4]][2:5] == ["高博", "新增", "案件"]
    assert sheet.page_setup.orientation == "landscape"
    period = tmp_path / "期间.xlsx"
    assert write_audit_sheet(sessions, period, None, start=dt.date(2000, 1, 1)) > 100


def test_rows_written_with_core_are_recorded_as_the_flush_records_objects(sessions) -> None:
    """``inserted``/``updated`` give the entries the listener makes for the same change."""
    from model.entities import Closing, Party, PartySide
    from model.storage.bulk import complete

    with sessions.begin() as s:
        case_id = make_case(s).id
    start = last_seq(sessions)
    with sessions.begin() as s:
        audit.acting_as(s, 1)
        s.add(Closing(case_id=case_id, closed_on=dt.date(2026, 3, 9), method="销案",
                      met_track_limit=True, met_statutory_limit=False,
                      conditions={"imported": True}))  # fmt: skip
        s.add(Party(case_id=case_id, side=PartySide.APPLICANT, name="甲", ordinal=0))
        s.flush()
        case = s.get(Case, case_id)
        registered = {a.key: getattr(case, a.key) for a in Case.__mapper__.column_attrs}
        case.status, case.closed_on = case.status.CLOSED, dt.date(2026, 3, 9)
        s.flush()
        closed = {a.key: getattr(case, a.key) for a in Case.__mapper__.column_attrs}
        closing = s.scalars(select(Closing)).one()
        party = s.scalars(select(Party)).one()
        made = [
            audit_core.inserted(s, Closing, complete(Closing, {
                a.key: getattr(closing, a.key) for a in Closing.__mapper__.column_attrs})),
            audit_core.inserted(s, Party, {a.key: getattr(party, a.key)
                                      for a in Party.__mapper__.column_attrs}),
            audit_core.updated(s, Case, registered, closed),
        ]  # fmt: skip
        assert audit_core.updated(s, Case, closed, dict(closed)) is None
    recorded = recorded_changes(sessions, start)
    for change in made:
        assert change is not None
        match = next(
            e for e in recorded
            if (e.action, e.entity, e.entity_id) == (change.action, change.entity, change.entity_id)
        )  # fmt: skip
        written = json.loads(canonical(change.after))  # as the record writes it
        want = {k: v for k, v in written.items() if not k.endswith("_at")}
        got = {k: v for k, v in match.after.items() if not k.endswith("_at")}
        assert got == want and match.before == change.before
        assert match.case_id == change.case_id
    assert recorded[-1].after == {"closed_on": "2026-03-09", "status": "closed"}


def test_an_insert_is_recorded_once_without_what_the_entry_says(sessions) -> None:
    start = last_seq(sessions)
    with sessions.begin() as s:
        audit.acting_as(s, 7)
        case_id = make_case(s).id
    new = [e for e in entries(sessions) if e.seq > start]
    case = next(
        c for c in recorded_changes(sessions, start) if c.entity == "cases" and c.action == "insert"
    )
    values = case.after
    assert "id" not in values and case.entity_id == str(case_id) and case.before == {}
    text_ = stored_after(new[0].after, new[0].packed)
    assert values["number"].endswith("号") and ": " not in text_ and "\\u" not in text_
    assert all(e.prev_hash == "" for e in new)
    assert audit.insert_state(Case, values, case.entity_id, case.case_id)["id"] == case_id
    assert verify(sessions).ok
