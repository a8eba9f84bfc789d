"""The file dialogs: Chinese, dates as 2026-11-29, the last folder per purpose, Documents first."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, QSettings
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

from gui import file_dialogs
from gui.app import install_translations
from gui.file_dialogs import DATE_COLUMN, IsoDates, make_dialog


@pytest.fixture
def settings(qsettings: QSettings, monkeypatch) -> QSettings:
    monkeypatch.setattr(file_dialogs, "settings_factory", lambda: qsettings)
    return qsettings


@pytest.fixture
def chinese(qapp):
    translator = install_translations(qapp)
    assert translator is not None, "Qt's qtbase_zh_CN not found in the installed PySide6"
    yield
    qapp.removeTranslator(translator)


def test_the_dialog_speaks_chinese(qtbot, chinese, tmp_path: Path) -> None:
    dialog = make_dialog(None, "导出周报表", tmp_path, "Excel 工作簿 (*.xlsx)", saving=True)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    buttons = [button.text() for button in dialog.findChildren(QPushButton)]
    assert "查找范围(&L)：" in labels and "文件类型(&T)：" in labels
    assert "取消" in buttons and "保存(&S)" in buttons  # Qt's own translation
    assert not any("Look in" in t or "Files of" in t for t in labels)
    assert "修改日期" in file_dialogs.dialog_texts()


def test_dates_read_like_2026_11_29(qtbot, chinese, tmp_path: Path) -> None:
    target = tmp_path / "周报表.xlsx"
    target.write_bytes(b"x")
    moment = QDateTime.fromString("2026-11-29 14:05", "yyyy-MM-dd HH:mm")
    os.utime(target, (moment.toSecsSinceEpoch(), moment.toSecsSinceEpoch()))
    dialog = make_dialog(None, "导出", tmp_path, "Excel 工作簿 (*.xlsx)", saving=True)
    qtbot.addWidget(dialog)
    proxy = dialog.proxyModel()
    assert isinstance(proxy, IsoDates)

    def date_text() -> str:
        root = proxy.mapFromSource(proxy.sourceModel().index(str(tmp_path)))
        for row in range(proxy.rowCount(root)):
            if proxy.index(row, 0, root).data() == target.name:
                return str(proxy.index(row, DATE_COLUMN, root).data())
        return ""

    qtbot.waitUntil(lambda: date_text() != "")
    assert date_text() == "2026-11-29 14:05"
    root = proxy.mapFromSource(proxy.sourceModel().index(str(tmp_path)))
    size = proxy.index(0, 1, root).data()
    assert "bytes" not in size and "字节" in size  # the program's Chinese locale


def test_the_last_folder_is_remembered_per_purpose(settings, tmp_path: Path) -> None:
    assert file_dialogs.last_folder("weekly") == file_dialogs.documents_folder()
    (tmp_path / "周报").mkdir()
    file_dialogs.remember_folder("weekly", tmp_path / "周报" / "a.xlsx")
    assert file_dialogs.last_folder("weekly") == tmp_path / "周报"
    assert file_dialogs.last_folder("ledger") == file_dialogs.documents_folder()
    (tmp_path / "周报").rmdir()  # a folder that went away: back to Documents
    assert file_dialogs.last_folder("weekly") == file_dialogs.documents_folder()


def test_ask_save_path_starts_in_the_last_folder_and_keeps_the_new_one(
    qtbot, settings, tmp_path: Path, monkeypatch
) -> None:
    file_dialogs.remember_folder("weekly", tmp_path / "x.xlsx")
    seen: list[str] = []

    def run(dialog: QFileDialog) -> Path:
        seen.append(dialog.directory().absolutePath())
        return tmp_path / "sub" / "周报表.xlsx"

    monkeypatch.setattr(file_dialogs, "_run", run)
    (tmp_path / "sub").mkdir()
    chosen = file_dialogs.ask_save_path(None, "weekly", "导出周报表", "周报表.xlsx", "(*.xlsx)")
    assert chosen == tmp_path / "sub" / "周报表.xlsx"
    assert seen == [str(tmp_path)]
    assert file_dialogs.last_folder("weekly") == tmp_path / "sub"


def test_the_window_command_prints_the_dialog_in_chinese(capsys, chinese) -> None:
    import main

    # Through main(), as the installed program runs it: the whole line is checked there.
    assert main.main(["--dialog-texts"]) == 0
    printed = capsys.readouterr().out
    assert "查找范围" in printed and "取消" in printed and "修改日期" in printed
