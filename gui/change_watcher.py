"""Reload when another PC (or window) saved: a light poll of the database's change counter."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from sqlalchemy.exc import SQLAlchemyError

from model.errors import UserError

POLL_MS = 2500  # others' changes show within 5 s, at one tiny query per poll


class ChangeWatcher(QObject):
    """Polls ``others_changed`` on a timer; emits ``changed`` when it says True."""

    changed = Signal()

    def __init__(
        self,
        others_changed: Callable[[], bool],
        interval_ms: int = POLL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._others_changed = others_changed
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        """Ask once; a server that does not answer now is asked again next time."""
        try:
            if self._others_changed():
                self.changed.emit()
        except (SQLAlchemyError, UserError):
            pass
