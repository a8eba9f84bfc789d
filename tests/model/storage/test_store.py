"""Opening databases: first-run seeding, reopening, and files that cannot be used."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from model.entities import Case, Criterion, Holiday, HolidayYear, Person, Team
from model.errors import DatabaseOpenError
from model.storage.paths import default_database_path
from model.storage.store import open_store


def test_new_database_is_created_and_seeded(tmp_path: Path) -> None:
    store = open_store(tmp_path / "new.sqlite")
    try:
        assert store.created
        with store.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Person)) == 10
            assert session.scalar(select(func.count()).select_from(Team)) == 2
            assert session.scalar(select(func.count()).select_from(Criterion)) == 15
            assert session.scalar(select(func.count()).select_from(Case)) == 0
            assert 2026 in session.scalars(select(HolidayYear.year)).all()
            national_day = session.get(Holiday, __import__("datetime").date(2026, 10, 1))
            assert national_day is not None and not national_day.is_workday
    finally:
        store.close()


def test_reopening_keeps_data_and_does_not_seed_twice(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    open_store(path).close()
    again = open_store(path)
    try:
        assert not again.created
        with again.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Person)) == 10
    finally:
        again.close()


@pytest.mark.sqlite_only
def test_connections_are_configured_for_safety(store) -> None:
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_missing_folder_is_explained(tmp_path: Path) -> None:
    with pytest.raises(DatabaseOpenError, match=r"文件夹.*不存在"):
        open_store(tmp_path / "no-such-folder" / "cases.sqlite")


def test_a_file_that_is_not_a_database_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"this is a letter, not a database\n" * 200)
    with pytest.raises(DatabaseOpenError, match="不是有效的数据库"):
        open_store(path)
    assert path.read_bytes().startswith(b"this is a letter")


def test_a_foreign_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE accounts (id INTEGER)")
    with pytest.raises(DatabaseOpenError, match="不是本程序创建的"):
        open_store(path)
    with sqlite3.connect(path) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master")]
    assert tables == ["accounts"]


def test_no_permission_is_explained(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "locked.sqlite"
    open_store(path).close()
    # Tests may run as root, whom file modes do not stop: ask the same question os.access answers.
    monkeypatch.setattr(os, "access", lambda _path, _mode: False)
    with pytest.raises(DatabaseOpenError, match="权限"):
        open_store(path)


def test_a_folder_given_as_database_is_explained(tmp_path: Path) -> None:
    with pytest.raises(DatabaseOpenError, match="文件夹"):
        open_store(tmp_path)


def test_default_database_is_in_the_users_data_folder(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr("sys.platform", "linux")
    assert default_database_path() == tmp_path / "zhixing-tuandui" / "cases.sqlite"
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    monkeypatch.setattr("sys.platform", "win32")
    assert default_database_path() == tmp_path / "Local" / "zhixing-tuandui" / "cases.sqlite"


# --- data safety: damaged, foreign and newer files; read-only stores --------------------


def _closed_database(tmp_path: Path, cases: int = 200) -> Path:
    from tests.factories import make_case

    path = tmp_path / "cases.sqlite"
    store = open_store(path)
    with store.sessions.begin() as session:
        for _ in range(cases):
            make_case(session)
    store.close()
    return path


@pytest.mark.sqlite_only
def test_new_database_carries_our_application_id(store) -> None:
    from model.storage.engine import APPLICATION_ID

    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID


def test_a_database_made_before_the_application_id_is_stamped(tmp_path: Path) -> None:
    from model.storage.engine import APPLICATION_ID

    path = _closed_database(tmp_path, cases=1)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA application_id = 0")
    open_store(path).close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_a_damaged_file_is_refused_with_an_offer_to_restore(tmp_path: Path) -> None:
    from model.storage.engine import DamagedDatabaseError

    path = _closed_database(tmp_path)
    size = path.stat().st_size
    with path.open("r+b") as handle:  # a torn write in the middle of the file
        handle.seek(size // 2)
        handle.write(b"\xff" * 4096)
    before = path.read_bytes()
    with pytest.raises(DamagedDatabaseError, match=r"已经损坏.*备份恢复") as raised:
        open_store(path)
    assert raised.value.offer_restore
    assert path.read_bytes() == before  # refused untouched
    assert not (tmp_path / "cases.sqlite.lock").exists()


def test_another_programs_database_with_its_own_id_is_refused(tmp_path: Path) -> None:
    from model.storage.engine import ForeignDatabaseError

    path = _closed_database(tmp_path, cases=1)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA application_id = 1234")
    with pytest.raises(ForeignDatabaseError, match="不是本程序创建的"):
        open_store(path)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == 1234


def test_a_newer_database_is_refused_not_downgraded(tmp_path: Path) -> None:
    from model.storage.engine import NewerDatabaseError

    path = _closed_database(tmp_path, cases=1)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(NewerDatabaseError, match=r"较新版本.*不会降级"):
        open_store(path)
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version FROM schema_version").fetchone()[0] == 99


def test_a_read_only_store_reads_but_refuses_writes_in_chinese(tmp_path: Path) -> None:
    from model.storage.engine import ReadOnlyStoreError
    from tests.factories import make_case

    path = _closed_database(tmp_path, cases=2)
    reader = open_store(path, read_only=True)
    try:
        assert reader.read_only and reader.lock is None
        with reader.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Case)) == 2
        with pytest.raises(ReadOnlyStoreError, match="只读"), reader.sessions.begin() as session:
            make_case(session)
        with pytest.raises(ReadOnlyStoreError), reader.engine.begin() as connection:
            connection.execute(text("DELETE FROM cases"))
        with reader.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Case)) == 2
    finally:
        reader.close()


def test_an_upgrade_is_preceded_by_a_backup(tmp_path: Path, monkeypatch) -> None:
    from model.storage import schema
    from model.storage.backup import list_backups

    path = _closed_database(tmp_path, cases=3)
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, lambda connection: None])
    open_store(path).close()
    backups = list_backups(path)
    assert [(b.kind_label, b.cases) for b in backups] == [("升级前", 3)]
