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


def test_a_failing_poll_is_reported_once_with_its_start_then_its_end(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """Issue 18: the watcher no longer swallows a database that stops answering."""
    import datetime as dt

    from sqlalchemy.exc import OperationalError

    log = tmp_path / "zhixing-tuandui.log"
    monkeypatch.setenv("ZT_LOG_FILE", str(log))
    answers: list[object] = [
        OperationalError("SELECT 1", {}, Exception("connection refused")),
        OperationalError("SELECT 1", {}, Exception("connection refused")),
        True,
    ]

    def poll() -> bool:
        answer = answers.pop(0) if answers else False
        if isinstance(answer, Exception):
            raise answer
        return bool(answer)

    moment = dt.datetime(2026, 11, 29, 9, 30, 5)
    watcher = ChangeWatcher(poll, interval_ms=60_000, now=lambda: moment)
    watcher.timer.stop()
    outages: list[tuple[object, str]] = []
    watcher.unreachable.connect(lambda since, reason: outages.append((since, reason)))
    watcher.check()
    watcher.check()  # still down: said once
    assert outages == [(moment, outages[0][1])] and watcher.down_since == moment
    assert "无法连接数据库服务器" in outages[0][1]
    assert "connection refused" in log.read_text(encoding="utf-8")
    with qtbot.waitSignals([watcher.reachable, watcher.changed]):
        watcher.check()  # back, and others saved meanwhile
    assert watcher.down_since is None
