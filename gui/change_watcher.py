"""Reload when another PC (or window) saved: a light poll of the database's change counter.

The same poll notices a server that went away: it says so once (``unreachable``, with
the moment it was first missed), keeps asking, and says when it answers again
(``reachable``); the window shows it in the status bar. Nothing is swallowed: the
first failure of an outage is written to the log with its details.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy.exc import SQLAlchemyError

from model.errors import UserError
from model.storage.faults import log_fault, user_error_for

POLL_MS = 2500  # others' changes show within 5 s, at one tiny query per poll


class ChangeWatcher(QObject):
    """Polls ``others_changed`` on a timer; emits ``changed`` when it says True."""

    changed = Signal()
    unreachable = Signal(object, str)  # since when (datetime), the Chinese reason
    reachable = Signal()

    def __init__(
        self,
        others_changed: Callable[[], bool],
        interval_ms: int = POLL_MS,
        parent: QObject | None = None,
        *,
        now: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        super().__init__(parent)
        self._others_changed = others_changed
        self._now = now
        self.down_since: dt.datetime | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        """Ask once; a database that does not answer is reported, and asked again next time."""
        try:
            others = self._others_changed()
        except (SQLAlchemyError, UserError) as error:
            if self.down_since is None:
                self.down_since = self._now()
                reason = user_error_for(error, "检查其他电脑的修改")
                if isinstance(error, UserError):
                    log_fault(error, "检查其他电脑的修改")
                self.unreachable.emit(self.down_since, reason.message)
            return
        if self.down_since is not None:
            self.down_since = None
            self.reachable.emit()
        if others:
            self.changed.emit()
