"""报表 tab: the weekly workload sheet (view, export, print, PDF), the ledger import and exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from gui.background_reader import BackgroundReader
from gui.case_list_export import export_case_list
from gui.file_dialogs import ask_save_path
from gui.models.urgent_table_model import UrgentTableModel
from gui.models.weekly_table_model import WeeklyTableModel
from gui.permission_gate import gate
from gui.report_printing import ReportPrinting
from gui.table_views import make_table_view
from gui.weekly_printing import print_weekly, save_weekly_pdf
from gui.widgets.issued_sheets_panel import IssuedSheetsPanel
from gui.worker_task import Progress, WorkerTask
from model.access.permissions import Action
from model.errors import UserError
from model.reports.weekly import WeeklyReport, week_label, week_of, weekly_figures
from model.reports.weekly_layout import holiday_note

# The spreadsheet writers and the import dialog are imported in the methods that use
# them: openpyxl and XlsxWriter take half a second to import, which opening this tab (a
# click the window must answer at once) should not pay.

XLSX = "Excel 工作簿 (*.xlsx)"
PURPOSES = {  # each kind of file remembers its own folder
    "导出周报表": "weekly",
    "保存为 PDF": "weekly_pdf",
    "导出全部案件": "case_list",
    "保存台账模板": "template",
}
RESIZE_SAMPLE_ROWS = 200
URGENT_MINIMUM_HEIGHT = 90  # the urgent list keeps a few rows however long the summary


class ReportsTab(ReportPrinting, QWidget):
    """报表."""

    data_changed = Signal()
    report_shown = Signal()  # the week's figures, read in the background, are up
    exported = Signal(str, str)  # a file was written: (what to say, its path)
    open_in_deadlines = Signal(int)

    def __init__(
        self,
        sessions: sessionmaker[Session],
        operator: Callable[[], int | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._operator = operator
        self.today: Callable[[], dt.date] = dt.date.today  # tests fix "today" here
        self.report: WeeklyReport | None = None
        self.reader = BackgroundReader(sessions, self)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("统计周（选该周任意一天）："))
        self.week_edit = QDateEdit()
        self.week_edit.setCalendarPopup(True)
        self.week_edit.setDisplayFormat("yyyy-MM-dd")
        self.week_edit.setDate(QDate.currentDate())
        top.addWidget(self.week_edit)
        self.week_label = QLabel("")
        top.addWidget(self.week_label, 1)
        layout.addLayout(top)
        actions = QHBoxLayout()
        self.export_button = QPushButton("导出周报表…")
        self.preview_button = QPushButton("打印预览…")
        self.print_button = QPushButton("打印…")
        self.pdf_button = QPushButton("保存为 PDF…")
        for button in (self.export_button, self.preview_button, self.print_button, self.pdf_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.import_button = QPushButton("导入台账…")
        self.export_cases_button = QPushButton("导出全部案件…")
        self.template_button = QPushButton("保存台账模板…")
        # On the row of the week's buttons: a row of their own cost the summary its
        # last lines on a 768-pixel screen.
        for button in (self.import_button, self.export_cases_button, self.template_button):
            actions.addWidget(button)

        self.weekly_model = WeeklyTableModel(self)
        self.weekly_view = make_table_view(self.weekly_model, stretch_last=False)
        # The whole width, and every row: the totals and 特殊案件 are what the chief reads.
        self.weekly_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.weekly_view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.weekly_view, 0)
        self.urgent_label = QLabel("超期及临期案件")
        layout.addWidget(self.urgent_label)
        self.urgent_model = UrgentTableModel(self)
        self.urgent_view = make_table_view(self.urgent_model)
        # Widths from the first rows only: thousands of urgent cases at a large court
        # would otherwise be measured cell by cell (half a second per 5,000 rows).
        self.urgent_view.horizontalHeader().setResizeContentsPrecision(RESIZE_SAMPLE_ROWS)
        self.urgent_view.doubleClicked.connect(
            lambda index: self.open_in_deadlines.emit(self.urgent_model.case_id(index.row()))
        )
        self.urgent_view.setMinimumHeight(URGENT_MINIMUM_HEIGHT)
        self.issued_panel = IssuedSheetsPanel(
            sessions, lambda *args: self.ask_save_path(*args), self
        )
        self.lists = QTabWidget()
        self.lists.addTab(self.urgent_view, "超期及临期案件")
        self.lists.addTab(self.issued_panel, "已出报表（存档）")
        self.lists.currentChanged.connect(self._list_shown)
        layout.addWidget(self.lists, 1)  # the rest of the height; each list scrolls inside
        self.message = QLabel("")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        self.week_edit.dateChanged.connect(lambda _date: self.refresh())
        self.export_button.clicked.connect(self.export_weekly)
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_weekly)
        self.pdf_button.clicked.connect(self.save_weekly_pdf)
        self.import_button.clicked.connect(self.import_ledger)
        self.export_cases_button.clicked.connect(self.export_cases)
        self.template_button.clicked.connect(self.save_template)
        self.refresh()

    # --- seams -----------------------------------------------------------------

    @staticmethod
    def ask_save_path(parent: QWidget, title: str, name: str, pattern: str) -> Path | None:
        """Where to save a file (a seam for tests)."""
        return ask_save_path(parent, PURPOSES.get(title, "report"), title, name, pattern)

    # --- the week ----------------------------------------------------------------

    def selected_day(self) -> dt.date:
        """The day picked in the week box."""
        day = self.week_edit.date().toPython()
        assert isinstance(day, dt.date)
        return day

    def refresh(self) -> None:
        """Reload the week's figures; they are read in the background (seconds at 1M cases)."""
        day, today = self.selected_day(), self.today()
        monday, sunday = week_of(day)
        self.week_label.setText(week_label(monday, sunday, weekdays=True))
        self.urgent_label.setText("正在统计本周数字…")
        for button in self._week_buttons():  # until the figures are in
            button.setEnabled(False)
        self.reader.read(
            lambda session: weekly_figures(session, day, today), self._show_report, self._no_report
        )

    def _show_report(self, report: WeeklyReport | None) -> None:
        self.report = report
        self.weekly_model.set_lines(report.rows if report else [])
        self.urgent_model.set_cases(report.urgent if report else [])
        self._fit_weekly()
        self.urgent_view.resizeColumnsToContents()
        count = len(report.urgent) if report else 0
        self.urgent_label.setText(
            f"超期、超审限及7日内到期的在办案件：{count} 件（双击打开）"
            + (f"　{holiday_note(report)}" if report and report.missing_years else "")
        )
        self._gate(has_report=report is not None)
        self.report_shown.emit()

    def _list_shown(self, _index: int) -> None:
        if self.lists.currentWidget() is self.issued_panel:
            self.issued_panel.refresh()

    def _fit_weekly(self) -> None:
        """As tall as all its rows; columns as wide as their texts, spread over the width."""
        view = self.weekly_view
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        widths = [header.sectionSize(i) for i in range(header.count())]
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(min(widths, default=40))
        for column in (0, 1):  # 团队, 统计对象: as wide as their names, the figures share the rest
            if column < header.count():
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        rows = self.weekly_model.rowCount()
        height = header.sizeHint().height() + 2 * view.frameWidth()
        height += sum(view.rowHeight(row) for row in range(rows))
        view.setFixedHeight(height)

    def _no_report(self, error: Exception) -> None:
        if not isinstance(error, UserError):
            error = UserError(
                f"读取本周数字时出错（{type(error).__name__}），请重新选择统计周再试。"
            )
        self._say(error.message, error=True)
        self._show_report(None)

    def _week_buttons(self) -> tuple[QPushButton, ...]:
        return (self.export_button, self.preview_button, self.print_button, self.pdf_button)

    def _gate(self, has_report: bool) -> None:
        actor = self._operator()
        gate(self._week_buttons(), self._sessions, actor, Action.WEEKLY_REPORT, has_report)
        gate([self.import_button], self._sessions, actor, Action.IMPORT_LEDGER)
        gate([self.export_cases_button], self._sessions, actor, Action.EXPORT_LIST)

    def _week_file_name(self) -> str:
        assert self.report is not None
        return f"周工作量统计表_{self.report.monday:%Y%m%d}"

    def export_weekly(self) -> None:
        """Save the week's sheet as .xlsx."""
        if self.report is None:
            return
        path = self.ask_save_path(self, "导出周报表", self._week_file_name() + ".xlsx", XLSX)
        if path is None:
            return
        day, today, actor = self.selected_day(), self.today(), self._operator()

        def export(_progress: Progress, _cancelled: Callable[[], bool]) -> WeeklyReport:
            # on the worker (see top); the figures are read again with each case's part,
            # so that what is kept (报表存档) is exactly what the file shows
            from model.reports.archive import issue_weekly_sheet

            return issue_weekly_sheet(self._sessions, day, today, path, actor)[0]

        try:
            report = WorkerTask(self, "导出周报表", "正在写入周报表…").run(export)
        except UserError as error:
            self._say(error.message, error=True)
            return
        self._exported(
            f"已导出周工作量统计表：{path.name}（已存档，可在“已出报表”中重印或核对）", path
        )
        self._show_report(report)
        if self.lists.currentWidget() is self.issued_panel:
            self.issued_panel.refresh()

    def preview(self) -> None:
        """Open the print preview of the week's sheet."""
        if self.report is not None:
            report = self.report
            self._preview("周工作量统计表", lambda target: print_weekly(report, target))

    def print_weekly(self) -> None:
        """Print the week's sheet on a printer the user picks."""
        if self.report is not None:
            report = self.report
            self._print(lambda printer: print_weekly(report, printer))

    def save_weekly_pdf(self) -> None:
        """Save the printed sheet as PDF."""
        if self.report is not None:
            report = self.report
            self._save_pdf(self._week_file_name(), lambda path: save_weekly_pdf(report, path))

    # --- files in and out ----------------------------------------------------------

    def import_ledger(self) -> None:
        """导入台账…: check, then import; every tab reloads after."""
        from gui.dialogs.import_dialog import ImportDialog  # on use: see the imports

        result = ImportDialog.ask(self._sessions, self._operator, self.today(), self)
        if result is None:
            return
        skipped = f"，跳过有误的 {result.skipped} 行" if result.skipped else ""
        events = f"，期限事项 {result.events} 条" if result.events else ""
        late = len(result.late_extensions)
        late_text = f"（其中 {late} 条延长为逾期申请）" if late else ""
        self._say(
            f"已导入 {result.imported} 件案件（其中已结 {result.closed} 件）"
            f"{events}{late_text}{skipped}。"
        )
        self.refresh()
        self.data_changed.emit()

    def export_cases(self) -> None:
        """导出全部案件…"""
        path = self.ask_save_path(self, "导出全部案件", "案件清单.xlsx", XLSX)
        if path is None:
            return
        try:
            count = export_case_list(self, "导出全部案件", self._sessions, None, path, self.today())
        except UserError as error:
            self._say(error.message, error=True)
            return
        self._exported(f"已导出 {count} 件案件：{path.name}", path)

    def save_template(self) -> None:
        """保存台账模板…"""
        from model.ledger.template import write_ledger_template  # on use: see the imports

        path = self.ask_save_path(
            self, "保存台账模板", "案件台账模板.xlsx", "Excel 工作簿 (*.xlsx)"
        )
        if path is None:
            return
        try:
            write_ledger_template(path, self._sessions)
        except UserError as error:
            self._say(error.message, error=True)
            return
        self._exported(f"已保存台账模板：{path.name}", path)
