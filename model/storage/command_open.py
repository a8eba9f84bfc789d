"""How a command of the command line opens the database: by what it does to it.

model/commands.py declares for each command one ``StoreUse``; everything below follows
from it, so a new command inherits the right behaviour by its declaration alone:

- ``READS`` (reports, exports, checks, backups): the database must exist (a mistyped
  ``--db`` is refused by name, nothing is created); it is opened read-only and no lock
  is taken, so a scheduled report runs while the window is open (SQLite's WAL lets
  readers and the writer work at once). The command says so.
- ``WRITES``: the lock is taken. A lock left by a copy proven gone (this computer, its
  process ended or its id now belongs to a process started later) is taken over
  automatically, and the command says so; anything less certain is refused, naming the
  holder, and ``--take-over`` lets the administrator replace it (never a live holder's).
- ``CREATES``: as ``WRITES``, and a database that does not exist yet is created and
  seeded, which the command says ("已新建数据库 …").
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path

from model.errors import UserError
from model.storage.engine import database_url, display_url, sqlite_path
from model.storage.identity import identify
from model.storage.lock import (
    DatabaseLock,
    DatabaseLockedError,
    HolderState,
    LockHolder,
    TakeOver,
    acquire_lock,
    computer_name,
    lock_path_for,
    read_holder,
)
from model.storage.paths import default_database_path
from model.storage.schema import UpgradeNeededError
from model.storage.store import Store, open_store

Say = Callable[[str], None]


class StoreUse(enum.Enum):
    """What a command does with the database."""

    NONE = "none"  # needs no database
    READS = "reads"
    # reads, and records what it issued (报表存档) when it can take the lock; beside an
    # open window it reads only and says its result was not recorded; never creates
    RECORDS = "records"
    WRITES = "writes"
    CREATES = "creates"


def command_target(db: str | None) -> str | Path:
    """The database a command works on: ``--db``, or the default file."""
    return default_database_path() if db is None else db


def refuse_missing(path: Path) -> None:
    """A command that does not create databases was given a file that is not there."""
    if path.is_file():
        return
    what = "是一个文件夹，不是数据库文件" if path.is_dir() else "不存在"
    raise UserError(
        f"数据库文件“{path}”{what}。请检查 --db 给出的路径。"
        "本命令不会新建数据库（只有打开窗口和 import-cases 会新建），没有写入任何文件。"
    )


def prepare_reading(db: str | None, say: Say = print) -> None:
    """Before a reading command runs: the database exists and is ours; say how it is read.

    Nothing is written: the file is looked at on a read-only connection.
    """
    target = command_target(db)
    url = database_url(target)
    path = sqlite_path(url)
    if path is None:
        say(f"以只读方式连接服务器数据库“{display_url(url)}”，不写入任何内容。")
        return
    refuse_missing(path)
    identify(path, check=False)  # another program's or a newer file: refused untouched
    notice = f"以只读方式打开数据库“{path}”：不加锁、不写入，窗口可以同时使用。"
    holder = read_holder(lock_path_for(path))
    if holder is not None:
        notice += f"（数据库此时由{holder.describe()}打开。）"
    say(notice)


def open_reading(db: str | None, say: Say = print) -> Store:
    """The store of a reading command: read-only, no lock, never created.

    A file an older version wrote is brought to the current version first (that takes
    the lock for a moment and backs the file up), since a read-only store cannot.
    """
    target = command_target(db)
    path = sqlite_path(database_url(target))
    if path is not None:
        refuse_missing(path)
    try:
        return open_store(target, read_only=True)
    except UpgradeNeededError:
        open_writing(db, take_over=False, may_create=False, say=say).close()
        say("数据库由较早版本的程序写出，已升级到本程序的版本（升级前已自动备份）。")
        return open_store(target, read_only=True)


def open_writing(db: str | None, *, take_over: bool, may_create: bool, say: Say = print) -> Store:
    """The store of a writing command: locked, a gone holder's lock taken over.

    ``take_over`` (the administrator's ``--take-over``) also replaces a lock whose holder
    cannot be proven gone; a holder proven to run is never displaced.
    """
    target = command_target(db)
    path = sqlite_path(database_url(target))
    if path is not None and not path.exists():
        if not may_create:
            refuse_missing(path)
        if db is None:
            path.parent.mkdir(parents=True, exist_ok=True)  # the user's data folder
    policy = TakeOver.UNLESS_LIVE if take_over else TakeOver.GONE
    try:
        store = open_store(target, take_over_lock=policy)
    except DatabaseLockedError as error:
        raise UserError(locked_message(error)) from error
    if store.lock is not None and store.lock.took_over:
        say(took_over_message(store.lock.replaced, store.lock.replaced_state, take_over))
    if store.created:
        say(f"已新建数据库 {store.label}（已写入本局的人员名册、分流标准等初始数据）。")
    return store


def lock_for_command(db: str | None, *, take_over: bool, say: Say = print) -> DatabaseLock:
    """The lock alone, for a command that replaces the file rather than opening it."""
    path = sqlite_path(database_url(command_target(db)))
    assert path is not None, "only SQLite files have a lock file"
    policy = TakeOver.UNLESS_LIVE if take_over else TakeOver.GONE
    try:
        lock = acquire_lock(path, take_over=policy)
    except DatabaseLockedError as error:
        raise UserError(locked_message(error)) from error
    if lock.took_over:
        say(took_over_message(lock.replaced, lock.replaced_state, take_over))
    return lock


def locked_message(error: DatabaseLockedError) -> str:
    """Why a writing command cannot take the lock, and what the administrator may do."""
    holder = error.holder
    who = holder.describe() if holder else "一个未知的程序副本"
    if error.state is HolderState.LIVE:
        return (
            f"数据库正由{who}使用（本机进程 {holder.pid if holder else '?'} 仍在运行）。"
            "本命令要写入数据库，不能与之同时进行：请等对方关闭程序后再运行。"
            "（导出、周报表、检查、备份等只读命令可以照常运行。）"
        )
    if holder is None:
        reason = "锁文件无法读取"
    elif holder.computer != computer_name():
        reason = "对方在另一台计算机上，本机无法核实它是否仍在运行"
    else:
        reason = "锁文件来自旧版本的程序，无法核实该进程是否就是当初打开数据库的程序"
    return (
        f"数据库的锁文件“{error.lock_path}”表明它由{who}打开，但无法确认对方已经退出（{reason}）。"
        "为免两处同时修改，本命令没有运行。确认对方已关闭程序或已异常退出后，"
        "管理员可以在命令末尾加上 --take-over 接管数据库。"
    )


def took_over_message(
    holder: LockHolder | None, state: HolderState | None, administrator: bool
) -> str:
    """What a writing command says after replacing a lock."""
    who = holder.describe() if holder else "一个未知的程序副本"
    if state is HolderState.GONE and holder is not None:
        return (
            f"已接管数据库：它上次由{who}打开，该程序已不在运行"
            f"（本机进程 {holder.pid} 已结束或进程号已属于另一个程序，可能是异常退出）。"
        )
    how = "按 --take-over 的要求" if administrator else ""
    return f"已{how}接管数据库（原锁文件记载的使用者：{who}）。"
