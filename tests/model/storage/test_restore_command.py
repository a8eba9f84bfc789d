"""The restore drill from the command line: ``main.py restore BACKUP.sqlite [--db PATH]``.

The window's restore (数据 → 备份与恢复) through the same service: the backup is checked
(integrity, ours, not newer) before anything is replaced, the current file is backed up
into ``backups`` first, the lock keeps the window out meanwhile, refusals are Chinese.
Run as a scheduled drill runs it: ``main.py`` in a subprocess.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from model.storage.backup import list_backups, write_backup
from model.storage.lock import lock_path_for
from model.storage.store import open_store
from tests.factories import make_case
from tests.model.storage.test_foreign_file import assert_untouched, foreign_file

pytestmark = pytest.mark.sqlite_only
ROOT = Path(__file__).resolve().parents[3]


def restore(backup: Path | str, db: Path | str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", "restore", str(backup), "--db", str(db), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def cases_in(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT COUNT(*) FROM cases").fetchone()[0]


def add_cases(path: Path, count: int) -> None:
    store = open_store(path)
    with store.sessions.begin() as session:
        for _ in range(count):
            make_case(session)
    store.close()


@pytest.fixture
def drill(tmp_path: Path) -> tuple[Path, Path]:
    """A database of 5 cases and a backup of it taken when it had 3."""
    database = tmp_path / "cases.sqlite"
    add_cases(database, 3)
    (tmp_path / "u盘").mkdir()
    backup = tmp_path / "u盘" / "备份.sqlite"
    write_backup(database, backup)
    add_cases(database, 2)
    return database, backup


def test_restore_replaces_the_database_after_backing_it_up(drill: tuple[Path, Path]) -> None:
    database, backup = drill
    result = restore(backup, database)
    assert result.returncode == 0, result.stderr
    assert "已从备份" in result.stdout and "共 3 件案件" in result.stdout
    assert cases_in(database) == 3
    [kept] = [info for info in list_backups(database) if info.kind == "restore"]
    assert kept.cases == 5 and str(kept.path) in result.stdout  # nothing was lost
    assert not lock_path_for(database).exists()
    store = open_store(database)  # and it opens for work
    store.close()


def test_restore_into_a_lost_database_creates_it_and_says_so(
    drill: tuple[Path, Path], tmp_path: Path
) -> None:
    _database, backup = drill
    lost = tmp_path / "新电脑" / "cases.sqlite"
    lost.parent.mkdir()
    result = restore(backup, lost)
    assert result.returncode == 0, result.stderr
    assert f"已新建数据库 {lost}" in result.stdout and cases_in(lost) == 3


def refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith("错误：") and "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr


def test_a_damaged_backup_is_refused_before_anything_changes(
    drill: tuple[Path, Path], tmp_path: Path
) -> None:
    database, backup = drill
    before = database.read_bytes()
    data = bytearray(backup.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\xff" * 4096
    damaged = tmp_path / "坏备份.sqlite"
    damaged.write_bytes(bytes(data))
    refused(restore(damaged, database), "坏备份.sqlite", "损坏", "请选择另一份备份")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database" * 1000)
    refused(restore(junk, database), "不是有效的数据库")
    assert database.read_bytes() == before
    assert list_backups(database) == []  # not even the backup of the current file was made


def test_a_foreign_or_newer_backup_is_refused(drill: tuple[Path, Path], tmp_path: Path) -> None:
    database, backup = drill
    before = database.read_bytes()
    refused(restore(foreign_file(tmp_path, "own-id"), database), "不是本程序创建的")
    newer = tmp_path / "newer.sqlite"
    newer.write_bytes(backup.read_bytes())
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE schema_version SET version = 99")
    refused(restore(newer, database), "较新版本")
    refused(restore(tmp_path / "没有这个文件.sqlite", database), "不存在")
    refused(restore(database, database), "数据库本身")
    assert database.read_bytes() == before


def test_a_foreign_database_is_never_replaced(drill: tuple[Path, Path], tmp_path: Path) -> None:
    _database, backup = drill
    other = foreign_file(tmp_path, "no-id")
    before = other.read_bytes()
    refused(restore(backup, other), "不是本程序的数据库", "不会覆盖")
    assert_untouched(other, before)


def test_restore_waits_for_the_window_to_close(drill: tuple[Path, Path]) -> None:
    database, backup = drill
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from model.storage.store import open_store; s = open_store(sys.argv[1]);"
            " print('ready', flush=True); sys.stdin.readline(); s.close()",
            str(database),
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        refused(restore(backup, database), "仍在运行", "关闭程序后再运行")
        assert cases_in(database) == 5
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=60)
        holder.stdin.close()
        holder.stdout.close()


def test_a_server_database_is_pointed_to_pg_restore(drill: tuple[Path, Path]) -> None:
    _database, backup = drill
    refused(restore(backup, "postgresql://zhixing@127.0.0.1:1/zhixing"), "pg_restore")
