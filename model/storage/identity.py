"""Is this SQLite file ours, and which version? Asked before anything can write to it.

Opening a connection the usual way runs PRAGMAs that write (``journal_mode=WAL``
rewrites header bytes 18–19 and bumps the change counter): done to another program's
file, that would change it while the message says it was left untouched. So an
existing file is first looked at on its own read-only connection (``mode=ro`` URI):
its ``application_id``, its tables, its schema version and, when asked, SQLite's
``quick_check``. Only a file that passes is configured and opened for work.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from model.storage.engine import (
    APPLICATION_ID,
    DamagedDatabaseError,
    ForeignDatabaseError,
    NewerDatabaseError,
    damaged_message,
    error_for,
)
from model.storage.schema import VERSION_TABLE, latest_version

FOREIGN_MESSAGE = (
    "这个数据库文件不是本程序创建的（属于其他程序）。请选择本程序的数据库文件；该文件未作任何改动。"
)
NO_VERSION_MESSAGE = (
    "这个数据库文件不是本程序创建的（缺少版本信息）。请选择本程序的数据库文件；该文件未作任何改动。"
)


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write to ``path`` (nor create it), whatever it runs."""
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    connection.isolation_level = None
    return connection


def identify(path: Path, *, check: bool = True, target: int | None = None) -> int | None:
    """The version of our database at ``path``; None for an empty SQLite file.

    Raises ``ForeignDatabaseError`` for another program's file, ``NewerDatabaseError``
    for one a newer version wrote and ``DamagedDatabaseError`` for one that is not a
    database or (with ``check``) fails ``quick_check``. Nothing is written: the
    connection is read-only.
    """
    target = latest_version() if target is None else target
    url = f"sqlite:///{path.resolve()}"
    try:
        connection = connect_read_only(path)
    except sqlite3.Error as error:
        raise error_for(error, url) from error
    try:
        app_id = int(connection.execute("PRAGMA application_id").fetchone()[0] or 0)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if app_id not in (0, APPLICATION_ID):
            raise ForeignDatabaseError(FOREIGN_MESSAGE)
        if not tables:
            return None
        if VERSION_TABLE not in tables or (app_id == 0 and "cases" not in tables):
            # Files made before the id existed (app id 0) are ours only with our tables.
            raise ForeignDatabaseError(NO_VERSION_MESSAGE)
        row = connection.execute(f"SELECT version FROM {VERSION_TABLE}").fetchone()
        if row is None or not isinstance(row[0], int):
            raise ForeignDatabaseError(NO_VERSION_MESSAGE)
        version = int(row[0])
        if version > target:
            raise NewerDatabaseError(
                f"这个数据库由较新版本的程序创建（数据库版本 {version}，本程序支持到 {target}）。"
                "为免损坏数据，本程序不会降级打开它。请升级程序后再打开，或从备份恢复。"
            )
        if check:
            findings = [r[0] for r in connection.execute("PRAGMA quick_check")]
            if findings != ["ok"]:
                raise DamagedDatabaseError(damaged_message(url, findings))
        return version
    except sqlite3.Error as error:
        raise error_for(error, url) from error
    finally:
        connection.close()
