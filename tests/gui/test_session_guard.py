"""The idle lock's watch on input, and its pause while long work runs on a worker thread."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

import gui.session_guard
from gui.session_guard import SessionGuard, input_unwatched, unwatch_input_during_work
from model.access.users import LoginSession

START = dt.datetime(2026, 11, 28, 9, 0)


def test_input_is_not_filtered_while_long_work_runs_and_the_wait_counts_as_activity(
    qtbot, monkeypatch
) -> None:
    monkeypatch.setattr(gui.session_guard, "_watching", None)  # undone after the test
    unwatch_input_during_work()  # the program's start-up setting (tune_process)
    clock = [START]
    session = LoginSession(1, "王爱军", dt.timedelta(minutes=10), START)
    guard = SessionGuard(session, now=lambda: clock[0])
    field = QLineEdit()
    qtbot.addWidget(field)

    def press() -> None:
        event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
        QApplication.sendEvent(field, event)

    clock[0] = START + dt.timedelta(minutes=3)
    press()
    assert session.last_activity == START + dt.timedelta(minutes=3)  # watched
    with input_unwatched():
        clock[0] = START + dt.timedelta(minutes=5)
        press()
        assert session.last_activity == START + dt.timedelta(minutes=3)  # not filtered
        clock[0] = START + dt.timedelta(minutes=8)
    assert session.last_activity == START + dt.timedelta(minutes=8)  # the wait counted
    clock[0] = START + dt.timedelta(minutes=9)
    press()
    assert session.last_activity == START + dt.timedelta(minutes=9)  # watched again
    guard.stop()
