"""Two copies of the program: the lock file, who holds it, read-only, stale locks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from model.entities import Case
from model.storage.lock import (
    DatabaseLockedError,
    LockHolder,
    acquire_lock,
    computer_name,
    is_stale,
    lock_path_for,
    process_alive,
    read_holder,
)
from model.storage.store import open_store
from tests.factories import make_case

ROOT = Path(__file__).resolve().parents[3]
HOLDER = textwrap.dedent(
    """
    import sys
    from model.storage.store import open_store
    store = open_store(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.readline()   # hold the database until the test says stop
    store.close()
    print("closed", flush=True)
    """
)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "cases.sqlite"
    store = open_store(path)
    with store.sessions.begin() as session:
        make_case(session)
    store.close()
    return path


@pytest.fixture
def other_copy(database: Path) -> Iterator[subprocess.Popen[str]]:
    """Another copy of the program, in its own process, holding the database open."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(database)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    yield process
    if process.poll() is None:
        process.kill()
    process.wait(timeout=30)
    for stream in (process.stdin, process.stdout):
        if stream is not None:
            stream.close()


def test_the_lock_file_says_who_holds_the_database(database: Path, other_copy) -> None:
    holder = read_holder(lock_path_for(database))
    assert holder is not None
    assert holder.pid == other_copy.pid and holder.computer == computer_name()
    assert json.loads(lock_path_for(database).read_text(encoding="utf-8"))["user"]


def test_a_second_copy_is_told_who_has_it(database: Path, other_copy) -> None:
    with pytest.raises(DatabaseLockedError) as raised:
        open_store(database)
    error = raised.value
    assert not error.stale and error.holder.pid == other_copy.pid
    assert computer_name() in error.message and "只读" in error.message
    assert lock_path_for(database).exists()


def test_the_second_copy_can_read_but_not_write(database: Path, other_copy) -> None:
    from model.storage.engine import ReadOnlyStoreError

    reader = open_store(database, read_only=True)
    try:
        with reader.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Case)) == 1
        with pytest.raises(ReadOnlyStoreError), reader.sessions.begin() as session:
            make_case(session)
    finally:
        reader.close()
    assert read_holder(lock_path_for(database)).pid == other_copy.pid  # untouched


def test_closing_the_other_copy_frees_the_database(database: Path, other_copy) -> None:
    other_copy.stdin.write("stop\n")
    other_copy.stdin.flush()
    assert other_copy.stdout.readline().strip() == "closed"
    assert other_copy.wait(timeout=30) == 0
    assert not lock_path_for(database).exists()
    open_store(database).close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_crashed_copy_leaves_a_stale_lock_that_can_be_taken_over(
    database: Path, other_copy
) -> None:
    os.kill(other_copy.pid, signal.SIGKILL)
    other_copy.wait(timeout=30)
    with pytest.raises(DatabaseLockedError) as raised:
        open_store(database)
    assert raised.value.stale and "已不在运行" in raised.value.message
    store = open_store(database, take_over_lock=True)
    try:
        assert read_holder(lock_path_for(database)).pid == os.getpid()
        with store.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Case)) == 1
    finally:
        store.close()
    assert not lock_path_for(database).exists()


def test_a_live_lock_is_never_taken_over(database: Path, other_copy) -> None:
    with pytest.raises(DatabaseLockedError):
        open_store(database, take_over_lock=True)
    assert read_holder(lock_path_for(database)).pid == other_copy.pid


def test_a_lock_from_another_computer_is_never_called_stale() -> None:
    holder = LockHolder("执行局-PC07", "张三", 999999, "2026-03-02T08:00:00")
    assert not is_stale(holder)
    assert is_stale(LockHolder(computer_name(), "张三", 999999999, "2026-03-02T08:00:00"))
    assert is_stale(None)  # unreadable: its writer died mid-write


def test_half_written_lock_file_is_stale(tmp_path: Path) -> None:
    database = tmp_path / "cases.sqlite"
    lock_path_for(database).write_text('{"computer": "PC', encoding="utf-8")
    with pytest.raises(DatabaseLockedError) as raised:
        acquire_lock(database)
    assert raised.value.stale and "未知" in raised.value.message
    acquire_lock(database, take_over=True).release()


def test_the_same_process_may_open_a_database_twice(tmp_path: Path) -> None:
    database = tmp_path / "cases.sqlite"
    first = acquire_lock(database)
    second = acquire_lock(database)
    second.release()
    assert lock_path_for(database).exists()
    first.release()
    assert not lock_path_for(database).exists()


def test_process_alive() -> None:
    assert process_alive(os.getpid())
    assert not process_alive(0)
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait(timeout=30)
    assert not process_alive(finished.pid)  # reaped: gone
