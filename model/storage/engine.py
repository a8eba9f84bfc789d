"""The engine, the session factory and the SQLite settings every connection gets."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from model.errors import DatabaseOpenError, UserError

BUSY_TIMEOUT_MS = 5000

# SQLite's header field application_id marks a file as ours: the ASCII bytes "ZXTD"
# (执行团队), 0x5A585444 = 1515738180. New databases are stamped with it; a file with
# another non-zero id belongs to another program and is refused untouched.
APPLICATION_ID = 0x5A585444


class DamagedDatabaseError(DatabaseOpenError):
    """The file is damaged, or is not an SQLite database at all (restore a backup)."""

    offer_restore = True


class ForeignDatabaseError(DatabaseOpenError):
    """The file is another program's SQLite database."""

    offer_restore = True


class NewerDatabaseError(DatabaseOpenError):
    """The file was written by a newer version of the program; never downgraded."""

    offer_restore = True


class ReadOnlyStoreError(UserError):
    """A write was attempted on a database opened read-only."""


class StorageError(UserError):
    """The disk refused a write (full, read-only, locked, failing): nothing was saved."""


# Driver messages of a write the storage refused, and what the user is told instead.
_STORAGE_FAULTS = (
    (
        "disk is full",
        "磁盘空间已满，本次操作没有保存。请清理磁盘空间（或把数据库移到空间充足的位置）后重试；"
        "已填写的内容仍保留在窗口中。",
    ),
    (
        "readonly database",
        "数据库文件是只读的，本次操作没有保存。请检查文件权限，或在文件夹可写的位置打开数据库；"
        "已填写的内容仍保留在窗口中。",
    ),
    ("database is locked", "数据库正被另一个程序写入，等待超时，本次操作没有保存。请稍后重试。"),
    (
        "disk i/o error",
        "读写磁盘时出错（磁盘或 U 盘可能已拔出或损坏），本次操作没有保存。"
        "请检查存储设备后重试；已填写的内容仍保留在窗口中。",
    ),
)


def _storage_error(context: object) -> StorageError | None:
    """handle_error hook: a refused write becomes a StorageError with a Chinese message."""
    original = getattr(context, "original_exception", None)
    detail = str(original).lower()
    for needle, message in _STORAGE_FAULTS:
        if needle in detail:
            return StorageError(message)
    return None


def database_url(target: str | Path) -> str:
    """A SQLAlchemy URL for a file path or an existing URL."""
    value = str(target)
    if "://" in value:
        # postgresql:// means the driver this program ships (psycopg 3), not psycopg2.
        for scheme in ("postgresql://", "postgres://"):
            if value.startswith(scheme):
                return "postgresql+psycopg://" + value.removeprefix(scheme)
        return value
    return f"sqlite:///{Path(value).resolve()}"


