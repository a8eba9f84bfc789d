"""Schema version 11: criteria texts stored once per wording, JSON compact, the record intact."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from model.access.audit_chain import verify
from model.access.audit_rows import verify_rows
from model.cases.intake import IntakeRequest, TriageRequest, save_intake
from model.cases.retriage import load_case
from model.entities import CriteriaVersion, Criterion, TriageDecision
from model.storage.schema import upgrade
from model.storage.store import Store, open_store
from tests.model.cases.test_intake import TODAY, draft

DATA = Path(__file__).parent.parent / "data"
V2_FILE = DATA / "schema_v2.sqlite"


@pytest.mark.parametrize("name", ["schema_v1.sqlite", "schema_v2.sqlite"])
def test_an_old_file_passes_audit_verify_after_every_step(name: str, tmp_path: Path) -> None:
    """v1 (no record yet) and v2 (600+ entries) through version 11 (criteria) to the latest."""
    from argparse import Namespace

    from model.storage.maintenance import audit_verify_command
    from model.storage.schema import latest_version

    copy = tmp_path / "cases.sqlite"
    shutil.copyfile(DATA / name, copy)  # a test fixture, not a live database
    open_store(copy).close()  # the upgrade: 1 or 2 → … → 10 → 11 → 12
    with sqlite3.connect(copy) as after:
        version = after.execute("SELECT version FROM schema_version").fetchone()[0]
        assert version == latest_version() >= 11
        missing = "SELECT COUNT(*) FROM triage_decisions WHERE criteria_version_id IS NULL"
        assert after.execute(missing).fetchone()[0] == 0
    assert audit_verify_command(Namespace(db=copy)) == 0


def test_the_version_2_file_keeps_each_decisions_texts_and_its_record(tmp_path: Path) -> None:
    copy = tmp_path / "cases.sqlite"
    shutil.copyfile(V2_FILE, copy)  # a test fixture, not a live database
    with sqlite3.connect(V2_FILE) as before:
        seen = {
            case_id: json.loads(texts)
            for case_id, texts in before.execute(
                "SELECT case_id, criteria_texts FROM triage_decisions ORDER BY id"
            )
        }
        spellings = before.execute(
            "SELECT COUNT(DISTINCT criteria_texts) FROM triage_decisions"
        ).fetchone()[0]
    store = open_store(copy)
    try:
        for case_id, texts in seen.items():
            assert load_case(store.sessions, case_id).decisions[-1].criteria_texts == texts
        with store.sessions() as s:
            versions = s.scalar(select(func.count()).select_from(CriteriaVersion))
            assert 1 <= versions <= spellings
            stored = s.execute(text("SELECT CAST(ticked AS TEXT) FROM triage_decisions")).scalars()
            assert all(", " not in spelling for spelling in stored)  # compact from now on
            columns = s.execute(text("PRAGMA table_info(triage_decisions)")).all()
            assert "criteria_texts" not in {row[1] for row in columns}
        report = verify(store.sessions)  # the entries written before keep verifying as such
        assert report.ok and report.count > 600, report.message
        assert verify_rows(store.sessions) == []  # their copies agree with the versions
    finally:
        store.close()


def _as_version_10(store: Store) -> None:
    """Give the decisions their own copies again, as version 10 wrote them."""
    with store.engine.begin() as connection:
        postgres = connection.dialect.name == "postgresql"
        kind = "JSON" if postgres else "TEXT"
        connection.execute(text(f"ALTER TABLE triage_decisions ADD COLUMN criteria_texts {kind}"))
        texts = dict(
            connection.execute(text("SELECT id, CAST(texts AS TEXT) FROM criteria_versions")).all()
        )
        for decision, version in connection.execute(
            text("SELECT id, criteria_version_id FROM triage_decisions")
        ).all():
            spelling = json.dumps(json.loads(texts[version]))  # \\uXXXX and spaces, as before
            connection.execute(
                text(
                    "UPDATE triage_decisions SET criteria_texts = "
                    f"{'CAST(:t AS JSON)' if postgres else ':t'}, criteria_version_id = NULL "
                    "WHERE id = :id"
                ),
                {"t": spelling, "id": decision},
            )
        connection.execute(text("DELETE FROM criteria_versions"))
        connection.execute(text("UPDATE schema_version SET version = 10"))


def test_a_version_10_database_is_carried_forward(store: Store) -> None:
    sessions = store.sessions
    first = save_intake(sessions, IntakeRequest(draft(), TriageRequest(("S2",))), None, TODAY)
    with sessions.begin() as s:
        s.get(Criterion, "S2").text = "新的表述"  # type: ignore[union-attr]
    second = save_intake(
        sessions,
        IntakeRequest(draft("(2026)吉0605执2号"), TriageRequest(("S2",))),
        None,
        TODAY,
    )
    wanted = {c: load_case(sessions, c).decisions[0].criteria_texts for c in (first, second)}
    _as_version_10(store)
    upgrade(store.engine)
    for case_id, texts in wanted.items():
        assert load_case(sessions, case_id).decisions[0].criteria_texts == texts
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(CriteriaVersion)) == 2
        assert (
            s.scalar(select(func.count()).where(TriageDecision.criteria_version_id.is_(None))) == 0
        )
        assert (
            "\\u"
            not in s.execute(text("SELECT CAST(texts AS TEXT) FROM criteria_versions"))
            .scalars()
            .first()
        )
    assert verify(sessions).ok


def test_json_columns_are_written_compact_and_as_utf8(store: Store) -> None:
    save_intake(store.sessions, IntakeRequest(draft(), TriageRequest(("S2", "S5"))), None, TODAY)
    with store.sessions() as s:
        texts = s.execute(text("SELECT CAST(texts AS TEXT) FROM criteria_versions")).scalar_one()
        ticked = s.execute(text("SELECT CAST(ticked AS TEXT) FROM triage_decisions")).scalar_one()
    assert "没有查询到" in texts and "\\u" not in texts and '", "' not in texts
    assert ticked == '["S2","S5"]'
