"""Kill -9 in the middle of a 2,000-case import, again and again: all or nothing, never damage.

A real process opens the store and inserts 2,000 cases with two parties each in one
transaction (``with sessions.begin()``), as an import does. The test kills it with
SIGKILL at a random moment, many times in a row, and after each kill checks that SQLite's
integrity_check is ok and that the attempt's rows are either all there or none.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from model.storage.store import open_store

ROOT = Path(__file__).resolve().parents[3]
ROWS = 2000
ATTEMPTS = 20
WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from model.entities import Case, Party, PartySide, Track
    from model.storage.store import open_store

    attempt = int(sys.argv[2])
    store = open_store(sys.argv[1], take_over_lock=True)  # the last copy was killed
    print("writing", flush=True)
    with store.sessions.begin() as session:
        for i in range(ROWS):
            sequence = attempt * 100000 + i + 1
            case = Case(
                number=f"（2026）吉0605执{sequence}号", year=2026, court_code="吉0605",
                type_code="执", sequence=sequence, filing_date=dt.date(2026, 3, 2),
                track=Track.SIMPLE, applicant_names="张三", respondent_names="李四",
            )
            case.parties = [
                Party(side=PartySide.APPLICANT, name="张三", party_type="自然人"),
                Party(side=PartySide.RESPONDENT, name="李四", party_type="法人", ordinal=1),
            ]
            session.add(case)
    print("done", flush=True)
    store.close()
    """
).replace("ROWS", str(ROWS))


LEDGER_WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from model.ledger.check import import_ledger
    from model.storage.store import open_store

    store = open_store(sys.argv[1], take_over_lock=True)  # the last copy was killed
    print("writing", flush=True)
    import_ledger(store.sessions, sys.argv[3], None, dt.date(2026, 11, 28))
    print("done", flush=True)
    store.close()
    """
)
"""The ledger import itself (Core inserts and its audit entries), killed the same way."""


def write_attempt_ledger(folder: Path, attempt: int) -> Path:
    """ROWS cases numbered for the attempt, with an applicant and a respondent each."""
    from tests.ledger_files import write_ledger

    rows = [
        [f"（2026）吉0605执{attempt * 100000 + i + 1}号", "2026-03-02", "张三", "李四", "法人"]
        for i in range(ROWS)
    ]
    headers = ["案号", "立案日期", "申请执行人", "被执行人", "被执行人类型"]
    return write_ledger(folder / f"ledger-{attempt}.xlsx", headers, rows)


def run_writer(
    path: Path, attempt: int, kill_after: float | None, script: str = WRITER
) -> tuple[bool, float]:
    """Start a writer; kill it ``kill_after`` seconds into its write (None: let it finish).

    Returns whether it was killed before finishing and how long its write ran.
    """
    extra = [str(write_attempt_ledger(path.parent, attempt))] if script is LEDGER_WRITER else []
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(path), str(attempt), *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    try:
        assert process.stdout.readline().strip() == "writing"
        started = time.monotonic()
        try:
            process.wait(timeout=kill_after)  # returns early if the write finished
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            return True, time.monotonic() - started
        return process.returncode != 0, time.monotonic() - started
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        process.stdout.close()


def attempt_counts(path: Path, attempt: int) -> tuple[str, int, int]:
    """integrity_check, and the attempt's cases and parties, read after the kill."""
    low, high = attempt * 100000, (attempt + 1) * 100000
    with sqlite3.connect(path) as connection:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        cases = connection.execute(
            "SELECT COUNT(*) FROM cases WHERE sequence > ? AND sequence <= ?", (low, high)
        ).fetchone()[0]
        parties = connection.execute(
            "SELECT COUNT(*) FROM parties JOIN cases ON cases.id = parties.case_id "
            "WHERE cases.sequence > ? AND cases.sequence <= ?",
            (low, high),
        ).fetchone()[0]
    return integrity, cases, parties


@pytest.mark.slow  # about 50 s: 21 real processes; still part of the normal suite
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_imports_are_all_or_nothing(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    open_store(path).close()
    killed_at, duration = run_writer(path, 0, kill_after=None)
    assert not killed_at and attempt_counts(path, 0) == ("ok", ROWS, 2 * ROWS)

    rng = random.Random(20260302)
    expected, kills = ROWS, 0
    for attempt in range(1, ATTEMPTS + 1):
        # Anywhere from the first insert to just past the commit's fsync.
        killed, _ran = run_writer(path, attempt, kill_after=rng.uniform(0, duration * 1.1))
        kills += killed
        integrity, cases, parties = attempt_counts(path, attempt)
        assert integrity == "ok", f"attempt {attempt}: {integrity}"
        assert cases in (0, ROWS), f"attempt {attempt}: {cases} of {ROWS} cases survived"
        assert parties == 2 * cases
        expected += cases
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == expected
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    assert kills >= ATTEMPTS // 2  # most attempts really were killed mid-write
    store = open_store(path, take_over_lock=True)  # and the program opens it afterwards
    store.close()


@pytest.mark.slow  # about 40–80 s: 7 real processes, each reading a 2,000-row ledger
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_ledger_imports_are_all_or_nothing(tmp_path: Path) -> None:
    from model.access.audit import verify

    path = tmp_path / "cases.sqlite"
    open_store(path).close()
    killed_at, duration = run_writer(path, 0, kill_after=None, script=LEDGER_WRITER)
    assert not killed_at and attempt_counts(path, 0) == ("ok", ROWS, 2 * ROWS)
    rng = random.Random(20261128)
    expected, kills = ROWS, 0
    for attempt in range(1, ATTEMPTS // 2 + 1):
        killed, _ran = run_writer(
            path, attempt, kill_after=rng.uniform(0, duration * 1.1), script=LEDGER_WRITER
        )
        kills += killed
        integrity, cases, parties = attempt_counts(path, attempt)
        assert integrity == "ok", f"attempt {attempt}: {integrity}"
        assert cases in (0, ROWS), f"attempt {attempt}: {cases} of {ROWS} cases survived"
        assert parties == 2 * cases
        expected += cases
    store = open_store(path, take_over_lock=True)
    try:
        report = verify(store.sessions)
        assert report.ok, report.message
        with store.engine.connect() as connection:
            count = connection.exec_driver_sql("SELECT COUNT(*) FROM cases").scalar()
            entries = connection.exec_driver_sql(
                "SELECT COUNT(*) FROM audit_entries WHERE entity = 'cases'"
            ).scalar()
            assert count == expected == entries  # each imported case recorded, no stray entry
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    finally:
        store.close()
    assert kills >= ATTEMPTS // 4  # most attempts really were killed mid-write