def _sqlite_configurator(
    journal_mode: str, read_only: bool
) -> Callable[[sqlite3.Connection, object], None]:
    def configure(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # The sqlite3 module's own transaction handling commits silently before DDL and
        # around some statements; turn it off and let SQLAlchemy's BEGIN (below) decide,
        # so a multi-row action or a migration is all or nothing.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if read_only:
            # Another copy holds the file: read what it has written, write nothing.
            cursor.execute("PRAGMA query_only=ON")
        else:
            # On a local disk WAL lets readers and the writer work at once, and a
            # killed process leaves a WAL that the next open rolls forward or ignores
            # whole. A network share cannot give WAL the shared memory it needs, so
            # there the rollback journal (DELETE) is used, as SQLite advises.
            # synchronous=FULL fsyncs every commit before it returns, so a case
            # reported saved survives a power cut, not only a crash of the program.
            cursor.execute(f"PRAGMA journal_mode={journal_mode}")
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    return configure


def _optimize_at_close(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    """Gather the statistics the planner lacks, as SQLite advises, before a connection closes.

    ``PRAGMA optimize`` analyses only the tables this connection's queries would have
    planned better with statistics, and only when they have none or grew tenfold: at
    100k cases ~0.5 s once, ~1 ms afterwards. Measured at 100k (README, 性能): with them
    the closed-case list takes 0.3 ms instead of 1.1 s and the team filter 23 ms instead
    of 93 ms. Never fails a close (a busy file keeps its old statistics).
    """
    try:
        dbapi_connection.execute("PRAGMA optimize")
    except sqlite3.Error:
        pass


_WRITE_WORDS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


def writes(statement: str) -> bool:
    """The SQL statement changes the database (its data or its schema)."""
    return statement.lstrip().upper().startswith(_WRITE_WORDS)


def _refuse_writes(
    _conn: Connection,
    _cursor: object,
    statement: str,
    _parameters: object,
    _context: object,
    _executemany: bool,
) -> None:
    if writes(statement):
        raise ReadOnlyStoreError(
            "数据库以只读方式打开（另一台电脑或另一个窗口正在使用它），不能保存修改。"
            "请在对方关闭程序后重新打开本程序再保存。"
        )


def _begin_sqlite(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL, or None for memory databases and servers."""
    if not url.startswith("sqlite"):
        return None
    path_text = url.removeprefix("sqlite:///")
    if not path_text or path_text == ":memory:" or path_text == url:
        return None
    return Path(path_text)


def _check_sqlite_target(url: str, read_only: bool = False) -> None:
    path = sqlite_path(url)
    if path is None:
        return
    if path.exists():
        if path.is_dir():
            raise DatabaseOpenError(f"“{path}”是一个文件夹，不是数据库文件。请指定一个文件。")
        if not os.access(path, os.R_OK if read_only else os.R_OK | os.W_OK):
            raise DatabaseOpenError(
                f"没有读写数据库文件“{path}”的权限。请检查文件权限，或换一个位置。"
            )
        return
    if read_only:
        raise DatabaseOpenError(f"数据库文件“{path}”不存在，无法以只读方式打开。")
    folder = path.parent
    if not folder.exists():
        raise DatabaseOpenError(
            f"数据库所在的文件夹“{folder}”不存在。请先创建该文件夹，或指定其他位置。"
        )
    if not os.access(folder, os.W_OK):
        raise DatabaseOpenError(f"没有在文件夹“{folder}”中创建数据库的权限。请换一个位置。")


class _HintedSQLiteCompiler(SQLiteCompiler):
    """SQLite's statement compiler, writing a query's table hint (``INDEXED BY …``).

    SQLAlchemy's SQLite compiler drops ``with_hint``; the deadlines list needs one
    (model/cases/queries.py) because SQLite without statistics picks a worse index: a
    database's statistics come from ``PRAGMA optimize`` when its connections close
    (``_optimize_at_close``), so a new or never-closed one has none.
    """

    def get_from_hint_text(self, table: object, text: str | None) -> str | None:
        return text


def compact_json(value: Any) -> str:
    """How every JSON column is written: UTF-8 as is, no spaces.

    SQLAlchemy's default (``json.dumps``) escapes each Chinese character as ``\\uXXXX``
    (6 bytes for 3) and puts a space after every separator. Written by orjson: an import
    writes 30,000 such values, at a third of ``json``'s time.
    """
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")


def make_engine(
    target: str | Path,
    *,
    read_only: bool = False,
    journal_mode: str = "WAL",
    check: bool = True,
) -> Engine:
    """Open (without creating tables) the database at a path or URL.

    A file that exists gets SQLite's ``quick_check`` first; a damaged one raises
    ``DamagedDatabaseError``. ``read_only`` makes every connection refuse writes.
    """
    url = database_url(target)
    if url.startswith("sqlite"):
        _check_sqlite_target(url, read_only)
        path = sqlite_path(url)
        existed = path is not None and path.exists() and path.stat().st_size > 0
        engine = create_engine(
            url,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
            json_serializer=compact_json,
        )
        engine.dialect.statement_compiler = _HintedSQLiteCompiler
        event.listen(engine, "connect", _sqlite_configurator(journal_mode, read_only))
        event.listen(engine, "begin", _begin_sqlite)
        if read_only:
            event.listen(engine, "before_cursor_execute", _refuse_writes)
        else:
            event.listen(engine.pool, "close", _optimize_at_close)
    else:
        from model.entities.cases import use_postgresql_options

        use_postgresql_options()
        existed = False
        # A dead server must not freeze the window for minutes: give up after 10 s.
        server = {"connect_timeout": 10} if url.startswith("postgresql") else {}
        engine = create_engine(
            url, pool_pre_ping=True, connect_args=server, json_serializer=compact_json
        )
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            if url.startswith("sqlite"):
                connection.exec_driver_sql("PRAGMA schema_version").scalar()
                if existed and check:
                    findings = [r[0] for r in connection.exec_driver_sql("PRAGMA quick_check")]
                    if findings != ["ok"]:
                        raise DamagedDatabaseError(damaged_message(url, findings))
    except (DatabaseError, OperationalError) as error:
        engine.dispose()
        raise error_for(error, url) from error
    except DatabaseOpenError:
        engine.dispose()
        raise
    # From here on a write the disk refuses reaches the user as a StorageError (a
    # UserError every form already shows); the transaction is rolled back whole.
    event.listen(engine, "handle_error", _storage_error)
    return engine


def damaged_message(url: str, findings: list[str]) -> str:
    """The message for a file whose quick_check found damage."""
    where = url.removeprefix("sqlite:///")
    # SQLite's findings are technical English; the count is enough here, and the
    # 检查数据库 command lists them for whoever repairs the file.
    count = len([line for line in findings if not line.startswith("***")])
    return (
        f"数据库文件“{where}”已经损坏（完整性检查发现 {count} 处问题）。"
        "为避免丢失更多数据，程序不会在它上面继续工作。请从最近的完好备份恢复。"
    )


def error_for(error: Exception, url: str) -> DatabaseOpenError:
    """The DatabaseOpenError (of the right kind) for a driver error."""
    detail = str(getattr(error, "orig", error))
    message = describe_database_error(error, url)
    if "not a database" in detail or "malformed" in detail:
        return DamagedDatabaseError(message)
    return DatabaseOpenError(message)


def display_url(url: str) -> str:
    """A database's URL as a user may see it: a file's path, a server without password."""
    if url.startswith("sqlite"):
        return url.removeprefix("sqlite:///")
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1]


# Server errors (libpq's English) and what the user is told instead.
_SERVER_FAULTS = (
    ("password authentication failed", "用户名或密码不正确"),
    ("no password supplied", "需要密码：请在地址中给出，或设置环境变量 PGPASSWORD"),
    ("connection refused", "连接被拒绝：服务器未启动，或端口、防火墙设置不允许连接"),
    ("could not translate host name", "找不到该服务器名称，请检查地址"),
    ("timeout expired", "连接超时：请检查网络和服务器地址"),
    ("does not exist", "服务器上没有这个数据库或用户，请检查名称"),
    ("permission denied", "该用户没有所需的权限（需要拥有该数据库）"),
    ("pg_hba.conf", "服务器不允许从这台电脑连接（请管理员在 pg_hba.conf 中允许本机）"),
)


def describe_database_error(error: Exception, url: str) -> str:
    """A Chinese explanation of why the database could not be used."""
    detail = str(getattr(error, "orig", error))
    where = display_url(url)
    if not url.startswith("sqlite"):
        for needle, reason in _SERVER_FAULTS:
            if needle in detail.lower():
                return f"无法连接数据库服务器“{where}”：{reason}。"
        return f"无法使用数据库服务器“{where}”：{detail.strip()}"
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
    from model.storage.concurrency import AppSession  # entities import nothing from here

    return sessionmaker(engine, class_=AppSession, expire_on_commit=False)
