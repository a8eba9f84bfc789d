"""Schema versions: new files are stamped, old files are carried forward, newer ones refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Connection, inspect, text

from model.errors import DatabaseOpenError
from model.storage.engine import make_engine
from model.storage.schema import MIGRATIONS, current_version, latest_version, upgrade
from model.storage.store import open_store


def test_new_database_is_stamped_with_the_latest_version(store) -> None:
    with store.engine.connect() as connection:
        assert current_version(connection) == latest_version()


def test_the_open_case_index_keeps_its_condition_on_either_database(store) -> None:
    """Only the open cases: on PostgreSQL the condition is given when its engine is made
    (declared with the index, it made every start import PostgreSQL's dialect)."""
    with store.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            query = (
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_cases_open_urgency'"
                " AND schemaname = current_schema()"
            )
        else:
            query = "SELECT sql FROM sqlite_master WHERE name = 'ix_cases_open_urgency'"
        definition = connection.execute(text(query)).scalar_one()
    assert "WHERE" in definition.upper() and "pending" in definition, definition


def test_migrations_run_in_order_and_keep_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    open_store(path).close()
    engine = make_engine(path)
    ran: list[int] = []

    def add_notes(connection: Connection) -> None:
        ran.append(2)
        connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))

    def fill_notes(connection: Connection) -> None:
        ran.append(3)
        connection.execute(text("INSERT INTO notes (body) VALUES ('迁移后的数据')"))

    try:
        assert upgrade(engine, [*MIGRATIONS, add_notes]) is False
        assert upgrade(engine, [*MIGRATIONS, add_notes, fill_notes]) is False
        assert upgrade(engine, [*MIGRATIONS, add_notes, fill_notes]) is False  # nothing left
        with engine.connect() as connection:
            assert current_version(connection) == latest_version() + 2
            assert connection.execute(text("SELECT body FROM notes")).scalar() == "迁移后的数据"
            assert connection.execute(text("SELECT COUNT(*) FROM persons")).scalar() == 10
        assert ran == [2, 3]
    finally:
        engine.dispose()


def test_a_failed_migration_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    open_store(path).close()
    engine = make_engine(path)

    def broken(connection: Connection) -> None:
        connection.execute(text("CREATE TABLE half_done (id INTEGER)"))
        raise RuntimeError("power cut")

    try:
        with pytest.raises(RuntimeError):
            upgrade(engine, [*MIGRATIONS, broken])
        with engine.connect() as connection:
            assert current_version(connection) == latest_version()
            assert not inspect(connection).has_table("half_done")
    finally:
        engine.dispose()


def test_a_database_from_a_newer_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    open_store(path).close()
    engine = make_engine(path)
    with engine.begin() as connection:
        connection.execute(text("UPDATE schema_version SET version = 99"))
    engine.dispose()
    with pytest.raises(DatabaseOpenError, match="较新版本"):
        open_store(path)


# --- real files made by each earlier schema version, kept under tests/model/data ---------

OLD_FILES = sorted((Path(__file__).parent.parent / "data").glob("schema_v*.sqlite"))


