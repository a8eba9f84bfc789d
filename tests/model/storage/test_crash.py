"""200 kill -9s at random points of an import, a weekly sheet, a backup and a migration step.

Each operation runs in a real process, the program's own service, and is killed with
SIGKILL at a random moment between its start and its end (timed by one run first); after every kill
the program's ``check`` (integrity, foreign keys, every case's clock recomputed) must
find nothing, and a count proves all or nothing: the attempt's cases all there or none,
the sheet or the backup complete under its name or absent, the migrated file at its
old or its new version with every row.

A kill must be cheap for 200 of them to fit in the suite: the processes are forked
from one that has already imported the program (a fresh interpreter costs about a
second of imports), and each operation is small (300 ledger rows, a 500-case base).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from model.storage.maintenance import check_database, clock_findings
from model.storage.schema import latest_version
from model.storage.store import open_store

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "model" / "data"
ROWS = 300  # ledger rows per import attempt
KILLS = 50  # per operation: 200 in all
OPERATIONS = ("import", "weekly", "backup", "migrate")

FORK_SERVER = textwrap.dedent(
    """
    import datetime as dt, os, sys
    from pathlib import Path
    from model.ledger.check import import_ledger
    from model.reports.weekly_command import export_weekly_report
    from model.storage.backup import write_backup
    from model.storage.store import open_store

    TODAY, WEEK = dt.date(2026, 11, 28), dt.date(2026, 11, 23)

    def work(kind, database, target):
        if kind == "migrate":  # the open is the migration step
            print("writing", os.getpid(), flush=True)
            open_store(database, take_over_lock=True, backup_before_upgrade=False).close()
        elif kind == "import":
            store = open_store(database, take_over_lock=True, check=False)
            print("writing", os.getpid(), flush=True)
            import_ledger(store.sessions, Path(target), None, TODAY)
            store.close()
        elif kind == "weekly":
            store = open_store(database, take_over_lock=True, check=False)
            print("writing", os.getpid(), flush=True)
            export_weekly_report(store.sessions, WEEK, TODAY, Path(target))
            store.close()
        elif kind == "backup":
            print("writing", os.getpid(), flush=True)
            write_backup(Path(database), Path(target))

    print("ready", flush=True)
    for line in sys.stdin:
        kind, database, target = line.rstrip("\\n").split("\\t")
        pid = os.fork()
        if pid == 0:
            try:
                work(kind, database, target)
            except BaseException as error:
                print("failed", repr(error), flush=True)
                os._exit(1)
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        print("exit", status, flush=True)
    """
)


class ForkServer:
    """One process with the program imported; each operation runs in a fork of it."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", FORK_SERVER],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._fd = self.process.stdout.fileno()
        self._buffer = b""
        assert self.line(120) == "ready"

    def line(self, timeout: float | None) -> str | None:
        """The next line the server or its fork printed; None when none came in time."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self._fd], [], [], left)
            if not ready:
                return None
            chunk = os.read(self._fd, 4096)
            if not chunk:
                raise AssertionError("the fork server died")
            self._buffer += chunk
        text, self._buffer = self._buffer.split(b"\n", 1)
        return text.decode("utf-8")

    def run(self, kind: str, database: Path, target: Path, kill_after: float | None) -> bool:
        """Run one operation; kill it ``kill_after`` s after it starts. True when killed."""
        assert self.process.stdin is not None
        self.process.stdin.write(f"{kind}\t{database}\t{target}\n".encode())
        self.process.stdin.flush()
        started = self.line(120)
        assert started is not None and started.startswith("writing"), started
        pid = int(started.split()[1])
        ended = self.line(kill_after)
        if ended is None:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:  # it finished in the instant between: not a kill
                ended = self.line(60)
            else:
                ended = self.line(60)
                assert ended is not None and ended.startswith("exit"), ended
                return not ended.startswith("exit 0")  # a kill that came too late is none
        assert ended is not None and ended.startswith("exit 0"), f"{kind} failed: {ended}"
        return False

    def timed(self, kind: str, database: Path, target: Path) -> float:
        """Run one operation to its end; how long it took."""
        start = time.monotonic()
        assert not self.run(kind, database, target, None)
        return time.monotonic() - start

    def close(self) -> None:
        """End the server."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()


