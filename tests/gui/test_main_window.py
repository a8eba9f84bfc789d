"""The main window: title, tabs, operator, remembered geometry, and a database that won't open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from gui import app as app_module
from gui.main_window import MainWindow
from model.store import Store


def make_window(qtbot, store: Store, settings: QSettings) -> MainWindow:
    window = MainWindow(store, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_window_is_chinese_with_its_tabs(qtbot, store: Store, qsettings: QSettings) -> None:
    window = make_window(qtbot, store, qsettings)
    assert window.windowTitle() == "执行团队办案管理"
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["收案", "期限", "报表", "人员名册"]
    assert window.operator_box.count() == 10
    assert any("王爱军（员额法官）" == window.operator_box.itemText(i) for i in range(10))


def test_size_position_tab_and_operator_come_back(
    qtbot, store: Store, qsettings: QSettings
) -> None:
    first = make_window(qtbot, store, qsettings)
    first.resize(640, 480)  # the offscreen screen is 800×600
    first.tabs.setCurrentIndex(3)
    first.operator_box.setCurrentIndex(4)
    chosen = first.operator_box.current_id()
    first.close()

    second = make_window(qtbot, store, qsettings)
    assert second.tabs.currentIndex() == 3
    assert second.size().width() == 640 and second.size().height() == 480
    assert second.operator_box.current_id() == chosen


def test_unopenable_database_is_explained_not_a_traceback(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _parent, _title, text: shown.append(text))
    )
    code = app_module.run_app(["--db", str(tmp_path / "missing" / "cases.sqlite")])
    assert code == 1
    assert shown and "不存在" in shown[0]
    assert not (tmp_path / "missing").exists()


def test_about_names_the_version_and_the_court(
    qtbot, store: Store, qsettings: QSettings, monkeypatch
) -> None:
    from gui.dialogs import about_dialog
    from model.version import VERSION

    shown: list[str] = []
    monkeypatch.setattr(
        about_dialog.AboutDialog,
        "ask",
        staticmethod(lambda _p, court, db: shown.append(about_dialog.about_text(court, db))),
    )
    window = make_window(qtbot, store, qsettings)
    help_menu = window.menuBar().actions()[-1].menu()
    about = next(a for a in help_menu.actions() if a.text().startswith("关于"))
    about.trigger()
    assert shown and VERSION in shown[0] and "江源林区基层法院" in shown[0]


def test_a_terminated_program_closes_normally_and_releases_its_lock(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    root = Path(__file__).resolve().parents[2]
    database = tmp_path / "cases.sqlite"
    lock = Path(f"{database}.lock")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    process = subprocess.Popen(
        [sys.executable, str(root / "main.py"), "--db", str(database)],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not lock.exists() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
        assert lock.exists(), f"the program did not open its database (exit {process.poll()})"
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0
    assert not lock.exists()
