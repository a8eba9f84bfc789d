"""The engine, the session factory and the SQLite settings every connection gets."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from model.errors import DatabaseOpenError

APP_FOLDER = "zhixing-tuandui"
DEFAULT_FILE = "cases.sqlite"
BUSY_TIMEOUT_MS = 5000


def default_database_path() -> Path:
    """The default database in the user's local data folder."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_FOLDER / DEFAULT_FILE


def database_url(target: str | Path) -> str:
    """A SQLAlchemy URL for a file path or an existing URL."""
    value = str(target)
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).resolve()}"


def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # The sqlite3 module's own transaction handling commits silently before DDL and
    # around some statements; turn it off and let SQLAlchemy's BEGIN (below) decide,
    # so a multi-row action or a migration is all or nothing.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # WAL lets readers and the writer work at once on a local disk. With
    # synchronous=FULL every commit is fsynced to the WAL before it returns, so a
    # case reported saved survives a power cut, not only a crash of the program.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def _check_sqlite_target(url: str) -> None:
    path_text = url.removeprefix("sqlite:///")
    if not path_text or path_text == ":memory:":
        return
    path = Path(path_text)
    if path.exists():
        if path.is_dir():
            raise DatabaseOpenError(f"“{path}”是一个文件夹，不是数据库文件。请指定一个文件。")
        if not os.access(path, os.R_OK | os.W_OK):
            raise DatabaseOpenError(
                f"没有读写数据库文件“{path}”的权限。请检查文件权限，或换一个位置。"
            )
        return
    folder = path.parent
    if not folder.exists():
        raise DatabaseOpenError(
            f"数据库所在的文件夹“{folder}”不存在。请先创建该文件夹，或指定其他位置。"
        )
    if not os.access(folder, os.W_OK):
        raise DatabaseOpenError(f"没有在文件夹“{folder}”中创建数据库的权限。请换一个位置。")


def make_engine(target: str | Path) -> Engine:
    """Open (without creating tables) the database at a path or URL."""
    url = database_url(target)
    if url.startswith("sqlite"):
        _check_sqlite_target(url)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            if url.startswith("sqlite"):
                connection.exec_driver_sql("PRAGMA schema_version").scalar()
    except (DatabaseError, OperationalError) as error:
        engine.dispose()
        raise DatabaseOpenError(describe_database_error(error, url)) from error
    return engine


def describe_database_error(error: Exception, url: str) -> str:
    """A Chinese explanation of why the database could not be used."""
    detail = str(getattr(error, "orig", error))
    where = url.removeprefix("sqlite:///")
    if "not a database" in detail or "malformed" in detail:
        return (
            f"文件“{where}”不是有效的数据库，或已经损坏。"
            "请确认选择了正确的文件；如已损坏，请从备份恢复。"
        )
    if "locked" in detail or "busy" in detail:
        return f"数据库“{where}”正被另一个程序占用。请关闭其他副本后重试。"
    if "unable to open" in detail or "readonly" in detail:
        return f"无法打开或写入数据库“{where}”。请检查文件夹是否存在以及是否有写入权限。"
    return f"无法使用数据库“{where}”：{detail}"


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    """The session factory the services share: one short session per user action."""
    return sessionmaker(engine, expire_on_commit=False)
