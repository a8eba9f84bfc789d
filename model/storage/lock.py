"""The lock file beside the database: one copy of the program writes a file at a time.

``cases.sqlite.lock`` holds who opened the database (computer, user, process, the
process's start time, since when) as JSON. It is created atomically when the store
opens and removed when it closes. SQLite's own locks keep single writes apart; this
file keeps two copies of the program from working on the same cases at once and tells
the second user who has it.

A lock left by a crash is told apart from a live one only where that can be proven:
on this computer, its process no longer exists, or the process id now belongs to a
process started at another time (the id was reused). Such a holder is ``GONE``; one
proven to still run is ``LIVE``; everything else (another computer, an unreadable
lock file, a lock without a start time) is ``UNKNOWN``. ``TakeOver`` says how much
of that a caller may replace.
"""

from __future__ import annotations

import datetime as dt
import enum
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
    started: str = ""  # the process's start as the system tells it; "" in older lock files

    def describe(self) -> str:
        """The holder in one Chinese phrase."""
        try:
            since = dt.datetime.fromisoformat(self.since).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            since = self.since or "未知时间"
        return f"计算机“{self.computer}”上的用户“{self.user}”（自 {since} 起）"


class HolderState(enum.Enum):
    """What is known of a lock's holder."""

    GONE = "gone"  # this computer, and its process has certainly ended (crash, kill -9)
    LIVE = "live"  # this computer, and the very process that took the lock still runs
    UNKNOWN = "unknown"  # another computer, an unreadable lock file, or no start time


class TakeOver(enum.Enum):
    """Which locks an opener may replace; a ``LIVE`` holder's lock never."""

    NEVER = "never"
    GONE = "gone"  # automatically: only a holder proven gone
    STALE = "stale"  # after the user confirmed: gone, or an unreadable lock file
    UNLESS_LIVE = "unless-live"  # the administrator's --take-over: all but a live holder

    def allows(self, state: HolderState, readable: bool) -> bool:
        """True when a lock in this state may be replaced under this policy."""
        if state is HolderState.LIVE or self is TakeOver.NEVER:
            return False
        if self is TakeOver.UNLESS_LIVE or state is HolderState.GONE:
            return True
        return self is TakeOver.STALE and not readable


class DatabaseLockedError(DatabaseOpenError):
    """Another copy of the program has the database open; ``holder`` says who."""

    offer_restore = False

    def __init__(
        self,
        message: str,
        holder: LockHolder | None,
        stale: bool,
        lock_path: Path,
        state: HolderState = HolderState.UNKNOWN,
    ):
        super().__init__(message)
        self.holder = holder
        self.stale = stale  # the holder is gone (crashed): the lock may be taken over
        self.lock_path = lock_path
        self.state = state


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


def process_start(pid: int) -> str | None:
    """When process ``pid`` started, as an opaque token; None when that cannot be told.

    Two processes that had the same id at different times get different tokens, so a
    lock whose process id was reused after a crash is recognised as gone.
    """
    if pid <= 0:
        return None
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        query_limited_information = 0x1000
        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(query_limited_information, False, pid)
        if not handle:
            return None
        times = [ctypes.c_ulonglong() for _ in range(4)]
        try:
            if not kernel32.GetProcessTimes(handle, *(ctypes.byref(t) for t in times)):
                return None
        finally:
            kernel32.CloseHandle(handle)
        return f"win:{times[0].value}"
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
        boot = Path("/proc/sys/kernel/random/boot_id").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: count after its ")".
    fields = stat.rsplit(")", 1)[-1].split()
    if len(fields) < 20:
        return None
    return f"{boot}:{fields[19]}"  # field 22, starttime: clock ticks after this boot


def read_holder(lock_path: Path) -> LockHolder | None:
    """The holder written in a lock file, or None when it cannot be read."""
    try:
        data = json.loads(lock_path.read_text(encoding="utf-8"))
        return LockHolder(
            computer=str(data["computer"]),
            user=str(data["user"]),
            pid=int(data["pid"]),
            since=str(data["since"]),
            started=str(data.get("started") or ""),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def holder_state(holder: LockHolder | None) -> HolderState:
    """Whether the holder is proven gone, proven live, or neither (see the module)."""
    if holder is None or holder.computer != computer_name():
        return HolderState.UNKNOWN
    if not process_alive(holder.pid):
        return HolderState.GONE
    now_started = process_start(holder.pid)
    if not holder.started or now_started is None:
        return HolderState.UNKNOWN
    return HolderState.LIVE if now_started == holder.started else HolderState.GONE


def is_stale(holder: LockHolder | None) -> bool:
    """True when the lock may be taken over once the user confirms: its holder is
    proven gone, or the lock file cannot be read (its writer died while writing it)."""
    return holder is None or holder_state(holder) is HolderState.GONE


@dataclass
class DatabaseLock:
    """A held lock; ``release()`` removes the file (once the last holder here lets go)."""

    path: Path
    holder: LockHolder
    released: bool = False
    took_over: bool = False  # an existing lock file was replaced when this one was taken
    replaced: LockHolder | None = None  # whose it was (None: the file was unreadable)
    replaced_state: HolderState | None = None  # what was known of that holder then

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
    database: Path, *, take_over: bool | TakeOver = False, now: dt.datetime | None = None
) -> DatabaseLock:
    """Take the lock of ``database`` or raise DatabaseLockedError saying who holds it.

    ``take_over`` says which existing locks may be replaced (``TakeOver``; ``True`` is
    ``TakeOver.STALE``, the window's choice after the user confirmed); a holder proven
    live is never replaced.
    """
    if not isinstance(take_over, TakeOver):
        take_over = TakeOver.STALE if take_over else TakeOver.NEVER
    path = lock_path_for(database)
    holder = LockHolder(
        computer=computer_name(),
        user=user_name(),
        pid=os.getpid(),
        since=(now or dt.datetime.now()).isoformat(timespec="seconds"),
        started=process_start(os.getpid()) or "",
    )
    replaced: LockHolder | None = None
    replaced_state: HolderState | None = None
    for _attempt in range(3):
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            current = read_holder(path)
            if current is not None and _mine(current):
                _HELD[path] = _HELD.get(path, 0) + 1
                return DatabaseLock(path, current)
            state = holder_state(current)
            stale = current is None or state is HolderState.GONE
            if take_over.allows(state, readable=current is not None):
                try:
                    path.unlink()
                except FileNotFoundError:
                    pass
                replaced, replaced_state = current, state
                continue
            raise DatabaseLockedError(
                _locked_message(database, current, stale), current, stale, path, state
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
        return DatabaseLock(
            path,
            holder,
            took_over=replaced_state is not None,
            replaced=replaced,
            replaced_state=replaced_state,
        )
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