@pytest.fixture
def forks() -> Iterator[ForkServer]:
    server = ForkServer()
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait(timeout=30)


def first_sequence(attempt: int) -> int:
    """The attempt's case numbers start here, far from the generated cases' own."""
    return 1_000_000 + attempt * 1000


def write_attempt_ledger(folder: Path, attempt: int) -> Path:
    """ROWS cases numbered for the attempt, with an applicant and a respondent each."""
    from tests.ledger_files import write_ledger

    rows = [
        [f"（2026）吉0605执{first_sequence(attempt) + i}号", "2026-03-02", "张三", "李四", "法人"]
        for i in range(ROWS)
    ]
    headers = ["案号", "立案日期", "申请执行人", "被执行人", "被执行人类型"]
    return write_ledger(folder / f"ledger-{attempt}.xlsx", headers, rows)


def assert_checked(path: Path) -> None:
    """The program's ``check``: integrity, foreign keys, schema, every clock."""
    report = check_database(path)
    assert report.sound, report.findings
    assert clock_findings(path) == []


def scalar(path: Path, sql: str, *values: object) -> int:
    with sqlite3.connect(path) as connection:
        found = connection.execute(sql, values).fetchone()[0]
    connection.close()
    return int(found)


def attempt_counts(path: Path, attempt: int) -> tuple[int, int, int]:
    """The attempt's cases, their parties, and the record's case entries in all."""
    low, high = first_sequence(attempt), first_sequence(attempt + 1)
    cases = scalar(path, "SELECT COUNT(*) FROM cases WHERE sequence >= ? AND sequence < ?",
                   low, high)  # fmt: skip
    parties = scalar(
        path,
        "SELECT COUNT(*) FROM parties JOIN cases ON cases.id = parties.case_id "
        "WHERE cases.sequence >= ? AND cases.sequence < ?",
        low,
        high,
    )
    return cases, parties, recorded_case_inserts(path)


def recorded_case_inserts(path: Path) -> int:
    """The cases the record says were inserted (its entries unpacked, either form)."""
    from model.access.audit_packing import row_changes

    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        entries = connection.execute("SELECT * FROM audit_entries").fetchall()
    connection.close()
    return sum(
        1
        for entry in entries
        for change in row_changes(dict(entry))
        if (change.entity, change.action) == ("cases", "insert")
    )


def table_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        counts = {
            name: connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
            for name in names
        }
    connection.close()
    return counts


def next_attempt(attempt: int, kills: int) -> int:
    """The next attempt's number; an operation that keeps finishing before its kill fails."""
    assert attempt < 3 * KILLS, f"only {kills} of {attempt} attempts were killed mid-way"
    return attempt + 1


def _import_drill(forks: ForkServer, base: Path, rng: random.Random) -> int:
    folder = base.parent
    duration = forks.timed("import", base, write_attempt_ledger(folder, 0))
    cases_before = scalar(base, "SELECT COUNT(*) FROM cases")
    attempt = kills = 0
    while kills < KILLS:
        attempt = next_attempt(attempt, kills)
        ledger = write_attempt_ledger(folder, attempt)
        kills += forks.run("import", base, ledger, rng.uniform(0, duration))
        assert_checked(base)
        cases, parties, recorded = attempt_counts(base, attempt)
        assert cases in (0, ROWS), f"import {attempt}: {cases} of {ROWS} cases survived"
        assert parties == 2 * cases
        cases_before += cases
        total = scalar(base, "SELECT COUNT(*) FROM cases")
        assert total == cases_before and recorded == total  # each case recorded, no stray
    return attempt


