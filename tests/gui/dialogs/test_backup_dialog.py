"""备份与恢复: the list, a backup to a chosen place, a confirmed restore, the check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMainWindow
from sqlalchemy import func, select

from gui.app import install_data_menu
from gui.dialogs.backup_dialog import BackupDialog
from gui.models.backup_table_model import BackupTableModel
from model.entities import Case
from model.storage.backup import list_backups, make_backup, verify_backup
from model.storage.store import Store
from tests.factories import make_case

NOW = dt.datetime(2026, 3, 2, 9, 30)


def add_cases(store: Store, count: int) -> None:
    with store.sessions.begin() as session:
        for _ in range(count):
            make_case(session)


def cases(store: Store) -> int:
    with store.sessions() as session:
        return session.scalar(select(func.count()).select_from(Case))


def open_dialog(qtbot, store: Store) -> BackupDialog:
    dialog = BackupDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def select_row(dialog: BackupDialog, row: int) -> None:
    dialog.table.selectionModel().select(
        dialog.model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def test_the_model_passes_the_model_tester(qtmodeltester, store: Store) -> None:
    make_backup(store.path, now=NOW)
    model = BackupTableModel(list_backups(store.path))
    qtmodeltester.check(model)
    assert model.data(model.index(0, 0)) == "2026-03-02 09:30"
    assert model.data(model.index(0, 1)) == "自动"
    assert model.data(model.index(0, 2)) == "0"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "案件数"


def test_the_dialog_lists_backups_with_date_and_case_count(qtbot, store: Store) -> None:
    add_cases(store, 3)
    make_backup(store.path, now=NOW)
    dialog = open_dialog(qtbot, store)
    assert dialog.model.rowCount() == 1
    assert dialog.model.data(dialog.model.index(0, 2)) == "3"
    assert "backups" in dialog.folder_label.text()
    assert not dialog.restore_button.isEnabled()  # nothing selected yet


def test_backup_now_to_a_usb_stick(qtbot, store: Store, tmp_path: Path, monkeypatch) -> None:
    add_cases(store, 2)
    target = tmp_path / "U盘" / "备份.sqlite"
    target.parent.mkdir()
    monkeypatch.setattr(BackupDialog, "choose_target", staticmethod(lambda *_a: target))
    dialog = open_dialog(qtbot, store)
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert verify_backup(target) == 2
    assert "已备份" in dialog.message_label.text() and "2 件案件" in dialog.message_label.text()


def test_a_failed_backup_is_explained(qtbot, store: Store, tmp_path: Path, monkeypatch) -> None:
    missing = tmp_path / "拔出的U盘" / "备份.sqlite"
    monkeypatch.setattr(BackupDialog, "choose_target", staticmethod(lambda *_a: missing))
    dialog = open_dialog(qtbot, store)
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert "不存在" in dialog.message_label.text()
    assert dialog.message_label.property("role") == "error"


def test_restore_after_confirmation_keeps_the_current_data(
    qtbot, store: Store, monkeypatch
) -> None:
    add_cases(store, 1)
    make_backup(store.path, now=NOW)
    add_cases(store, 4)
    asked: list[str] = []
    monkeypatch.setattr(
        BackupDialog, "confirm", staticmethod(lambda _p, q: asked.append(q) or True)
    )
    dialog = open_dialog(qtbot, store)
    select_row(dialog, 0)
    assert dialog.restore_button.isEnabled()
    with qtbot.waitSignal(dialog.restored):
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert cases(store) == 1
    assert "1 件案件" in asked[0] and "先把当前数据备份" in asked[0]
    kept = [b for b in list_backups(store.path) if b.kind_label == "恢复前"]
    assert [b.cases for b in kept] == [5]
    assert "已恢复" in dialog.message_label.text()


def test_declining_the_confirmation_restores_nothing(qtbot, store: Store, monkeypatch) -> None:
    make_backup(store.path, now=NOW)
    add_cases(store, 2)
    monkeypatch.setattr(BackupDialog, "confirm", staticmethod(lambda *_a: False))
    dialog = open_dialog(qtbot, store)
    select_row(dialog, 0)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert cases(store) == 2 and dialog.model.rowCount() == 1


def test_check_reports_a_sound_database(qtbot, store: Store) -> None:
    add_cases(store, 2)
    dialog = open_dialog(qtbot, store)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.message_label.text() == "数据库完好：共 2 件案件。"


def test_the_data_menu_opens_the_dialog(qtbot, store: Store, monkeypatch) -> None:
    calls: list[bool] = []
    monkeypatch.setattr(
        BackupDialog, "ask", classmethod(lambda cls, s, p, check=False: calls.append(check))
    )
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = install_data_menu(window, store)
    actions = {action.text(): action for action in menu.actions()}
    assert menu.title() == "数据(&D)" and set(actions) >= {"备份与恢复(&B)…", "检查数据库(&C)"}
    actions["备份与恢复(&B)…"].trigger()
    actions["检查数据库(&C)"].trigger()
    assert calls == [False, True]
