"""How the command line opens the database, tried with real processes as a scheduled job meets it.

- Reading commands run beside an open window: read-only, no lock taken, and they say so.
- A reading command given a database that does not exist refuses by name and creates
  nothing; only ``import-cases`` (and the window, tests/gui/test_app.py) create one and
  say so.
- After a ``kill -9`` during ``import-cases`` the command line is not stuck: a lock whose
  holder is proven gone (its process ended, or its id now belongs to a process started
  later) is taken over automatically, saying so; anything less certain is refused, and
  ``--take-over`` is the administrator's way past it. A live holder is never displaced.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from model.storage.lock import (
    HolderState,
    LockHolder,
    computer_name,
    holder_state,
    lock_path_for,
    process_start,
    read_holder,
)
from model.storage.store import open_store
from tests.factories import make_case
from tests.ledger_files import write_ledger

pytestmark = pytest.mark.sqlite_only
ROOT = Path(__file__).resolve().parents[3]
WINDOW = textwrap.dedent(
    """
    import sys
    from model.storage.store import open_store
    from tests.factories import make_case
    store = open_store(sys.argv[1])          # as the window opens it: the lock is taken
    session = store.sessions()
    session.begin()
    make_case(session, "（2026）吉0605执99999号")
    session.flush()                          # a save under way, not committed
    print("ready", flush=True)
    sys.stdin.readline()
    session.rollback()
    store.close()
    """
)
READING = [
    ["export-cases", "{out}.xlsx"],
    ["weekly-report", "{out}.xlsx", "--week", "2026-03-02"],
    ["check"],
    ["audit-verify"],
    ["backup", "{out}.sqlite"],
]


def main_py(folder: Path, *args: str, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "main.py", *(a.format(out=folder / "out") for a in args)]
    if db is not None:
        command += ["--db", str(db)]
    environment = dict(os.environ, XDG_DATA_HOME=str(folder / "data"))
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, env=environment
    )


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "cases.sqlite"
    store = open_store(path)
    with store.sessions.begin() as session:
        for _ in range(3):
            make_case(session)
    store.close()
    return path


@pytest.fixture
def window(database: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the database as the window does, with a save under way."""
    process = subprocess.Popen(
        [sys.executable, "-c", WINDOW, str(database)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    yield process
    process.stdin.write("stop\n")
    process.stdin.flush()
    process.wait(timeout=60)
    process.stdin.close()
    process.stdout.close()


# --- reading commands beside the window ------------------------------------------------


@pytest.mark.parametrize("command", READING, ids=lambda command: command[0])
def test_a_reading_command_runs_beside_an_open_window(
    tmp_path: Path, database: Path, window: subprocess.Popen[str], command: list[str]
) -> None:
    lock = lock_path_for(database).read_bytes()
    result = main_py(tmp_path, *command, db=database)
    assert result.returncode == 0, result.stderr
    assert "以只读方式打开数据库" in result.stdout and "不加锁" in result.stdout
    assert computer_name() in result.stdout  # who has it open is named
    assert lock_path_for(database).read_bytes() == lock  # the window's lock, untouched
    assert window.poll() is None
    if command[0] in ("export-cases", "weekly-report", "backup"):
        assert (tmp_path / Path(command[1].format(out="out")).name).exists()
    if command[0] == "weekly-report":  # made, but not recorded while the window has it
        assert "本表未存档" in result.stdout


def test_the_exported_cases_are_the_committed_ones(
    tmp_path: Path, database: Path, window: subprocess.Popen[str]
) -> None:
    result = main_py(tmp_path, "backup", "{out}.sqlite", db=database)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "out.sqlite") as connection:
        assert connection.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 3


# --- a database that does not exist ----------------------------------------------------


@pytest.mark.parametrize("command", READING, ids=lambda command: command[0])
def test_a_reading_command_refuses_a_missing_database_and_creates_nothing(
    tmp_path: Path, command: list[str]
) -> None:
    missing = tmp_path / "写错的路径" / "cases.sqlite"
    result = main_py(tmp_path, *command, db=missing)
    assert result.returncode != 0
    assert f"数据库文件“{missing}”不存在" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []  # no folder, no database, no report


@pytest.mark.parametrize("command", READING[:3], ids=lambda command: command[0])
def test_a_reading_command_without_db_does_not_create_the_default_database(
    tmp_path: Path, command: list[str]
) -> None:
    result = main_py(tmp_path, *command)
    assert result.returncode != 0
    default = tmp_path / "data" / "zhixing-tuandui" / "cases.sqlite"
    assert f"数据库文件“{default}”不存在" in result.stderr
    assert list(tmp_path.iterdir()) == []


def a_ledger(folder: Path, rows: int, first: int = 1) -> Path:
    headers = ["案号", "立案日期", "申请执行人", "被执行人", "被执行人类型"]
    body = [
        [f"（2026）吉0605执{first + i}号", "2026-03-02", "张三", "李四", "法人"]
        for i in range(rows)
    ]
    return write_ledger(folder / f"ledger-{first}.xlsx", headers, body)


def test_import_cases_creates_a_new_database_and_says_so(tmp_path: Path) -> None:
    ledger = a_ledger(tmp_path, 2)
    new = tmp_path / "新库.sqlite"
    result = main_py(tmp_path, "import-cases", str(ledger), db=new)
    assert result.returncode == 0, result.stderr
    assert f"已新建数据库 {new}" in result.stdout and "已导入 2 件案件" in result.stdout
    again = main_py(tmp_path, "import-cases", str(a_ledger(tmp_path, 1, first=10)), db=new)
    assert again.returncode == 0 and "已新建数据库" not in again.stdout


# --- after a crash ----------------------------------------------------------------------


def test_after_kill_9_during_import_the_command_line_carries_on(
    tmp_path: Path, database: Path
) -> None:
    ledger = a_ledger(tmp_path, 3000)
    process = subprocess.Popen(
        [sys.executable, "main.py", "import-cases", str(ledger), "--db", str(database)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while read_holder(lock_path_for(database)) is None:  # the import has the database
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    assert read_holder(lock_path_for(database)).pid == process.pid  # left behind
    for command in READING[:3]:
        result = main_py(tmp_path, *command, db=database)
        assert result.returncode == 0, result.stderr
    assert "数据库完好：共 3 件案件" in main_py(tmp_path, "check", db=database).stdout
    retry = main_py(tmp_path, "import-cases", str(a_ledger(tmp_path, 2, first=9000)), db=database)
    assert retry.returncode == 0, retry.stderr
    assert "已接管数据库" in retry.stdout and f"进程 {process.pid} 已结束" in retry.stdout
    assert "已导入 2 件案件" in retry.stdout
    assert not lock_path_for(database).exists()


@pytest.fixture
def other_process() -> Iterator[subprocess.Popen[bytes]]:
    """Some process of this computer that is not the program (its id may be a reused one)."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    yield process
    process.kill()
    process.wait(timeout=30)


def write_lock(database: Path, **fields: object) -> None:
    holder = {"computer": computer_name(), "user": "张三", "since": "2026-03-02T08:00:00"}
    lock_path_for(database).write_text(json.dumps(holder | fields), encoding="utf-8")


def test_a_reused_process_id_is_recognised_and_the_lock_taken_over(
    tmp_path: Path, database: Path, other_process: subprocess.Popen[bytes]
) -> None:
    write_lock(database, pid=other_process.pid, started="another-boot:12345")
    assert holder_state(read_holder(lock_path_for(database))) is HolderState.GONE
    result = main_py(tmp_path, "import-cases", str(a_ledger(tmp_path, 1)), db=database)
    assert result.returncode == 0, result.stderr
    assert "已接管数据库" in result.stdout and "进程号已属于另一个程序" in result.stdout
    assert other_process.poll() is None  # nothing was done to it


def test_a_live_holder_is_never_displaced_not_even_with_take_over(
    tmp_path: Path, database: Path, other_process: subprocess.Popen[bytes]
) -> None:
    write_lock(database, pid=other_process.pid, started=process_start(other_process.pid))
    before = lock_path_for(database).read_bytes()
    ledger = str(a_ledger(tmp_path, 1))
    for extra in ([], ["--take-over"]):
        result = main_py(tmp_path, "import-cases", ledger, *extra, db=database)
        assert result.returncode == 1
        assert f"本机进程 {other_process.pid} 仍在运行" in result.stderr
        assert lock_path_for(database).read_bytes() == before
    assert "已导入" not in result.stdout


@pytest.mark.parametrize(
    ("lock", "reason"),
    [
        ({"computer": "执行局-PC07", "pid": 4242, "started": "x"}, "另一台计算机"),
        ({"pid": "OTHER"}, "旧版本"),  # pid filled in below: alive, but no start time
        (None, "锁文件无法读取"),
    ],
    ids=["other-computer", "no-start-time", "unreadable"],
)
def test_an_uncertain_lock_is_refused_and_take_over_is_the_administrators(
    tmp_path: Path,
    database: Path,
    other_process: subprocess.Popen[bytes],
    lock: dict[str, object] | None,
    reason: str,
) -> None:
    if lock is None:
        lock_path_for(database).write_text('{"computer": "PC', encoding="utf-8")
    else:
        write_lock(
            database, **(lock | ({"pid": other_process.pid} if lock["pid"] == "OTHER" else {}))
        )
    assert holder_state(read_holder(lock_path_for(database))) is HolderState.UNKNOWN
    ledger = str(a_ledger(tmp_path, 1))
    refused = main_py(tmp_path, "import-cases", ledger, db=database)
    assert refused.returncode == 1
    assert reason in refused.stderr and "--take-over" in refused.stderr
    assert lock_path_for(database).exists()
    taken = main_py(tmp_path, "import-cases", ledger, "--take-over", db=database)
    assert taken.returncode == 0, taken.stderr
    assert "已按 --take-over 的要求接管数据库" in taken.stdout
    assert not lock_path_for(database).exists()


def test_process_start_tells_processes_apart(other_process: subprocess.Popen[bytes]) -> None:
    mine = process_start(os.getpid())
    if mine is None:
        pytest.skip("this system does not tell when a process started")
    assert mine == process_start(os.getpid())
    assert process_start(other_process.pid) not in (None, mine)
    live = LockHolder(
        computer_name(), "张三", other_process.pid, "", process_start(other_process.pid)
    )
    assert holder_state(live) is HolderState.LIVE


def test_a_reading_command_added_later_inherits_all_of_it(
    tmp_path: Path, database: Path, monkeypatch, capsys
) -> None:
    """`reminders` or `statistics`, declared READS in the table, need do nothing more."""
    import types

    from model import commands
    from model.commands import Command, StoreUse, open_for_command, run_command

    opened: list[tuple[bool, object]] = []

    def reminders_command(arguments: object) -> int:
        store = open_for_command(arguments.db)  # as every handler opens its store
        opened.append((store.read_only, store.lock))
        store.close()
        return 0

    module = types.ModuleType("later_reminders")
    module.reminders_command = reminders_command  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "later_reminders", module)
    later = Command("later-list", "later_reminders:reminders_command", "到期提醒", StoreUse.READS)
    table = (*commands.COMMAND_TABLE, later)
    monkeypatch.setattr(commands, "COMMAND_TABLE", table)
    monkeypatch.setattr(commands, "COMMANDS_BY_NAME", {c.name: c for c in table})
    holder = lock_path_for(database)
    holder.write_text(json.dumps({"computer": "执行局-PC07", "user": "张三", "pid": 7,
                                  "since": "2026-03-02T08:00:00"}), encoding="utf-8")  # fmt: skip
    assert run_command(["later-list", "--db", str(database)]) == 0
    assert opened == [(True, None)]  # read-only, no lock, beside another's open window
    assert "以只读方式打开数据库" in capsys.readouterr().out
    missing = tmp_path / "写错" / "cases.sqlite"
    assert run_command(["later-list", "--db", str(missing)]) == 1
    assert f"数据库文件“{missing}”不存在" in capsys.readouterr().err
    assert not missing.parent.exists() and opened == [(True, None)]
