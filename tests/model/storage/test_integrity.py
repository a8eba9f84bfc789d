"""The integrity check: small files before opening, large ones on their own connection."""

from __future__ import annotations

from pathlib import Path

import pytest

from model.storage import integrity
from model.storage.integrity import check_at_open, check_file
from model.storage.store import open_store

pytestmark = pytest.mark.sqlite_only


def closed_database(tmp_path: Path) -> Path:
    from tests.factories import make_case

    path = tmp_path / "cases.sqlite"
    store = open_store(path)
    with store.sessions.begin() as session:
        for _ in range(200):
            make_case(session)
    store.close()
    return path


def tear(path: Path) -> None:
    """A torn write in the middle of the cases' history (a table opening does not read)."""
    import sqlite3

    with sqlite3.connect(path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        pages = [
            p
            for (p,) in connection.execute(
                "SELECT pageno FROM dbstat WHERE name = 'history' AND pagetype = 'leaf' ORDER BY 1"
            )
        ]
    connection.close()
    with path.open("r+b") as handle:
        handle.seek((pages[len(pages) // 2] - 1) * page_size)
        handle.write(b"\xff" * page_size)


def test_small_new_and_server_databases_are_checked_at_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = closed_database(tmp_path)
    assert check_at_open(path) and check_at_open(None) and check_at_open(tmp_path / "new.db")
    monkeypatch.setattr(integrity, "CHECK_AT_OPEN_BYTES", path.stat().st_size - 1)
    assert not check_at_open(path)  # large: opened at once, checked afterwards


def test_check_file_finds_a_sound_file_and_a_torn_one(tmp_path: Path) -> None:
    path = closed_database(tmp_path)
    assert check_file(path) == ["ok"]
    tear(path)
    before = path.read_bytes()
    findings = check_file(path)
    assert findings != ["ok"] and findings
    assert path.read_bytes() == before  # read only


def test_open_without_the_check_opens_a_torn_file(tmp_path: Path) -> None:
    """The caller that skips the check must run it (the window does, in the background)."""
    path = closed_database(tmp_path)
    tear(path)
    store = open_store(path, check=False, use_lock=False)
    store.close()
