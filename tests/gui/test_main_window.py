"""The main window: title, tabs, operator, remembered geometry, and a database that won't open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from gui import app as app_module
from gui.main_window import MainWindow
from model.access.users import LoggedIn
from model.storage.store import Store


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
    assert titles[1:] == ["收案", "期限", "报表", "统计", "人员名册"]
    assert titles[0].startswith("待办")  # first, with its count once read
    # Built without a login (tests), the window works as the chief.
    assert window.user_label.text() == "当前用户：王爱军（局长）"
    assert window.operator() == 1


def test_size_and_position_come_back_and_it_opens_on_todo(
    qtbot, store: Store, qsettings: QSettings
) -> None:
    first = make_window(qtbot, store, qsettings)
    first.resize(640, 480)  # the offscreen screen is 800×600
    first.tabs.setCurrentIndex(4)
    first.close()

    second = make_window(qtbot, store, qsettings)
    assert second.tabs.currentIndex() == 0  # 待办, the first thing shown (SPEC §8)
    assert second.size().width() == 640 and second.size().height() == 480


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


# --- who is logged in: roles in the window, idle lock, switching user ----------------


def clerk() -> LoggedIn:
    return LoggedIn(7, "高博", "书记员", False)


def test_a_clerks_window_disables_the_chiefs_controls_with_the_reason(
    qtbot, store: Store, qsettings: QSettings
) -> None:
    window = MainWindow(store, qsettings, clerk())
    qtbot.addWidget(window)
    assert window.user_label.text() == "当前用户：高博（书记员）"
    roster = window.roster_tab
    for button in (roster.add_person_button, roster.members_button, roster.add_group_button):
        assert not button.isEnabled() and "高博（书记员）无权修改人员名册" in button.toolTip()
    assert not window.intake_tab.settings_button.isEnabled()
    assert window.intake_tab.save_button.isEnabled()  # intake is a clerk's work
    assert not window.users_action.isEnabled()
    roster.people_view.selectRow(0)
    assert not roster.toggle_person_active()  # forced anyway: the model refuses, the tab says so
    assert "无权" in roster.message_label.text()


def test_a_key_in_the_window_counts_as_activity_for_the_idle_lock(
    qtbot, store: Store, qsettings: QSettings
) -> None:
    import datetime as dt

    from PySide6.QtTest import QTest

    clock = [dt.datetime(2026, 3, 2, 9, 0)]
    window = MainWindow(store, qsettings, clerk(), now=lambda: clock[0])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    handle = window.windowHandle()
    assert handle is not None
    clock[0] += dt.timedelta(minutes=14)
    QTest.keyClick(handle, Qt.Key.Key_Down)  # the list's keys: input as a user gives it
    clock[0] += dt.timedelta(minutes=1)
    assert not window.guard.check()  # 1 minute idle, not 15


def test_an_idle_window_locks_and_a_new_login_takes_over(
    qtbot, store: Store, qsettings: QSettings, monkeypatch
) -> None:
    import datetime as dt

    from gui.dialogs.login_dialog import LoginDialog

    clock = [dt.datetime(2026, 3, 2, 9, 0)]
    window = MainWindow(store, qsettings, clerk(), now=lambda: clock[0])
    qtbot.addWidget(window)
    asked: list[str] = []

    def fake_ask(sessions, parent=None, *, name=None, reason="", cancel_text="退出"):
        asked.append(reason)
        assert not window.tabs.isVisible()  # the work is hidden while locked
        from model.access.users import default_user

        return default_user(sessions)  # the chief logs in

    monkeypatch.setattr(LoginDialog, "ask", staticmethod(fake_ask))
    clock[0] += dt.timedelta(minutes=14)
    assert not window.guard.check()
    clock[0] += dt.timedelta(minutes=1)  # 15 minutes idle: the default
    assert window.guard.check()
    assert asked and "15 分钟未操作" in asked[0]
    assert window.user_label.text() == "当前用户：王爱军（局长）"
    assert window.roster_tab.add_person_button.isEnabled()


def test_nobody_logging_in_after_the_lock_closes_the_window(
    qtbot, store: Store, qsettings: QSettings, monkeypatch
) -> None:
    from gui.dialogs.login_dialog import LoginDialog

    window = make_window(qtbot, store, qsettings)
    monkeypatch.setattr(LoginDialog, "ask", staticmethod(lambda *a, **k: None))
    with qtbot.waitSignal(window.destroyed, timeout=1000, raising=False):
        assert not window.lock()
    assert not window.isVisible()


def test_esc_on_switch_user_keeps_the_user_and_the_window(
    qtbot, store: Store, qsettings: QSettings, monkeypatch
) -> None:
    from gui.dialogs.login_dialog import LoginDialog

    window = MainWindow(store, qsettings, clerk())
    qtbot.addWidget(window)
    window.show()
    offered: list[str] = []

    def give_up(sessions, parent=None, *, name=None, reason="", cancel_text="退出"):
        offered.append(cancel_text)
        return None  # Esc

    monkeypatch.setattr(LoginDialog, "ask", staticmethod(give_up))
    assert not window.switch_user()
    assert offered == ["取消"]
    assert window.isVisible() and window.tabs.isVisible()
    assert window.user_label.text() == "当前用户：高博（书记员）"
    assert not window.guard.paused


def test_a_login_is_remembered_for_the_next_start(
    qtbot, store: Store, qsettings: QSettings, monkeypatch
) -> None:
    from gui.dialogs.login_dialog import LoginDialog

    offered: list[str | None] = []

    def log_in(sessions, parent=None, *, name=None, reason="", cancel_text="退出"):
        offered.append(name)
        return clerk()

    monkeypatch.setattr(LoginDialog, "ask", staticmethod(log_in))
    assert app_module.login_at_start(store, qsettings) == clerk()
    assert app_module.login_at_start(store, qsettings) == clerk()
    assert offered == [None, "高博"]  # the first start offers nobody, the next 高博
    window = MainWindow(store, qsettings, clerk())
    qtbot.addWidget(window)
    window.set_user(LoggedIn(1, "王爱军", "局长", False))
    assert qsettings.value("login/last_name") == "王爱军"


def test_focus_waits_in_the_case_number_when_intake_opens(
    qtbot, store: Store, qsettings: QSettings
) -> None:
    # After login the window shows 待办 (SPEC §8); one key (Ctrl+2) brings 收案 with the
    # cursor already in 案号.
    window = make_window(qtbot, store, qsettings)
    window.activateWindow()
    assert window.tabs.currentIndex() == 0
    window.show_page("收案")
    qtbot.waitUntil(lambda: window.intake_tab.form.number_edit.hasFocus())


def test_menus_have_alt_letters_and_tab_shortcuts(
    qtbot, store: Store, qsettings: QSettings, monkeypatch
) -> None:
    window = make_window(qtbot, store, qsettings)
    app_module.install_data_menu(window, store)
    menus = [action.menu() for action in window.menuBar().actions()]
    assert [menu.title() for menu in menus] == ["文件(&F)", "数据(&D)", "报表(&R)", "帮助(&H)"]

    def items(menu):
        for action in menu.actions():
            if action.isSeparator():
                continue
            yield action
            if action.menu() is not None:
                yield from items(action.menu())

    for menu in menus:
        for action in items(menu):
            assert "(&" in action.text(), action.text()
    go = next(a.menu() for a in menus[0].actions() if a.menu() is not None)
    shortcuts = {a.text(): a.shortcut().toString() for a in go.actions()}
    titles = window.page_titles()
    assert list(shortcuts) == [f"{t}(&{i})" for i, t in enumerate(titles, start=1)]
    assert list(shortcuts.values()) == [f"Ctrl+{i}" for i in range(1, len(titles) + 1)]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.intake_tab.form.number_edit.setFocus()
    qtbot.keyClick(window.intake_tab.form.number_edit, "2", Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1
    texts = {a.text() for menu in menus for a in items(menu)}
    assert {"导入台账(&I)…", "导出全部案件(&E)…", "导出周报表(&W)…"} <= texts


def test_a_menu_item_presses_the_tabs_button(
    qtbot, store: Store, qsettings: QSettings, monkeypatch
) -> None:
    from gui import main_menus
    from gui.tabs.reports_tab import ReportsTab

    window = make_window(qtbot, store, qsettings)
    calls: list[str] = []
    monkeypatch.setattr(ReportsTab, "export_cases", lambda self: calls.append("cases"))
    monkeypatch.setattr(ReportsTab, "export_weekly", lambda self: calls.append("weekly"))
    assert main_menus.press(window, "报表", "export_cases_button")
    assert window.tabs.currentWidget().built is window.reports_tab  # type: ignore[attr-defined]
    assert main_menus.press(window, "报表", "export_button")  # once the week is read
    qtbot.waitUntil(lambda: calls == ["cases", "weekly"])


def test_a_finished_export_is_reported_in_the_status_bar(
    qtbot, store: Store, qsettings: QSettings, monkeypatch, tmp_path: Path
) -> None:
    from gui import export_notice

    window = make_window(qtbot, store, qsettings)
    opened: list[Path] = []
    monkeypatch.setattr(export_notice, "open_folder", lambda path: opened.append(path) or True)
    notice = window.export_notice
    assert not notice.isVisible()
    for tab in (window.reports_tab, window.deadlines_tab):  # the same way from every tab
        target = tmp_path / f"{id(tab)}.xlsx"
        tab.exported.emit("已导出 3 件案件：清单.xlsx", str(target))
        assert notice.isVisible() and notice.label.text() == "已导出 3 件案件：清单.xlsx"
        qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
        assert opened[-1] == target


def test_the_outage_line_is_bold_and_in_the_error_colour(
    qtbot, store: Store, qsettings: QSettings
) -> None:
    import datetime as dt

    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from gui.widgets.messages import STYLE_SHEET, error_colour

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet(STYLE_SHEET.read_text(encoding="utf-8"))  # as the program's start sets it
    try:
        window = make_window(qtbot, store, qsettings)
        window._database_unreachable(dt.datetime(2026, 11, 30, 9, 0), "test")
        label = window.outage_label
        qtbot.waitUntil(label.isVisible)
        assert label.font().bold()
        assert label.palette().color(QPalette.ColorRole.WindowText) == error_colour()
    finally:
        app.setStyleSheet("")
