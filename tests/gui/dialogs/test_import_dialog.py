"""导入台账 dialog: bad rows shown with their numbers, import only when clean, good rows, cancel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.import_dialog import ImportDialog
from gui.worker_task import WorkerTask
from model.entities import Case
from tests.ledger_files import write_ledger
from tests.model.ledger.test_check import bad_ledger

TODAY = dt.date(2026, 12, 1)


def cases(sessions: sessionmaker[Session]) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(Case)) or 0


def open_dialog(qtbot, sessions, monkeypatch, path: Path) -> ImportDialog:
    dialog = ImportDialog(sessions, lambda: None, TODAY)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(ImportDialog, "ask_open_path", staticmethod(lambda parent: path))
    assert dialog.choose_file()
    return dialog


def test_bad_rows_are_listed_and_only_good_rows_can_be_imported(
    qtbot, sessions: sessionmaker[Session], tmp_path: Path, monkeypatch
) -> None:
    dialog = open_dialog(qtbot, sessions, monkeypatch, bad_ledger(sessions, tmp_path))
    assert "无误 1 行，有误 14 行" in dialog.summary.text()
    assert dialog.problems.rowCount() == 14
    assert dialog.problems.index(0, 0).data() == "第 2 行"
    assert "序号有误" in dialog.problems.index(0, 2).data()
    assert not dialog.import_button.isEnabled()
    assert dialog.good_only_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert cases(sessions) == 1  # only the case that was there before
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.good_only_button, Qt.MouseButton.LeftButton)
    assert dialog.imported is not None and dialog.imported.imported == 1
    assert cases(sessions) == 2


def test_a_clean_file_imports(
    qtbot, sessions: sessionmaker[Session], tmp_path: Path, monkeypatch
) -> None:
    path = write_ledger(
        tmp_path / "l.xlsx", ["案号", "立案日期"], [["（2026）吉0605执1号", "2026-03-01"]]
    )
    dialog = open_dialog(qtbot, sessions, monkeypatch, path)
    assert "检查通过" in dialog.summary.text()
    assert dialog.import_button.isEnabled() and not dialog.good_only_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert cases(sessions) == 1


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("案号,立案日期", encoding="utf-8"), "不是 Excel 工作簿"),
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600), "已加密"),
        (lambda p: write_ledger(p, ["案号"], [["（2026）吉0605执1号"]]), "缺少必需的列"),
        (lambda p: write_ledger(p, [], []), "是空的"),
    ],
)
def test_bad_files_are_explained_and_nothing_can_be_imported(
    qtbot, sessions: sessionmaker[Session], tmp_path: Path, monkeypatch, make, message: str
) -> None:
    path = tmp_path / "ledger.xlsx"
    make(path)
    dialog = open_dialog(qtbot, sessions, monkeypatch, path)
    assert message in dialog.summary.text()
    assert not dialog.import_button.isEnabled() and not dialog.good_only_button.isEnabled()
    assert cases(sessions) == 0


def test_cancelling_a_long_import_leaves_nothing(
    qtbot, sessions: sessionmaker[Session], tmp_path: Path, monkeypatch
) -> None:
    rows = [[f"（2026）吉0605执{i}号", "2026-03-01"] for i in range(1, 401)]
    dialog = open_dialog(
        qtbot, sessions, monkeypatch, write_ledger(tmp_path / "l.xlsx", ["案号", "立案日期"], rows)
    )
    assert dialog.import_button.isEnabled()
    monkeypatch.setattr(WorkerTask, "cancelled", lambda self: True)  # 取消 pressed
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "已取消导入" in dialog.summary.text()
    assert dialog.imported is None and cases(sessions) == 0


def test_ask_returns_none_when_no_file_is_chosen(
    qtbot, sessions: sessionmaker[Session], monkeypatch
) -> None:
    monkeypatch.setattr(ImportDialog, "ask_open_path", staticmethod(lambda parent: None))
    assert ImportDialog.ask(sessions, lambda: None, TODAY) is None


def test_event_rows_and_another_courts_numbers_are_shown(
    qtbot, sessions: sessionmaker[Session], tmp_path: Path, monkeypatch
) -> None:
    from openpyxl import Workbook

    path = tmp_path / "events.xlsx"
    book = Workbook()
    book.active.title = "台账"
    book.active.append(["案号", "立案日期", "分流依据"])
    book.active.append(["（2026）吉0605执1号", dt.date(2026, 3, 2), "S2"])
    book.active.append(["（2026）吉0602执2号", dt.date(2026, 3, 2), "O1"])
    events = book.create_sheet("期限事项")
    events.append(["案号", "事项", "开始日期", "结束日期", "批准人", "批准人职务", "理由"])
    events.append(["（2026）吉0602执2号", "延长", dt.date(2026, 8, 20), None, "赵明", "院长", "x"])
    events.append(
        ["（2026）吉0605执1号", "拍卖、变卖", dt.date(2026, 12, 5), None, None, None, "x"]
    )
    book.save(path)
    dialog = open_dialog(qtbot, sessions, monkeypatch, path)
    assert "期限事项 2 行，可登记 1 条" in dialog.summary.text()
    assert dialog.problems.index(0, 0).data() == "第 2 行"
    assert "该案的期限事项有误" in dialog.problems.index(0, 2).data()
    assert dialog.problems.index(1, 0).data() == "期限事项 第 3 行"
    assert "起始日期（2026-12-05）晚于今天（2026-12-01）" in dialog.problems.index(1, 2).data()
    assert not dialog.warnings_label.isHidden()
    assert dialog.warnings_label.text().startswith(
        "警告：第 3 行 （2026）吉0602执2号：注意：法院代字“吉0602”不是本院代字“吉0605”"
    )
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.good_only_button, Qt.MouseButton.LeftButton)
    assert dialog.imported is not None
    assert (dialog.imported.imported, dialog.imported.events) == (1, 1)
