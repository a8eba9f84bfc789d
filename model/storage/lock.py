"""The lock file beside the database: one copy of the program writes a file at a time.

``cases.sqlite.lock`` holds who opened the database (computer, user, process, since
when) as JSON. It is created atomically when the store opens and removed when it
closes. SQLite's own locks keep single writes apart; this file keeps two copies of the
program from working on the same cases at once and tells the second user who has it.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from model.errors import DatabaseOpenError

LOCK_SUFFIX = ".lock"

# Locks this process holds, by lock path: opening the same file twice in one process
# (tests, a reopen after a restore) shares the lock instead of refusing itself.
_HELD: dict[Path, int] = {}


@dataclass(frozen=True)
class LockHolder:
    """Who holds a database: 计算机、用户、进程、开始时间."""

    computer: str
    user: str
    pid: int
    since: str  # ISO 8601, local time

    def describe(self) -> str:
        """The holder in one Chinese phrase."""
        try:
            since = dt.datetime.fromisoformat(self.since).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            since = self.since or "未知时间"
        return f"计算机“{self.computer}”上的用户“{self.user}”（自 {since} 起）"


class DatabaseLockedError(DatabaseOpenError):
    """Another copy of the program has the database open; ``holder`` says who."""

    offer_restore = False

    def __init__(self, message: str, holder: LockHolder | None, stale: bool, lock_path: Path):
        super().__init__(message)
        self.holder = holder
        self.stale = stale  # the holder is gone (crashed): the lock may be taken over
        self.lock_path = lock_path


def lock_path_for(database: Path) -> Path:
    """``cases.sqlite`` → ``cases.sqlite.lock``."""
    return database.with_name(database.name + LOCK_SUFFIX)


def computer_name() -> str:
    """This computer's network name."""
    return os.environ.get("COMPUTERNAME") or socket.gethostname() or "未知计算机"


def user_name() -> str:
    """The logged-in user's name."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "未知用户"


def process_alive(pid: int) -> bool:
    """True when a process with this id runs on this computer."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        synchronize, still_active = 0x00100000 | 0x1000, 259
        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]  # Windows only
        handle = kernel32.OpenProcess(synchronize, False, pid)
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == still_active
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    # A zombie (killed, not yet reaped by its parent) is gone for our purpose.
    status = Path(f"/proc/{pid}/status")
    try:
        for line in status.read_text(encoding="utf-8").splitlines():
            if line.startswith("State:"):
                return "Z" not in line.split(":", 1)[1].split()[0]
    except OSError:
        pass
    return True


def read_holder(lock_path: Path) -> LockHolder | None:
    """The holder written in a lock file, or None when it cannot be read."""
    try:
        data = json.loads(lock_path.read_text(encoding="utf-8"))
        return LockHolder(
            computer=str(data["computer"]),
            user=str(data["user"]),
            pid=int(data["pid"]),
            since=str(data["since"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_stale(holder: LockHolder | None) -> bool:
    """True when the holder is certainly gone: this computer, and its process is dead."""
    if holder is None:
        return True  # a half-written lock file: its writer died while writing it
    return holder.computer == computer_name() and not process_alive(holder.pid)


@dataclass
class DatabaseLock:
    """A held lock; ``release()`` removes the file (once the last holder here lets go)."""

    path: Path
    holder: LockHolder
    released: bool = False

    def release(self) -> None:
        """Give the lock up."""
        if self.released:
            return
        self.released = True
        count = _HELD.get(self.path, 0) - 1
        if count > 0:
            _HELD[self.path] = count
            return
        _HELD.pop(self.path, None)
        if read_holder(self.path) == self.holder:
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass


def _mine(holder: LockHolder | None) -> bool:
    return holder is not None and holder.computer == computer_name() and holder.pid == os.getpid()


def acquire_lock(
    database: Path, *, take_over: bool = False, now: dt.datetime | None = None
) -> DatabaseLock:
    """Take the lock of ``database`` or raise DatabaseLockedError saying who holds it.

    ``take_over`` replaces a stale lock (its holder crashed); a live holder's lock is
    never taken.
    """
    path = lock_path_for(database)
    holder = LockHolder(
        computer=computer_name(),
        user=user_name(),
        pid=os.getpid(),
        since=(now or dt.datetime.now()).isoformat(timespec="seconds"),
    )
    for _attempt in range(3):
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            current = read_holder(path)
            if current is not None and _mine(current):
                _HELD[path] = _HELD.get(path, 0) + 1
                return DatabaseLock(path, current)
            stale = is_stale(current)
            if stale and take_over:
                try:
                    path.unlink()
                except FileNotFoundError:
                    pass
                continue
            raise DatabaseLockedError(
                _locked_message(database, current, stale), current, stale, path
            ) from None
        except OSError as error:
            raise DatabaseOpenError(
                f"无法在“{path.parent}”中创建锁文件（{error.strerror}）。"
                "请检查该文件夹是否可写，或以只读方式打开。"
            ) from error
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(holder.__dict__, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        _HELD[path] = 1
        return DatabaseLock(path, holder)
    raise DatabaseOpenError(f"无法取得数据库“{database}”的锁，请稍后重试。")


def _locked_message(database: Path, holder: LockHolder | None, stale: bool) -> str:
    who = holder.describe() if holder else "一个未知的程序副本"
    if stale:
        return (
            f"数据库“{database.name}”上次由{who}打开，但该程序已不在运行（可能异常退出）。"
            "确认没有其他人在使用后，可以接管这个数据库。"
        )
    return (
        f"数据库“{database.name}”正由{who}使用。"
        "为避免两处同时修改，您可以以只读方式打开查看，或等对方关闭程序后再打开。"
    )
