"""Reads from the database on a worker thread, so the window keeps answering.

The deadlines tab's first page is an index walk and is read at once; what needs a pass
over many cases (the totals, the urgency counts, the holiday-year check: up to a few
hundred milliseconds with a million cases) is read here. Each read gets its own
session from the session factory (SQLite and PostgreSQL drivers both let other
threads run while a query executes). Only the newest request is answered: a request
overtaken by a newer one before it starts is skipped, and its answer, if it was
already under way, is dropped.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal
from sqlalchemy.orm import Session, sessionmaker


class _Mailbox(QObject):
    """Carries answers from the worker threads to the GUI thread; one for the program.

    Workers never signal through a reader itself: a tab (and its reader) can be deleted
    while its worker is still reading, and a signal sent through a QObject being deleted
    on another thread crashes. This one lives as long as the program; an answer for a
    reader that is gone meanwhile is dropped.
    """

    answered = Signal(object)  # (reader number, ticket, result, error), queued across threads

    def __init__(self) -> None:
        super().__init__()
        self.readers: weakref.WeakValueDictionary[int, BackgroundReader] = (
            weakref.WeakValueDictionary()
        )
        self.answered.connect(self._deliver)

    def _deliver(self, answer: tuple[int, int, object, object]) -> None:
        number, ticket, result, error = answer
        reader = self.readers.get(number)
        if reader is not None and shiboken6.isValid(reader):  # its tab may be closed by now
            reader._deliver(ticket, result, error)


_mailbox: _Mailbox | None = None
_numbers = itertools.count(1)


def _the_mailbox() -> _Mailbox:
    global _mailbox
    if _mailbox is None:
        _mailbox = _Mailbox()  # made on the GUI thread, by the first reader
    return _mailbox


class BackgroundReader(QObject):
    """One worker thread answering the newest of its requests on the GUI thread."""

    def __init__(self, sessions: sessionmaker[Session], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reader")
        self._tickets = _Tickets()
        self._waiting: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None]]] = {}
        self._closed = False
        self._mailbox = _the_mailbox()
        self._number = next(_numbers)
        self._mailbox.readers[self._number] = self
        application = QCoreApplication.instance()
        if application is not None:  # done before the program closes its database
            application.aboutToQuit.connect(self.close)

    def read(
        self,
        work: Callable[[Session], Any],
        done: Callable[[Any], None],
        failed: Callable[[Exception], None],
    ) -> None:
        """Run ``work(session)`` off the GUI thread; then ``done(result)`` or ``failed(error)``."""
        if self._closed:
            return
        ticket = self._tickets.next()
        self._waiting = {ticket: (done, failed)}  # older requests will not be answered
        # The worker gets no reference to this QObject: see _Mailbox.
        self._executor.submit(_run, self._sessions, self._tickets, self._number, ticket, work)

    def busy(self) -> bool:
        """A request is still unanswered."""
        return bool(self._waiting)

    def close(self) -> None:
        """Answer nothing more, and wait for the read under way (before the store closes)."""
        self._closed = True
        self._waiting = {}
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _deliver(self, ticket: int, result: object, error: object) -> None:
        callbacks = self._waiting.pop(ticket, None)
        if callbacks is None:
            return
        done, failed = callbacks
        if isinstance(error, Exception):
            failed(error)
        else:
            done(result)


class _Tickets:
    """The number of a reader's newest request, shared with its worker thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._latest = 0

    def next(self) -> int:
        with self._lock:
            self._latest += 1
            return self._latest

    def overtaken(self, ticket: int) -> bool:
        with self._lock:
            return ticket != self._latest


def _run(
    sessions: sessionmaker[Session],
    tickets: _Tickets,
    number: int,
    ticket: int,
    work: Callable[[Session], Any],
) -> None:
    """On the worker thread: read, and post the answer to the mailbox."""
    if tickets.overtaken(ticket):
        return  # a newer request came before this one started
    result, error = None, None
    try:
        with sessions() as session:
            result = work(session)
    except Exception as caught:  # reported on the GUI thread, to the requester
        error = caught
    if _mailbox is not None:
        _mailbox.answered.emit((number, ticket, result, error))  # queued to the GUI thread
