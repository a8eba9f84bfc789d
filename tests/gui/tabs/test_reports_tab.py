"""报表 tab: the week in the window, export, preview, print, PDF, and the files in and out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.import_dialog import ImportDialog
from gui.tabs.reports_tab import ReportsTab
from model.cases.events.periods import record_excluded_period
from model.entities import Case
from tests.model.ledger.test_check import bad_ledger
from tests.model.reports.test_weekly import build_week

TODAY = dt.date(2026, 12, 1)


def make_tab(qtbot, sessions: sessionmaker[Session]) -> ReportsTab:
    tab = ReportsTab(sessions, lambda: None)
    qtbot.addWidget(tab)
    tab.today = lambda: TODAY
    shown(qtbot, tab, lambda: tab.week_edit.setDate(QDate(2026, 11, 25)))
    tab.show()
    return tab


def shown(qtbot, tab: ReportsTab, action) -> None:
    """Do something that rereads the week, and wait for the figures (read in the background)."""
    with qtbot.waitSignal(tab.report_shown):
        action()
    qtbot.waitUntil(lambda: not tab.reader.busy())


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def save_to(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(ReportsTab, "ask_save_path", staticmethod(lambda *args: path))


def test_the_week_is_shown(qtbot, sessions: sessionmaker[Session], tmp_path: Path) -> None:
    build_week(sessions)
    tab = make_tab(qtbot, sessions)
    assert tab.week_label.text() == "2026年11月23日（周一）至11月29日（周日）"
    model = tab.weekly_model
    assert model.index(model.rowCount() - 1, 1).data() == "合计"
    assert model.index(model.rowCount() - 1, 2).data() == "10"
    assert tab.urgent_model.rowCount() == 5
    assert "5 件" in tab.urgent_label.text()
    tab.resize(1200, 700)
    tab.grab().save(str(tmp_path / "reports.png"))


def test_a_week_not_begun_is_explained(qtbot, sessions: sessionmaker[Session]) -> None:
    tab = make_tab(qtbot, sessions)
    shown(qtbot, tab, lambda: tab.week_edit.setDate(QDate(2027, 1, 6)))
    assert "尚未开始" in tab.message.text()
    assert tab.weekly_model.rowCount() == 0 and not tab.export_button.isEnabled()


def test_export_pdf_print_and_preview(
    qtbot, sessions: sessionmaker[Session], tmp_path: Path, monkeypatch
) -> None:
    build_week(sessions)
    tab = make_tab(qtbot, sessions)
    save_to(monkeypatch, tmp_path / "week.xlsx")
    with qtbot.waitSignal(tab.exported) as exported:  # the status bar reports it
        click(qtbot, tab.export_button)
    assert "已导出周工作量统计表" in exported.args[0]
    assert exported.args[1] == str(tmp_path / "week.xlsx")
    assert load_workbook(tmp_path / "week.xlsx")["周工作量统计表"]["C4"].value == 6

    save_to(monkeypatch, tmp_path / "week.pdf")
    click(qtbot, tab.pdf_button)
    assert (tmp_path / "week.pdf").read_bytes()[:4] == b"%PDF"

    printed = tmp_path / "printed.pdf"

    def printer(parent) -> QPrinter:
        target = QPrinter()
        target.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        target.setOutputFileName(str(printed))
        return target

    monkeypatch.setattr(ReportsTab, "ask_printer", staticmethod(printer))
    click(qtbot, tab.print_button)
    assert printed.read_bytes()[:4] == b"%PDF" and "打印机" in tab.message.text()

    previews = []
    monkeypatch.setattr(ReportsTab, "ask_preview", staticmethod(previews.append))
    click(qtbot, tab.preview_button)
    assert len(previews) == 1
    preview_pdf = tmp_path / "preview.pdf"
    target = QPrinter()
    target.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target.setOutputFileName(str(preview_pdf))
    previews[0].paintRequested.emit(target)
    assert target.pageLayout().orientation() == QPageLayout.Orientation.Landscape
    assert preview_pdf.read_bytes()[:4] == b"%PDF"


def test_export_cases_and_template(
    qtbot, sessions: sessionmaker[Session], tmp_path: Path, monkeypatch
) -> None:
    build_week(sessions)
    tab = make_tab(qtbot, sessions)
    save_to(monkeypatch, tmp_path / "cases.xlsx")
    with qtbot.waitSignal(tab.exported) as exported:
        click(qtbot, tab.export_cases_button)
    assert "已导出 17 件案件" in exported.args[0]
    save_to(monkeypatch, tmp_path / "template.xlsx")
    click(qtbot, tab.template_button)
    assert load_workbook(tmp_path / "template.xlsx").sheetnames[:2] == ["台账", "说明"]
    save_to(monkeypatch, tmp_path / "missing" / "x.xlsx")
    click(qtbot, tab.export_cases_button)
    assert "文件夹不存在" in tab.message.text()


def test_import_through_the_window(
    qtbot, sessions: sessionmaker[Session], tmp_path: Path, monkeypatch
) -> None:
    path = bad_ledger(sessions, tmp_path)
    tab = make_tab(qtbot, sessions)

    def ask(sessions, operator, today, parent):  # the user picks the file and the good rows
        dialog = ImportDialog(sessions, operator, today, parent)
        dialog.check_file(path)
        dialog.run_import(skip_bad=True)
        return dialog.imported

    monkeypatch.setattr(ImportDialog, "ask", staticmethod(ask))
    with qtbot.waitSignal(tab.data_changed):
        click(qtbot, tab.import_button)
    assert "已导入 1 件案件" in tab.message.text() and "跳过有误的 14 行" in tab.message.text()
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 2


def test_a_police_officer_may_not_import_or_export(qtbot, sessions) -> None:
    tab = ReportsTab(sessions, lambda: 4)  # 邹本刚, 司法警察
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: not tab.reader.busy())
    for button in (tab.import_button, tab.export_cases_button, tab.export_button):
        assert not button.isEnabled() and "无权" in button.toolTip()
    clerk = ReportsTab(sessions, lambda: 7)
    qtbot.addWidget(clerk)
    assert clerk.import_button.isEnabled() and clerk.export_cases_button.isEnabled()


def test_each_sheet_exported_is_kept_reprinted_and_checked(
    qtbot, sessions: sessionmaker[Session], tmp_path: Path, monkeypatch
) -> None:
    """报表存档 through the window: export, list, reprint as issued, check after a correction."""
    build_week(sessions)
    tab = make_tab(qtbot, sessions)
    issued = tmp_path / "week.xlsx"
    save_to(monkeypatch, issued)
    with qtbot.waitSignal(tab.exported) as exported:  # the status bar reports it
        click(qtbot, tab.export_button)
    assert "已存档" in exported.args[0]
    panel = tab.issued_panel
    tab.lists.setCurrentWidget(panel)
    assert panel.model.rowCount() == 1
    assert panel.model.index(0, 0).data() == "2026年11月23日至11月29日"
    assert panel.model.index(0, 5).data() == "2"  # 超期
    assert not panel.check_button.isEnabled()
    panel.view.selectRow(0)
    click(qtbot, panel.check_button)
    assert "全部数字与存档一致" in panel.result.toPlainText()
    # a suspension of case 12 recorded later, dated back into the week
    with sessions() as s:
        case_id = s.scalar(select(Case.id).where(Case.number == "（2026）吉0605执12号"))
    record_excluded_period(
        sessions, case_id, "中止执行", dt.date(2026, 11, 20), None, "下落不明", None, today=TODAY
    )
    click(qtbot, panel.check_button)
    text = panel.result.toPlainText()
    assert "合计 超期：存档 2，现在 1" in text and "（2026）吉0605执12号" in text
    again = tmp_path / "again.xlsx"
    save_to(monkeypatch, again)
    click(qtbot, panel.reprint_button)
    assert "SHA-256 与存档一致" in panel.result.toPlainText()
    assert again.read_bytes() == issued.read_bytes()


def test_the_summary_fills_the_width_and_shows_every_row_at_1366x768(
    qtbot, sessions: sessionmaker[Session]
) -> None:
    build_week(sessions)
    tab = ReportsTab(sessions, lambda: None)
    qtbot.addWidget(tab)
    tab.today = lambda: TODAY
    tab.resize(1366, 618)  # a maximised window's tab on a 1366×768 screen
    tab.show()
    qtbot.waitExposed(tab)
    shown(qtbot, tab, lambda: tab.week_edit.setDate(QDate(2026, 11, 25)))
    view = tab.weekly_view
    qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() == 0)
    last = view.model().rowCount() - 1
    assert view.model().index(last, 1).data() == "合计"
    bottom = view.visualRect(view.model().index(last, 0)).bottom()
    assert 0 < bottom <= view.viewport().height()  # the totals row is on screen, whole
    header = view.horizontalHeader()
    assert header.length() >= view.viewport().width() - 2  # the full width, no gap
    assert tab.urgent_view.isVisible() and tab.urgent_view.height() >= 90
    assert tab.urgent_view.geometry().bottom() <= tab.rect().bottom()
