"""The process-wide settings the program makes once at start."""

from __future__ import annotations

import gc
import sys

import pytest

import gui.session_guard
from gui.responsiveness import SWITCH_INTERVAL, tune_process


def test_threads_take_turns_often_and_start_up_objects_leave_the_collector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(gui.session_guard, "_watching", None)  # undone after the test
    interval = sys.getswitchinterval()
    before = gc.get_freeze_count()
    kept = object()  # alive now: frozen by the call below
    gc.disable()  # as main.py leaves it while the modules are imported
    try:
        tune_process()
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL)
        assert gc.get_freeze_count() > before and kept is not None
        assert gc.isenabled()  # collecting again from here on
        assert gui.session_guard._watching is not None  # guards now registered
    finally:
        gc.enable()
        gc.unfreeze()  # the rest of the test run collects as usual
        sys.setswitchinterval(interval)


def test_a_window_changes_none_of_them(qtbot, store, qsettings) -> None:
    """Tests build windows without the process-wide settings."""
    from gui.main_window import MainWindow

    interval, frozen = sys.getswitchinterval(), gc.get_freeze_count()
    window = MainWindow(store, qsettings)
    qtbot.addWidget(window)
    assert (sys.getswitchinterval(), gc.get_freeze_count()) == (interval, frozen)
