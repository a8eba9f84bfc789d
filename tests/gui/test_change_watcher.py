"""The change watcher: a save by another program reaches the window within 5 seconds."""

from __future__ import annotations

from pathlib import Path

from gui.change_watcher import ChangeWatcher
from model.storage.store import open_store
from tests.factories import make_case


def test_another_programs_save_is_signalled_within_five_seconds(qtbot, tmp_path: Path) -> None:
    mine = open_store(tmp_path / "cases.sqlite")
    theirs = open_store(tmp_path / "cases.sqlite", use_lock=False)
    try:
        assert mine.changes is not None
        watcher = ChangeWatcher(mine.changes.others_changed, interval_ms=200)
        with qtbot.waitSignal(watcher.changed, timeout=5000):
            with theirs.sessions.begin() as s:
                make_case(s)
        watcher.timer.stop()
    finally:
        theirs.close()
        mine.close()


def test_own_saves_and_a_failing_poll_emit_nothing(qtbot) -> None:
    calls: list[int] = []

    def poll() -> bool:
        calls.append(1)
        if len(calls) == 1:
            from sqlalchemy.exc import OperationalError

            raise OperationalError("SELECT 1", {}, Exception("server gone"))
        return False

    watcher = ChangeWatcher(poll, interval_ms=50)
    with qtbot.assertNotEmitted(watcher.changed, wait=300):
        qtbot.waitUntil(lambda: len(calls) >= 3, timeout=2000)
    watcher.timer.stop()


def test_the_main_window_reloads_its_tabs_when_others_saved(qtbot, store, qsettings) -> None:
    from gui.main_window import MainWindow

    window = MainWindow(store, qsettings)
    qtbot.addWidget(window)
    reloaded: list[int] = []
    for index in range(window.tabs.count()):
        tab = window.tabs.widget(index)
        tab.refresh = lambda i=index: reloaded.append(i)  # type: ignore[method-assign]
    window.change_watcher.changed.emit()
    assert sorted(reloaded) == list(range(window.tabs.count()))
