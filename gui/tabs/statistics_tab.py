"""统计 tab: SPEC §9's figures for a period with 环比 and 同比, and their pictures.

The period is picked from presets (本月, 上月, 本季度, 上季度, 本年, 上年) or typed
from–to; the figures and the 12 weeks' trend are read on a worker thread (a year at a
decade's scale takes a second); the charts are QtCharts, imported with this module,
which the main window imports only when the tab is first shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from gui.background_reader import BackgroundReader
from gui.file_dialogs import ask_save_path
from gui.models.statistics_table_model import StatisticsTableModel
from gui.permission_gate import gate
from gui.report_printing import ReportPrinting
from gui.statistics_printing import print_statistics, save_statistics_pdf
from gui.table_views import make_table_view
from gui.widgets.date_edit import DateEdit
from gui.widgets.statistics_charts import StatisticsCharts
from gui.worker_task import Progress, WorkerTask
from model.access.permissions import Action
from model.errors import UserError
from model.reports import periods
from model.reports.periods import Period
from model.reports.statistics_layout import subtitle, table_lines
from model.reports.statistics_report import StatisticsReport, compute_report

XLSX = "Excel 工作簿 (*.xlsx)"
CUSTOM = "自定义"


def preset_periods(today: dt.date) -> dict[str, Period]:
    """The periods the picker offers, by their Chinese names."""
    quarter = (today.month - 1) // 3 + 1
    this_quarter = periods.quarter(today.year, quarter)
    return {
        "本月": periods.this_month(today),
        "上月": periods.last_month(today),
        "本季度": this_quarter,
        "上季度": this_quarter.previous(),
        "本年": periods.year(today.year),
        "上年": periods.year(today.year - 1),
    }


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class StatisticsTab(ReportPrinting, QWidget):
    """统计."""

    data_changed = Signal()  # never emitted: the tab only reads (the window wires every tab)
    report_shown = Signal()  # the figures, read in the background, are up
    exported = Signal(str, str)  # a file was written: (what to say, its path)

    def __init__(
        self,
        sessions: sessionmaker[Session],
        operator: Callable[[], int | None],
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._operator = operator
        self.today = today  # tests fix "today" here
        self.report: StatisticsReport | None = None
        self.reader = BackgroundReader(sessions, self)

        top = QHBoxLayout()
        top.addWidget(QLabel("统计期间："))
        self.preset_box = QComboBox()
        self.preset_box.addItems([*preset_periods(self.today()), CUSTOM])
        top.addWidget(self.preset_box)
        self.start_edit, self.end_edit = DateEdit(), DateEdit()
        for edit, label in ((self.start_edit, "自"), (self.end_edit, "至")):
            top.addWidget(QLabel(label))
            top.addWidget(edit)
        self.period_label = QLabel("")
        self.period_label.setWordWrap(True)
        top.addWidget(self.period_label, 1)
        actions = QHBoxLayout()
        self.export_button = QPushButton("导出统计表…")
        self.preview_button = QPushButton("打印预览…")
        self.print_button = QPushButton("打印…")
        self.pdf_button = QPushButton("保存为 PDF…")
        for button in self._buttons():
            actions.addWidget(button)
        actions.addStretch(1)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        actions.addWidget(self.message, 2)

        self.table_model = StatisticsTableModel(self)
        self.table_view = make_table_view(self.table_model, stretch_last=False)
        self.charts = StatisticsCharts()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table_view)
        splitter.addWidget(self.charts)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)

        self._set_preset("本月")
        self.preset_box.currentTextChanged.connect(self._preset_chosen)
        self.start_edit.dateChanged.connect(self._dates_edited)
        self.end_edit.dateChanged.connect(self._dates_edited)
        self.export_button.clicked.connect(self.export)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_statistics)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.refresh()

    # --- seams -----------------------------------------------------------------

    @staticmethod
    def ask_save_path(parent: QWidget, title: str, name: str, pattern: str) -> Path | None:
        """Where to save a file (a seam for tests)."""
        purpose = "statistics_pdf" if pattern.startswith("PDF") else "statistics"
        return ask_save_path(parent, purpose, title, name, pattern)

    # --- the period --------------------------------------------------------------

    def _set_preset(self, name: str) -> None:
        period = preset_periods(self.today())[name]
        self._setting = True
        self.preset_box.setCurrentText(name)
        self.start_edit.setDate(_qdate(period.start))
        self.end_edit.setDate(_qdate(period.end))
        self._setting = False

    def _preset_chosen(self, name: str) -> None:
        if name != CUSTOM:
            self._set_preset(name)
            self.refresh()

    def _dates_edited(self, _date: QDate) -> None:
        if self._setting:
            return
        self._setting = True
        self.preset_box.setCurrentText(CUSTOM)
        self._setting = False
        self.refresh()

    def period(self) -> Period:
        """The period picked; refused in Chinese when its end is before its start."""
        start = self.start_edit.date().toPython()
        end = self.end_edit.date().toPython()
        return periods.date_range(start, end)  # type: ignore[arg-type]

    # --- the figures -------------------------------------------------------------

    def refresh(self) -> None:
        """Read the period's figures and pictures in the background."""
        for button in self._buttons():
            button.setEnabled(False)
        try:
            period = self.period()
        except UserError as error:
            self._no_report(error)
            return
        today = self.today()
        self.period_label.setText("正在统计…")
        self.reader.read(
            lambda session: compute_report(session, period, today), self._show, self._no_report
        )

    def _show(self, report: StatisticsReport | None) -> None:
        self.report = report
        self.table_model.set_rows(table_lines(report.stats) if report else [])
        self.table_view.resizeColumnsToContents()
        self.charts.set_report(report)
        self.period_label.setText(subtitle(report.stats) if report else "")
        if report is not None:
            self._say("")
        gate(
            self._buttons(),
            self._sessions,
            self._operator(),
            Action.WEEKLY_REPORT,
            report is not None,
        )
        self.report_shown.emit()

    def _no_report(self, error: Exception) -> None:
        if not isinstance(error, UserError):
            error = UserError(f"统计时出错（{type(error).__name__}），请重新选择统计期间再试。")
        self._show(None)
        self._say(error.message, error=True)

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (self.export_button, self.preview_button, self.print_button, self.pdf_button)

    def show_case(self, case_id: int) -> None:
        """Nothing to show per case here."""

    def load_case(self, case_id: int) -> None:
        """Nothing to load per case here."""

    # --- paper ---------------------------------------------------------------------

    def _file_name(self) -> str:
        assert self.report is not None
        return f"质效指标统计表_{self.report.stats.period.label}"

    def export(self) -> None:
        """Save the statistics, with native Excel charts, as .xlsx."""
        if self.report is None:
            return
        path = self.ask_save_path(self, "导出统计表", self._file_name() + ".xlsx", XLSX)
        if path is None:
            return
        report = self.report

        def write(_progress: Progress, _cancelled: Callable[[], bool]) -> None:
            from model.reports.statistics_sheet import write_statistics_sheet

            write_statistics_sheet(report, path)

        try:
            WorkerTask(self, "导出统计表", "正在写入统计表…").run(write)
        except UserError as error:
            self._say(error.message, error=True)
            return
        self._exported(f"已导出质效指标统计表：{path.name}", path)

    def preview(self) -> None:
        """The print preview of the figures and the pictures."""
        if self.report is not None:
            report = self.report
            self._preview("质效指标统计表", lambda target: print_statistics(report, target))

    def print_statistics(self) -> None:
        """Print on a printer the user picks."""
        if self.report is not None:
            report = self.report
            self._print(lambda printer: print_statistics(report, printer))

    def save_pdf(self) -> None:
        """Save the print as PDF."""
        if self.report is not None:
            report = self.report
            self._save_pdf(self._file_name(), lambda path: save_statistics_pdf(report, path))