def _weekly_drill(forks: ForkServer, base: Path, rng: random.Random) -> int:
    from openpyxl import load_workbook

    folder = base.parent
    duration = forks.timed("weekly", base, folder / "weekly-0.xlsx")
    cases = scalar(base, "SELECT COUNT(*) FROM cases")
    attempt = kills = 0
    while kills < KILLS:
        attempt = next_attempt(attempt, kills)
        out = folder / f"weekly-{attempt}.xlsx"
        kills += forks.run("weekly", base, out, rng.uniform(0, duration))
        if out.exists():  # whole, or not there at all
            book = load_workbook(out, read_only=True)
            assert book.sheetnames
            book.close()
        assert scalar(base, "SELECT COUNT(*) FROM cases") == cases
    # Every sheet on record (报表存档) is there, whole: the record is written after the file.
    with sqlite3.connect(base) as connection:
        names = [row[0] for row in connection.execute("SELECT file_name FROM issued_sheets")]
    connection.close()
    assert names and all((folder / name).exists() for name in names)
    assert_checked(base)
    return attempt


def _backup_drill(forks: ForkServer, base: Path, rng: random.Random) -> int:
    from model.storage.backup import verify_backup

    folder = base.parent
    duration = forks.timed("backup", base, folder / "backup-0.sqlite")
    cases = scalar(base, "SELECT COUNT(*) FROM cases")
    attempt = kills = 0
    while kills < KILLS:
        attempt = next_attempt(attempt, kills)
        out = folder / f"backup-{attempt}.sqlite"
        kills += forks.run("backup", base, out, rng.uniform(0, duration))
        if out.exists():  # a backup under its name is complete and sound
            assert verify_backup(out) == cases
        assert_checked(base)
    return attempt


def _migrate_drill(forks: ForkServer, folder: Path, rng: random.Random) -> int:
    original = DATA / "schema_v2.sqlite"
    before = table_counts(original)
    trial = folder / "migrate-0.sqlite"
    shutil.copyfile(original, trial)
    duration = forks.timed("migrate", trial, trial)
    attempt = kills = 0
    while kills < KILLS:
        attempt = next_attempt(attempt, kills)
        copy = folder / f"migrate-{attempt}.sqlite"
        shutil.copyfile(original, copy)
        kills += forks.run("migrate", copy, copy, rng.uniform(0, duration))
        report = check_database(copy)
        assert report.sound, report.findings
        assert report.version in (2, latest_version()), report.version
        after = table_counts(copy)
        assert {name: after[name] for name in before} == before  # every old row, once
        if report.version == 2:
            assert set(after) == set(before)  # nothing of the newer schema half-made
    # A killed migration is simply done again at the next open.
    store = open_store(folder / f"migrate-{attempt}.sqlite", take_over_lock=True)
    store.close()
    assert_checked(folder / f"migrate-{attempt}.sqlite")
    return attempt


@pytest.mark.slow  # 200 real kills, about 2-4 minutes; still part of the normal suite and CI
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX")
def test_two_hundred_kills_leave_all_or_nothing(forks: ForkServer, tmp_path: Path) -> None:
    from tests.sample_data import generate_cases

    base = tmp_path / "cases.sqlite"
    store = open_store(base)
    generate_cases(store.sessions, 500, seed=11, today=dt.date(2026, 11, 28))
    store.close()
    assert_checked(base)
    rng = random.Random(20261129)
    # Each drill runs until KILLS attempts were really killed mid-way (an attempt the
    # machine finished before its kill time is checked too, and does not count).
    attempts = {
        "import": _import_drill(forks, base, rng),
        "weekly": _weekly_drill(forks, base, rng),
        "backup": _backup_drill(forks, base, rng),
        "migrate": _migrate_drill(forks, tmp_path, rng),
    }
    forks.close()
    print(f"{len(OPERATIONS) * KILLS} kills in {sum(attempts.values())} attempts: {attempts}")
    store = open_store(base, take_over_lock=True)  # and the program opens it afterwards
    store.close()