@pytest.mark.parametrize("old_file", OLD_FILES, ids=lambda path: path.stem)
def test_each_earlier_version_opens_with_nothing_lost(old_file: Path, tmp_path: Path) -> None:
    import shutil
    import sqlite3

    copy = tmp_path / "cases.sqlite"
    shutil.copyfile(old_file, copy)  # a test fixture, not a live database
    with sqlite3.connect(old_file) as before:
        tables = [
            row[0] for row in before.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        counts = {t: before.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        numbers = [row[0] for row in before.execute("SELECT number FROM cases ORDER BY id")]
    store = open_store(copy)
    try:
        with store.engine.connect() as connection:
            assert current_version(connection) == latest_version()
            for table, count in counts.items():
                if table != "schema_version":
                    after = connection.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar()
                    assert after >= count, table
            after_numbers = connection.execute(text("SELECT number FROM cases ORDER BY id"))
            assert [row[0] for row in after_numbers] == numbers
            indexes = {
                row[0]
                for row in connection.execute(
                    text("SELECT name FROM sqlite_master WHERE type = 'index'")
                )
            }
            # every index the program declares, the expression ones of version 5 included
            assert {"ix_cases_due", "ix_cases_urgency", "ix_cases_open_urgency"} <= indexes
            # version 6: every case has its clock over time, and its last span is today's clock
            last_spans = connection.execute(
                text(
                    "SELECT c.status, s.status, c.due_date, s.due_date, c.statutory_due_date,"
                    " s.statutory_due_date, c.team_id, s.team_id FROM cases c"
                    " JOIN clock_spans s ON s.case_id = c.id AND s.ends IS NULL"
                )
            ).all()
            assert len(last_spans) == 25
            for row in last_spans:
                assert row[0] == row[1] and row[6] == row[7], row
                # (a closed case's span counts only extensions approved by its closing day:
                # case 13 of the v2 file has one approved two months after it closed)
                if row[0] == "pending":
                    assert (row[2], row[4]) == (row[3], row[5]), row
            assert "ix_cases_closing_method" in indexes  # version 9
            tables_now = {
                row[0]
                for row in connection.execute(
                    text("SELECT name FROM sqlite_master WHERE type = 'table'")
                )
            }
            assert "property_checks" in tables_now  # version 9
            assert "payments" in tables_now and "ix_payments_received" in indexes  # version 10
            assert "criteria_versions" in tables_now  # version 11
            decided = connection.execute(
                text("SELECT COUNT(*) FROM triage_decisions WHERE criteria_version_id IS NULL")
            )
            assert decided.scalar() == 0
            # version 12: the search index, filled from the cases already there
            assert "case_search" in tables_now
            matched = connection.execute(
                text("SELECT COUNT(*) FROM case_search WHERE case_search MATCH '\"吉0605\"'")
            )
            like = connection.execute(
                text("SELECT COUNT(*) FROM cases WHERE number LIKE '%吉0605%'")
            ).scalar()
            assert matched.scalar() == like and like >= 24
            connection.execute(
                text("INSERT INTO case_search (case_search, rank) VALUES ('integrity-check', 1)")
            )
    finally:
        store.close()
    assert counts["cases"] == 25


def test_the_last_steps_are_appended_after_every_shipped_one() -> None:
    from model.storage.schema import (
        add_packed_audit_entries,
        add_payments,
        add_property_checks,
        add_search_index,
        end_search_texts,
        store_criteria_versions,
    )

    assert latest_version() == 14
    # 8 → 9, 9 → 10, 10 → 11, 11 → 12, 12 → 13, then 13 → 14
    assert MIGRATIONS[-6:] == [
        add_property_checks,
        add_payments,
        store_criteria_versions,
        add_search_index,
        add_packed_audit_entries,
        end_search_texts,
    ]


def test_the_oldest_kept_file_is_version_1() -> None:
    assert OLD_FILES and OLD_FILES[0].name == "schema_v1.sqlite"


def test_the_version_1_file_upgrades_and_then_logins_and_the_audit_record_work(
    tmp_path: Path,
) -> None:
    import shutil

    from model.access.audit_chain import verify
    from model.access.permissions import Action, may
    from model.access.users import login, needs_first_start, set_up_chief
    from model.roster.edits import add_person

    copy = tmp_path / "cases.sqlite"
    shutil.copyfile(OLD_FILES[0], copy)  # schema_v1.sqlite: no users, no audit_entries
    store = open_store(copy)
    try:
        with store.engine.connect() as connection:
            assert inspect(connection).has_table("users")
            assert connection.execute(text("SELECT COUNT(*) FROM audit_entries")).scalar() == 0
        assert needs_first_start(store.sessions)
        chief = set_up_chief(store.sessions, "局长的密码123", "局长的密码123")
        assert login(store.sessions, "王爱军", "局长的密码123").person_id == chief
        assert may(store.sessions, chief, Action.EDIT_ROSTER)
        add_person(store.sessions, "新书记员", "clerk", actor_id=chief)
        report = verify(store.sessions)
        assert report.ok and report.count >= 2  # the login and the new person
    finally:
        store.close()


def test_the_version_2_file_keeps_its_logins_and_an_intact_audit_record(tmp_path: Path) -> None:
    import shutil

    from model.access.audit_chain import verify
    from model.access.users import login

    copy = tmp_path / "cases.sqlite"
    shutil.copyfile(OLD_FILES[1], copy)  # schema_v2.sqlite: the chief's login, 600+ entries
    store = open_store(copy)
    try:
        assert login(store.sessions, "王爱军", "局长的密码123").person_id is not None
        report = verify(store.sessions)
        assert report.ok and report.count > 600
    finally:
        store.close()


def test_version_6_carries_non_litigation_forward_as_a_kind(tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "cases.sqlite"
    shutil.copyfile(OLD_FILES[1], copy)  # schema_v2.sqlite: one case ticked 非诉 of 25
    store = open_store(copy)
    try:
        with store.engine.connect() as connection:
            kinds = dict(
                connection.execute(text("SELECT basis_kind, COUNT(*) FROM cases GROUP BY 1")).all()
            )
            assert kinds == {"行政机关决定": 1, "其他": 24}
            flagged = connection.execute(
                text("SELECT basis_kind FROM cases WHERE non_litigation")
            ).scalar_one()
            assert flagged == "行政机关决定"
            listed = connection.execute(
                text("SELECT name FROM basis_kinds WHERE non_litigation ORDER BY ordinal")
            ).all()
            assert [row[0] for row in listed] == ["仲裁裁决书", "公证债权文书", "行政机关决定"]
    finally:
        store.close()
