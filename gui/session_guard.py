"""Idle lock: the logged-in session expires after the configured minutes without input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from model.users import LoginSession

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.Wheel,
}
CHECK_MS = 15_000


class SessionGuard(QObject):
    """Watches the application's input; emits ``expired`` once the session has idled out."""

    expired = Signal()

    def __init__(
        self,
        session: LoginSession,
        now: Callable[[], dt.datetime] = dt.datetime.now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._now = now
        self.paused = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any key or mouse press counts as activity; the event goes on as usual."""
        if event.type() in _ACTIVITY and not self.paused:
            self.session.touch(self._now())
        return False

    def check(self) -> bool:
        """Emit ``expired`` (once) when the idle time has passed; True if it did."""
        if self.paused or not self.session.expired(self._now()):
            return False
        self.paused = True
        self.expired.emit()
        return True

    def resume(self, session: LoginSession) -> None:
        """Start watching a new login session."""
        self.session = session
        self.paused = False

    def stop(self) -> None:
        """Stop watching (the window is closing)."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
