"""A large database checked after the window shows: a damaged one closes the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow, QMessageBox

from gui.integrity_watch import IntegrityWatch
from tests.model.storage.test_integrity import closed_database, tear

pytestmark = pytest.mark.sqlite_only


def shown_window(qtbot) -> QMainWindow:
    window = QMainWindow()
    window.setWindowTitle("执行团队办案管理")
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_sound_file_leaves_the_window_working(qtbot, tmp_path: Path) -> None:
    window = shown_window(qtbot)
    watch = IntegrityWatch(closed_database(tmp_path), window)
    with qtbot.waitSignal(watch.finished, timeout=10_000):
        watch.start()
    assert watch.findings == ["ok"] and not watch.damaged and window.isVisible()


def test_a_damaged_file_is_explained_and_the_window_closes(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _parent, _title, text: shown.append(text))
    )
    path = closed_database(tmp_path)
    tear(path)
    window = shown_window(qtbot)
    watch = IntegrityWatch(path, window)
    with qtbot.waitSignal(watch.finished, timeout=10_000):
        watch.start()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert watch.damaged
    assert shown and "已经损坏" in shown[0] and "备份与恢复" in shown[0]


def test_the_check_starts_once_the_window_is_up(qtbot, tmp_path: Path) -> None:
    window = shown_window(qtbot)
    watch = IntegrityWatch(closed_database(tmp_path), window)
    started: list[bool] = []
    original = watch.start
    watch.start = lambda: (started.append(True), original())[1]  # type: ignore[method-assign]
    watch.start_soon(200)
    qtbot.wait(50)
    assert started == [] and watch.findings is None  # not yet: the window's first screen
    with qtbot.waitSignal(watch.finished, timeout=10_000):
        pass
    assert started == [True] and watch.findings == ["ok"] and window.isVisible()
