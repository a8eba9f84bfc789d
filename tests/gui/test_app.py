"""The data-safety parts of start-up: notices, the automatic backup at close and by timer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from gui import app as app_module
from gui.app import NETWORK_WARNING, READ_ONLY_NOTE, install_data_safety
from model.storage.backup import list_backups
from model.storage.store import Store, open_store
from tests.factories import make_case


def window_for(qtbot, store: Store) -> QMainWindow:
    window = QMainWindow()
    window.setWindowTitle("执行团队办案管理")
    qtbot.addWidget(window)
    install_data_safety(window, store)
    return window


def notices(window: QMainWindow) -> list[str]:
    return [label.text() for label in window.statusBar().findChildren(QLabel)]


def test_a_network_database_is_warned_about(qtbot, store: Store) -> None:
    store.network = True
    window = window_for(qtbot, store)
    assert NETWORK_WARNING in notices(window)
    assert "服务器数据库" in NETWORK_WARNING


def test_a_read_only_window_says_so(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    open_store(path).close()
    reader = open_store(path, read_only=True)
    try:
        window = window_for(qtbot, reader)
        assert window.windowTitle().endswith("（只读）")
        assert READ_ONLY_NOTE in notices(window)
    finally:
        reader.close()


def test_a_local_writable_database_shows_no_notice(qtbot, store: Store) -> None:
    store.created = False  # as on every start after the first (the fixture just created it)
    assert notices(window_for(qtbot, store)) == []


def test_the_timer_takes_the_daily_backup_after_changes(qtbot, store: Store) -> None:
    window = window_for(qtbot, store)
    with store.sessions.begin() as session:
        make_case(session)
    window.backup_timer.timeout.emit()
    [backup] = list_backups(store.path)
    assert backup.cases == 1 and backup.kind_label == "自动"
    assert "已自动备份" in window.statusBar().currentMessage()


def test_closing_after_changes_takes_a_backup(qtbot, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "cases.sqlite"
    calls: list[bool] = []

    def record(store: Store, *, closing: bool = False, now: dt.datetime | None = None) -> None:
        calls.append(closing)
        assert store.lock is not None  # still open while backing up

    monkeypatch.setattr(app_module, "auto_backup_if_due", record)
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda *a: None))
    from gui.dialogs.login_dialog import LoginDialog
    from model.access.users import default_user

    # The login before the window: the chief logs in.
    monkeypatch.setattr(LoginDialog, "ask", staticmethod(lambda s, *a, **k: default_user(s)))
    assert app_module.run_app(["--db", str(path), "--quit-after", "50"]) == 0
    assert calls[-1] is True
    assert not Path(str(path) + ".lock").exists()  # released at close


def test_the_data_menu_checks_the_audit_record(qtbot, store: Store, monkeypatch) -> None:
    from sqlalchemy import text

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda _p, _t, m: shown.append(("ok", m)))
    )
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _p, _t, m: shown.append(("bad", m)))
    )
    from model.triage.settings import COURT_NAME, set_setting

    for name in ("甲法院", "乙法院"):  # two more entries after seeding's one
        with store.sessions.begin() as s:
            set_setting(s, COURT_NAME, name)
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = app_module.install_data_menu(window, store)
    check = next(a for a in menu.actions() if a.text() == "校验操作记录(&V)")
    check.trigger()
    assert shown[-1][0] == "ok" and "操作记录完整" in shown[-1][1]
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_entries WHERE seq = 2"))
    check.trigger()
    assert shown[-1][0] == "bad" and "第 2 条" in shown[-1][1]


def test_the_window_refuses_a_foreign_file_untouched(qtbot, tmp_path: Path, monkeypatch) -> None:
    from tests.model.storage.test_foreign_file import assert_untouched, foreign_file

    path = foreign_file(tmp_path, "own-id")
    before = path.read_bytes()
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _parent, _title, text: shown.append(text))
    )
    assert app_module.run_app(["--db", str(path)]) == 1
    assert "不是本程序创建的" in shown[0] and "未作任何改动" in shown[0]
    assert_untouched(path, before)


def test_a_new_database_is_announced(qtbot, tmp_path: Path) -> None:
    created = open_store(tmp_path / "新建.sqlite")
    try:
        assert created.created
        window = window_for(qtbot, created)
        assert any(text.startswith(f"已新建数据库 {created.label}") for text in notices(window))
    finally:
        created.close()
    existing = open_store(tmp_path / "新建.sqlite")
    try:
        assert not any("已新建数据库" in text for text in notices(window_for(qtbot, existing)))
    finally:
        existing.close()
