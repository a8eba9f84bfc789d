"""Another program's SQLite file is refused without one byte of it changing.

Opening a file the usual way sets ``journal_mode=WAL`` (header bytes 18–19 become
02 02) and so bumps the change counter (bytes 24–27): the file is looked at on a
read-only connection first, and only our own files get that far. Checked through
the store, through every command a scheduled job runs (``main.py`` in a subprocess)
and, in tests/gui/test_app.py, through the window.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from model.storage.engine import ForeignDatabaseError
from model.storage.store import open_store

ROOT = Path(__file__).resolve().parents[3]


def foreign_file(folder: Path, kind: str) -> Path:
    """Another program's database, in SQLite's default (rollback journal) mode."""
    path = folder / f"{kind}.sqlite"
    connection = sqlite3.connect(path)
    if kind == "own-id":
        connection.execute("PRAGMA application_id = 1234")
    if kind == "version-table":  # a table name many programs use, but none of ours
        connection.execute("CREATE TABLE schema_version (version INTEGER)")
        connection.execute("INSERT INTO schema_version VALUES (3)")
    connection.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT)")
    connection.executemany("INSERT INTO accounts (name) VALUES (?)", [("甲",), ("乙",)])
    connection.commit()
    connection.close()
    return path


def assert_untouched(path: Path, before: bytes) -> None:
    after = path.read_bytes()
    assert after[18:20] == before[18:20] == b"\x01\x01"  # still the rollback journal
    assert after[24:28] == before[24:28]  # the change counter
    assert after == before
    for suffix in ("-wal", "-shm", "-journal", ".lock"):
        assert not path.with_name(path.name + suffix).exists(), suffix


KINDS = ["own-id", "no-id", "version-table"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("read_only", [False, True])
def test_the_store_refuses_a_foreign_file_untouched(
    tmp_path: Path, kind: str, read_only: bool
) -> None:
    path = foreign_file(tmp_path, kind)
    before = path.read_bytes()
    with pytest.raises(ForeignDatabaseError, match=r"不是本程序创建的.*未作任何改动"):
        open_store(path, read_only=read_only)
    assert_untouched(path, before)


COMMANDS = [
    ["check"],
    ["audit-verify"],
    ["export-cases", "{out}.xlsx"],
    ["weekly-report", "{out}.xlsx", "--week", "2026-03-02"],
    ["backup", "{out}.sqlite"],
    ["import-cases", "{ledger}"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
def test_every_command_refuses_a_foreign_file_untouched(tmp_path: Path, command: list[str]) -> None:
    from model.ledger.template import write_ledger_template

    path = foreign_file(tmp_path, "own-id")
    ledger = tmp_path / "台账.xlsx"
    write_ledger_template(ledger)
    before = path.read_bytes()
    args = [part.format(out=tmp_path / "out", ledger=ledger) for part in command]
    result = subprocess.run(
        [sys.executable, "main.py", *args, "--db", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "不是本程序" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert_untouched(path, before)
    assert not list(tmp_path.glob("out*"))
