"""统计 tab: the period picker, the figures with 环比/同比, the charts, export, print and PDF."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCharts import QBarCategoryAxis, QStackedBarSeries
from PySide6.QtCore import QDate, Qt
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy.orm import Session, sessionmaker

from gui.models.statistics_table_model import BAD, GOOD
from gui.tabs.statistics_tab import StatisticsTab
from tests.model.reports.stat_cases import TODAY, build

ROOT = Path(__file__).resolve().parents[3]


def make_tab(qtbot, sessions: sessionmaker[Session]) -> StatisticsTab:
    tab = StatisticsTab(sessions, lambda: None, today=lambda: TODAY)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: not tab.reader.busy(), timeout=20000)
    tab.resize(1280, 760)
    tab.show()
    return tab


def shown(qtbot, tab: StatisticsTab, action) -> None:
    """Do something that rereads the figures, and wait for them (read in the background)."""
    with qtbot.waitSignal(tab.report_shown, timeout=20000):
        action()
    qtbot.waitUntil(lambda: not tab.reader.busy())


def cells(tab: StatisticsTab, scope: str, figure: str) -> list[str]:
    model = tab.table_model
    current = ""
    for row in range(model.rowCount()):
        current = model.index(row, 0).data() or current
        if current == scope and model.index(row, 1).data() == figure:
            return [model.index(row, column).data() for column in range(2, 7)]
    raise AssertionError((scope, figure))


def test_a_quarter_with_its_comparisons_and_pictures(qtbot, sessions, tmp_path: Path) -> None:
    build(sessions)
    tab = make_tab(qtbot, sessions)
    assert tab.preset_box.currentText() == "本月"  # July 2026, to today
    shown(qtbot, tab, lambda: tab.preset_box.setCurrentText("上季度"))
    assert tab.start_edit.date() == QDate(2026, 4, 1) and tab.end_edit.date() == QDate(2026, 6, 30)
    assert tab.period_label.text() == (
        "统计期间：2026年第二季度；环比：2026年第一季度；同比：2025年第二季度"
    )
    assert cells(tab, "全局", "结案率") == ["50.0%", "20.0%", "▲ 30.0个百分点", "100.0%",
                                           "▼ 50.0个百分点"]  # fmt: skip
    assert cells(tab, "全局", "执行到位金额（元）") == ["9,000.50", "3,000.00", "▲ 6,000.50",
                                                      "1,000.00", "▲ 8,000.50"]  # fmt: skip
    assert cells(tab, "执行普执团队", "超审限未结")[0:3] == ["1", "0", "▲ 1"]
    model = tab.table_model
    row = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == "结案率")
    assert model.index(row, 4).data(Qt.ItemDataRole.ForegroundRole).color() == GOOD
    assert model.index(row, 6).data(Qt.ItemDataRole.ForegroundRole).color() == BAD
    judges, groups, trend = tab.charts.charts()
    bars = judges.series()[0]
    assert isinstance(bars, QStackedBarSeries)
    assert [s.label() for s in bars.barSets()] == ["未超期", "超期", "超审限"]
    axis = judges.axes(Qt.Orientation.Horizontal)[0]
    assert isinstance(axis, QBarCategoryAxis) and axis.categories() == [
        "王爱军",
        "姜福义",
        "战殿有",
    ]
    assert [list(s.at(i) for i in range(3)) for s in bars.barSets()] == [
        [0, 1, 0], [0, 0, 1], [0, 1, 0]]  # fmt: skip
    assert groups.axes(Qt.Orientation.Horizontal)[0].count() == 3
    assert [s.name() for s in trend.series()] == ["结案率（%）", "超期（件）", "超审限（件）"]
    assert trend.series()[1].count() == 12
    tab.grab().save(str(tmp_path / "statistics.png"))


def test_a_custom_range_and_a_bad_one(qtbot, sessions) -> None:
    build(sessions)
    tab = make_tab(qtbot, sessions)
    shown(qtbot, tab, lambda: tab.start_edit.setDate(QDate(2026, 4, 20)))
    assert tab.preset_box.currentText() == "自定义"
    shown(qtbot, tab, lambda: tab.end_edit.setDate(QDate(2026, 4, 26)))
    assert cells(tab, "全局", "结案率")[0] == "40.0%"  # the week of the weekly sheet's test
    shown(qtbot, tab, lambda: tab.end_edit.setDate(QDate(2026, 4, 1)))
    assert "结束日期（2026年4月1日）早于开始日期（2026年4月20日）" in tab.message.text()
    assert tab.table_model.rowCount() == 0 and not tab.export_button.isEnabled()


def test_export_print_preview_and_pdf(qtbot, sessions, tmp_path: Path, monkeypatch) -> None:
    build(sessions)
    tab = make_tab(qtbot, sessions)
    shown(qtbot, tab, lambda: tab.preset_box.setCurrentText("上季度"))
    out = tmp_path / "统计.xlsx"
    monkeypatch.setattr(StatisticsTab, "ask_save_path", staticmethod(lambda *a: out))
    with qtbot.waitSignal(tab.exported) as exported:  # the status bar reports it
        qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    assert "已导出质效指标统计表" in exported.args[0] and exported.args[1] == str(out)
    assert load_workbook(out).sheetnames == ["质效指标", "图表数据"]
    with zipfile.ZipFile(out) as archive:
        assert sum(n.startswith("xl/charts/chart") for n in archive.namelist()) == 3
    previews: list[int] = []

    def preview(dialog) -> None:
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "preview.pdf"))
        dialog.paintRequested.emit(printer)
        previews.append(1)

    monkeypatch.setattr(StatisticsTab, "ask_preview", staticmethod(preview))
    qtbot.mouseClick(tab.preview_button, Qt.MouseButton.LeftButton)
    assert previews == [1] and (tmp_path / "preview.pdf").stat().st_size > 10_000
    pdf = tmp_path / "统计.pdf"
    monkeypatch.setattr(StatisticsTab, "ask_save_path", staticmethod(lambda *a: pdf))
    with qtbot.waitSignal(tab.exported) as exported:
        qtbot.mouseClick(tab.pdf_button, Qt.MouseButton.LeftButton)
    assert "已保存 PDF" in exported.args[0] and exported.args[1] == str(pdf)
    data = pdf.read_bytes()
    assert (
        data.startswith(b"%PDF")
        and data.count(b"/Type /Page\n")
        + data.count(b"/Type /Page\r")
        + data.count(b"/Type /Page>")
        + data.count(b"/Type /Page ")
        >= 5
    )


def test_the_chart_library_is_not_imported_at_start(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from PySide6.QtCore import QSettings\n"
        "app = QApplication([])\n"
        "from gui.main_window import MainWindow\n"
        "from model.storage.store import open_store\n"
        f"store = open_store(r'{tmp_path / 'c.sqlite'}')\n"
        f"settings = QSettings(r'{tmp_path / 's.ini'}', QSettings.Format.IniFormat)\n"
        "window = MainWindow(store, settings)\n"
        "window.show(); app.processEvents()\n"
        "before = 'PySide6.QtCharts' in sys.modules\n"
        "window.show_page('统计'); app.processEvents()\n"
        "print(before, 'PySide6.QtCharts' in sys.modules)\n"
        "window.close(); store.close()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        timeout=120,
    )
    assert done.stdout.split() == ["False", "True"], done.stderr
