"""Idle lock: the logged-in session expires after the configured minutes without input.

The guard watches the program's top-level windows (``QWindow``), not the application:
every key, click and wheel turn reaches its window before the widget it is for, so the
window's events are all the activity there is. An application-wide filter also saw each
paint, layout and child event of every widget, in Python; and the first event for one
of Qt's private widgets (a table's scroll-bar container) made PySide build the Python
type of every QObject class it knows, with their enums, to find the closest match:
50 ms of the window's start (issue 20).
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication

from model.access.users import LoginSession

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.Wheel,
}
CHECK_MS = 15_000
_watching: weakref.WeakSet[SessionGuard] | None = None  # set by unwatch_input_during_work


def unwatch_input_during_work() -> None:
    """From now on guards are registered, and ``input_unwatched`` lifts their filters.

    A process-wide setting: made once at start by ``gui.responsiveness.tune_process``.
    """
    global _watching
    if _watching is None:
        _watching = weakref.WeakSet()


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
        self._watching_input = False
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # A window shown later (a dialog, a menu) takes the focus when it opens.
            app.focusWindowChanged.connect(self._focus_moved)
            self.watch_input()
            if _watching is not None:
                _watching.add(self)

    def watch_input(self) -> None:
        """Watch every top-level window, and each one that is shown or takes the focus
        from now on."""
        self._watching_input = True
        self._watch_windows()

    def window_shown(self) -> None:
        """A window was shown: watched from now on, even before it takes the focus."""
        if self._watching_input:
            self._watch_windows()

    def _watch_windows(self) -> None:
        for window in QApplication.topLevelWindows():
            window.installEventFilter(self)  # Qt installs a filter once, however often asked

    def unwatch_input(self) -> None:
        """Stop watching the windows' input (until ``watch_input``)."""
        self._watching_input = False
        for window in QApplication.topLevelWindows():
            window.removeEventFilter(self)

    def _focus_moved(self, window: QWindow | None) -> None:
        if window is not None and self._watching_input:
            window.installEventFilter(self)

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
        if _watching is not None:
            _watching.discard(self)
        app = QApplication.instance()
        if isinstance(app, QApplication) and self._watching_input:
            app.focusWindowChanged.disconnect(self._focus_moved)
            self.unwatch_input()


@contextmanager
def input_unwatched() -> Iterator[None]:
    """While long work runs on a worker thread: no event goes through the idle lock's filter.

    The filter is Python, and with a worker busy in Python each of the hundreds of events
    a repaint or a dialog brings waited for the interpreter (a progress dialog took half a
    second to appear). The wait itself counts as activity: the user is at the desk. Does
    nothing unless ``unwatch_input_during_work`` was called.
    """
    assert QApplication.instance() is not None, "only called while the application runs"
    guards = [guard for guard in _watching or () if shiboken6.isValid(guard)]
    for guard in guards:
        guard.unwatch_input()
    try:
        yield
    finally:
        for guard in guards:
            if shiboken6.isValid(guard) and _watching is not None and guard in _watching:
                guard.watch_input()
                if not guard.paused:
                    guard.session.touch(guard._now())
