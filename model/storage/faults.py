"""A database error nobody foresaw becomes a Chinese message; its details go to the log.

The known refusals (a conflict, a duplicate number, a full disk) are ``UserError``s
with their own words. Anything else the driver raises — a constraint the program did
not expect, a server that went away, a bug — must still not reach a clerk as
``IntegrityError: duplicate key …``: ``user_error_for`` writes the full error and its
traceback to the log file beside the default database and returns a ``UserError``
that says nothing was saved, what to try, and where the details are. The session
(``AppSession.__exit__``) and the command line call it, so every service is covered
without catching anything itself.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from model.errors import UserError
from model.storage.paths import default_database_path

LOG_NAME = "zhixing-tuandui.log"
LOG_ENV = "ZT_LOG_FILE"  # where the log goes instead (tests, an administrator)


class DatabaseFault(UserError):
    """An unexpected database error, told in Chinese; the details are in the log."""


class ServerUnreachableError(DatabaseFault):
    """The database server did not answer: nothing was saved, try again when it is back."""


# Driver texts of a connection that is gone (libpq and SQLite's own words).
_GONE = (
    "server closed the connection",
    "connection refused",
    "could not connect",
    "connection is closed",
    "connection timed out",
    "timeout expired",
    "terminating connection",
    "no connection to the server",
    "the database system is shutting down",
    "the database system is starting up",
    "consuming input failed",
    "connection to server",
    "ssl connection has been closed",
)


def log_path() -> Path:
    """The log file: ``$ZT_LOG_FILE``, else beside the default database."""
    configured = os.environ.get(LOG_ENV)
    if configured:
        return Path(configured)
    return default_database_path().parent / LOG_NAME


def log_fault(error: BaseException, doing: str = "") -> Path | None:
    """Append the error and its traceback to the log; the log's path, None if unwritable."""
    path = log_path()
    lines = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {stamp} {doing}\n{lines}\n")
    except OSError:
        return None
    return path


def is_connection_lost(error: BaseException) -> bool:
    """True when the error says the database server (or its connection) is gone."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    detail = str(getattr(error, "orig", None) or error).lower()
    return any(needle in detail for needle in _GONE)


def unreachable_message() -> str:
    """What a clerk is told when the server does not answer during a save."""
    return (
        "无法连接数据库服务器，本次操作没有保存；已填写的内容仍保留在窗口中。"
        "请检查网络，或请管理员确认服务器已启动，稍后再保存。服务器恢复后无需重启程序。"
    )


def user_error_for(error: BaseException, doing: str = "") -> UserError:
    """The ``UserError`` a clerk sees for ``error``; unexpected ones are logged first."""
    if isinstance(error, UserError):
        return error
    where = log_fault(error, doing)
    if is_connection_lost(error):
        return ServerUnreachableError(unreachable_message())
    what = "数据库操作" if isinstance(error, SQLAlchemyError) else "程序"
    told = f"详细信息已记入日志文件“{where}”" if where is not None else "详细信息未能写入日志"
    return DatabaseFault(
        f"{what}出现意外错误（{type(error).__name__}），本次操作没有保存，"
        f"已填写的内容仍保留在窗口中。请重试；如果再次出现，请联系管理员，{told}。"
    )
