"""The case list written by a child process, so the window never waits for its Python.

On a worker thread the writer held the interpreter the window needs to paint: the
window's longest stall during an export was 131 ms at 100k cases and about 200 ms at
1M (README, 性能). A child process (``spawn``, the way Windows and the frozen bundle
start one; main.py calls ``freeze_support``) has an interpreter of its own.

The child is given addresses, not objects: the database's URL (it opens the file, or
connects to the server, read-only itself), the temporary file to write beside the
target, and a scratch folder for XlsxWriter's own temporary files. It writes with the
one writer of the list (``write_case_book``, as the command line does) and tells the
parent its progress, its row count or its error through a pipe. The parent
(``CaseListChild``) is polled, never waits: 取消 terminates the child, and the parent
removes what it left. Nothing here imports Qt; a test checks the child never does.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from sqlalchemy.engine import Engine

from model.cases.queries import CaseFilter
from model.errors import UserError

# How long a terminated child may take to go before it is killed (seconds).
STOP_WAIT = 5.0


@dataclass(frozen=True)
class ExportJob:
    """What the child needs, all of it picklable: addresses and the filter's values."""

    database: str  # the SQLAlchemy URL, password included (it travels through a pipe)
    case_filter: CaseFilter | None
    target: str  # the temporary file beside the user's target
    scratch: str  # XlsxWriter's temporary files; the parent removes the folder
    today: dt.date


class ExportFailed(UserError):
    """The child could not write the list (its message), or it died."""


def reopenable_url(engine: Engine) -> str:
    """The URL a child process connects to the same database with.

    Refused for a database only this process can see (SQLite in memory).
    """
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        raise ExportFailed("内存数据库不能由导出进程打开。")
    return url.render_as_string(hide_password=False)


def write_in_child(job: ExportJob, news: Connection) -> None:
    """The child's entry point: write the list, saying how far it got and how it ended.

    Messages: ``("progress", done, total)`` as it goes, then ``("done", rows)`` or
    ``("error", message)``.
    """
    try:
        news.send(("done", _write(job, news)))
    except UserError as error:
        news.send(("error", error.message))
    except OSError as error:
        name = os.path.basename(job.target)
        news.send(("error", f"无法写入导出文件（{name}）：{error.strerror or error}"))
    except Exception as error:  # anything else still reaches the user, in words
        first_line = (str(error).splitlines() or [""])[0][:300]
        news.send(("error", f"导出失败：{type(error).__name__}: {first_line}"))
    finally:
        news.close()


def _write(job: ExportJob, news: Connection) -> int:
    yield_to_the_window()
    from sqlalchemy.orm import sessionmaker

    from model.reports.case_list import write_case_book
    from model.storage.engine import make_engine

    # Read-only (writes refused, SQLite's query_only); no quick_check: the window
    # opened and checked this database already, and at 1M cases it takes seconds.
    engine = make_engine(job.database, read_only=True, check=False)
    try:

        def progress(done: int, total: int) -> None:
            news.send(("progress", done, total))

        sessions = sessionmaker(engine)
        return write_case_book(
            job.target, sessions, job.case_filter, job.today, progress, scratch=job.scratch
        )
    finally:
        engine.dispose()


def yield_to_the_window() -> None:
    """Lower this process's priority: on a busy PC the window gets the processor first.

    The child wants a whole core for minutes; the window wants a few milliseconds now
    and then, and a stall is the window waiting for its turn.
    """
    try:
        if sys.platform == "win32":
            import ctypes

            below_normal = 0x4000  # BELOW_NORMAL_PRIORITY_CLASS
            kernel = ctypes.windll.kernel32
            kernel.SetPriorityClass(kernel.GetCurrentProcess(), below_normal)
        else:
            os.nice(10)
    except (OSError, AttributeError):
        pass  # the export runs at the usual priority: slower to yield, not wrong


class CaseListChild:
    """The parent's side of one export in a child process: start, poll, cancel, close."""

    def __init__(self, database: str, case_filter: CaseFilter | None, target: str,
                 today: dt.date) -> None:  # fmt: skip
        self.done = 0
        self.total = 0
        self.written: int | None = None  # the rows, once the child finished
        self.error: str | None = None  # the message, once it failed or died
        self._scratch = tempfile.mkdtemp(prefix="zt-export-")
        self.job = ExportJob(database, case_filter, target, self._scratch, today)
        context = multiprocessing.get_context("spawn")
        self._news, child_end = context.Pipe(duplex=False)
        self._child_end: Connection | None = child_end
        # A daemon: should the window's process end, the child is ended with it.
        self.process = context.Process(
            target=write_in_child, args=(self.job, child_end), name="case-list-export", daemon=True
        )
        self._started = False

    def start(self) -> None:
        """Start the child (returns at once; it imports and connects on its own)."""
        try:
            self.process.start()
        except OSError as error:
            raise ExportFailed(f"无法启动导出进程：{error.strerror or error}") from None
        self._started = True
        # The parent's copy of the child's end is closed, so the pipe ends (EOFError)
        # when the child does, however it ends.
        if self._child_end is not None:
            self._child_end.close()
            self._child_end = None

    def ended(self, timeout: float = 0.0) -> bool:
        """Read what the child has said so far; True once it has finished, failed or died.

        Returns at once (the window polls it from a timer); ``timeout`` waits for news.
        """
        if self.written is not None or self.error is not None:
            return True
        gone = not self.process.is_alive()  # before reading: a gone child said all it had
        try:
            waiting = timeout
            while self._news.poll(waiting):
                waiting = 0.0
                self._take(self._news.recv())
        except (EOFError, OSError):
            gone = True
        if self.written is None and self.error is None and gone:
            self.process.join(STOP_WAIT)
            self.error = died_message(self.process.exitcode)
        return self.written is not None or self.error is not None

    def _take(self, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "progress":
            self.done, self.total = message[1], message[2]
        elif kind == "done":
            self.written = int(message[1])
            self.done = self.total = self.written
        elif kind == "error":
            self.error = str(message[1])

    def cancel(self) -> None:
        """Stop the child now (terminate; kill if it does not go)."""
        if not self._started:
            return
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(STOP_WAIT)
            if self.process.is_alive():
                self.process.kill()
        self.process.join(STOP_WAIT)

    def close(self) -> None:
        """Release the pipe and the process, and remove the scratch folder.

        The temporary target is the caller's (``atomic_target`` removes it).
        """
        self.cancel()  # at once if it has ended
        self._news.close()
        if self._child_end is not None:  # never started
            self._child_end.close()
            self._child_end = None
        shutil.rmtree(self._scratch, ignore_errors=True)


def died_message(exitcode: int | None) -> str:
    """What the user reads when the child ended without a word (crashed or killed)."""
    how = f"退出码 {exitcode}" if exitcode is not None else "未能结束"
    return (
        f"导出进程意外终止（{how}），没有生成文件。"
        "可能是内存或磁盘空间不足，或进程被安全软件结束；请重试，如仍失败请联系管理员。"
    )
