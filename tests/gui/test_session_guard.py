"""The idle lock's watch on input, and its pause while long work runs on a worker thread."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QWindow
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget

import gui.session_guard
from gui.session_guard import SessionGuard, input_unwatched, unwatch_input_during_work
from model.access.users import LoginSession

START = dt.datetime(2026, 11, 28, 9, 0)


def shown(qtbot, widget: QWidget) -> QWindow:
    """The widget on screen and active, as a user has it: its window, which input
    reaches first."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    window = widget.windowHandle()
    assert window is not None
    qtbot.waitUntil(lambda: QApplication.focusWindow() is window)
    return window


def test_a_key_or_click_in_any_window_counts_dialogs_opened_later_too(qtbot) -> None:
    clock = [START]
    session = LoginSession(1, "王爱军", dt.timedelta(minutes=10), START)
    field = QLineEdit()
    main = shown(qtbot, field)  # open before the guard, as the login dialog is
    guard = SessionGuard(session, now=lambda: clock[0])
    clock[0] = START + dt.timedelta(minutes=2)
    QTest.keyClick(main, Qt.Key.Key_A)
    assert session.last_activity == START + dt.timedelta(minutes=2)
    dialog = QDialog()
    QLineEdit(dialog)
    window = shown(qtbot, dialog)
    clock[0] = START + dt.timedelta(minutes=4)
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert session.last_activity == START + dt.timedelta(minutes=4)
    clock[0] = START + dt.timedelta(minutes=6)
    QTest.keyClick(window, Qt.Key.Key_B)
    assert session.last_activity == START + dt.timedelta(minutes=6)
    guard.stop()
    guard.stop()  # a window closed twice: harmless
    clock[0] = START + dt.timedelta(minutes=8)
    QTest.keyClick(window, Qt.Key.Key_C)
    assert session.last_activity == START + dt.timedelta(minutes=6)  # stopped: not watched


def test_input_is_not_filtered_while_long_work_runs_and_the_wait_counts_as_activity(
    qtbot, monkeypatch
) -> None:
    monkeypatch.setattr(gui.session_guard, "_watching", None)  # undone after the test
    unwatch_input_during_work()  # the program's start-up setting (tune_process)
    clock = [START]
    session = LoginSession(1, "王爱军", dt.timedelta(minutes=10), START)
    guard = SessionGuard(session, now=lambda: clock[0])
    field = QLineEdit()
    window = shown(qtbot, field)

    def press() -> None:
        event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
        QApplication.sendEvent(window, event)

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


def test_a_window_shown_without_the_focus_is_watched_once_it_says_so(qtbot) -> None:
    clock = [START]
    session = LoginSession(1, "王爱军", dt.timedelta(minutes=10), START)
    guard = SessionGuard(session, now=lambda: clock[0])  # before the window, as the main one
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    window = field.windowHandle()
    assert window is not None
    guard.window_shown()  # MainWindow.showEvent; no focus change needed
    clock[0] = START + dt.timedelta(minutes=3)
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert session.last_activity == START + dt.timedelta(minutes=3)
    guard.stop()
