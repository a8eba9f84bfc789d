"""The `backup` and `check` commands, run as the command line runs them."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from model.commands import run_command
from model.storage.backup import verify_backup
from model.storage.maintenance import check_database
from model.storage.store import Store, open_store
from tests.factories import make_case

ROOT = Path(__file__).resolve().parents[3]


def add_cases(store: Store, count: int) -> None:
    with store.sessions.begin() as session:
        for _ in range(count):
            make_case(session)


def damage(path: Path) -> None:
    """Overwrite bytes in the middle of a real database file (a torn write, a bad sector)."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xde\xad\xbe\xef" * 1024)


def big_closed_database(tmp_path: Path, cases: int = 300) -> Path:
    path = tmp_path / "cases.sqlite"
    store = open_store(path)
    add_cases(store, cases)
    store.close()  # checkpoints the WAL into the file
    return path


@pytest.mark.sqlite_only
def test_backup_command_writes_a_verified_copy(store: Store, tmp_path: Path, capsys) -> None:
    add_cases(store, 2)
    out = tmp_path / "u盘" / "备份.sqlite"
    out.parent.mkdir()
    assert run_command(["backup", str(out), "--db", str(store.path)]) == 0
    assert "备份完成" in capsys.readouterr().out
    assert verify_backup(out) == 2


@pytest.mark.sqlite_only
def test_backup_command_explains_failures(store: Store, tmp_path: Path, capsys) -> None:
    assert run_command(["backup", str(tmp_path / "nope" / "b.sqlite"), "--db", str(store.path)])
    assert "不存在" in capsys.readouterr().err
    assert run_command(["backup", str(store.path), "--db", str(store.path)]) == 1
    assert "同一个文件" in capsys.readouterr().err
    assert run_command(["backup", str(tmp_path / "b.sqlite"), "--db", str(tmp_path / "x")]) == 1
    assert "不存在" in capsys.readouterr().err


@pytest.mark.sqlite_only
def test_check_passes_a_sound_database(store: Store, capsys) -> None:
    add_cases(store, 2)
    assert run_command(["check", "--db", str(store.path)]) == 0
    assert "数据库完好：共 2 件案件" in capsys.readouterr().out


def test_check_reports_a_damaged_file(tmp_path: Path, capsys) -> None:
    path = big_closed_database(tmp_path)
    damage(path)
    assert run_command(["check", "--db", str(path)]) == 1
    out = capsys.readouterr().out
    assert "检查发现问题" in out and "从最近的完好备份恢复" in out


def test_check_reports_broken_foreign_keys(tmp_path: Path) -> None:
    path = big_closed_database(tmp_path, cases=1)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("UPDATE cases SET judge_id = 9999")
    report = check_database(path)
    assert not report.sound
    assert any("外键" in finding and "cases" in finding for finding in report.findings)


def test_check_reports_a_foreign_file(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE accounts (id INTEGER)")
    assert check_database(path).findings == ["文件缺少本程序的数据表，不是本程序的数据库"]


@pytest.mark.parametrize("command", ["backup", "check"])
def test_commands_through_main_py(tmp_path: Path, command: str) -> None:
    path = big_closed_database(tmp_path, cases=1)
    args = [sys.executable, "main.py", command]
    if command == "backup":
        args.append(str(tmp_path / "out.sqlite"))
    result = subprocess.run(
        [*args, "--db", str(path)], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "1 件案件" in result.stdout
