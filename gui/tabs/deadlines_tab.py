"""期限 tab: every case with both due dates, most urgent first, filters and the chief's lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from gui.background_reader import BackgroundReader
from gui.models.deadline_table_model import COLUMNS, DeadlineTableModel
from gui.models.urgency_colours import URGENCY_COLOURS
from gui.permission_gate import gate
from gui.widgets.case_filters import CaseFilters
from gui.widgets.urgency_chips import UrgencyChips
from model.access.permissions import Action, case_scope
from model.cases.queries import (
    SOON_LABELS,
    SOON_MONTH,
    SOON_OVERDUE,
    SOON_WEEK,
    CaseFilter,
    UrgencyCounts,
    count_cases,
    filter_choices,
    missing_holiday_years,
    urgency_counts,
)
from model.errors import UserError

XLSX = "Excel 工作簿 (*.xlsx)"
SEARCH_DELAY_MS = 30  # a pause between keystrokes; the query itself is indexed and paged
SUMMARY_DELAY_MS = 80  # the totals after the list: see _summary_timer
COLUMN_WIDTHS = (176, 124, 136, 64, 100, 86, 70, 88, 88, 88, 64, 96, 56)
"""Starting widths, so both due dates fit a 1280-pixel window; the user can drag them."""
NAME_COLUMNS = ("applicants", "respondents")


@dataclass(frozen=True)
class ListSummary:
    """What the line above and below the list says about it."""

    total: int
    counts: UrgencyCounts
    missing_years: list[int]


class DeadlinesTab(QWidget):
    """期限."""

    data_changed = Signal()
    summary_shown = Signal()  # the totals of the list, read in the background, are up
    retriage_requested = Signal(int)
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
        self._today = today

        self.chips = UrgencyChips(
            [(key, SOON_LABELS[key], URGENCY_COLOURS[key]) for key in SOON_LABELS]
        )
        self.chips.chosen.connect(self.show_band)
        self.limits_label = QLabel()
        self.limits_label.setToolTip(
            "超期：超过团队期限（到期日）；超审限：超过法定期限（法定到期日）"
        )
        self.banner = QFrame()
        self.banner.setProperty("role", "notice")
        self.banner_label = QLabel()
        self.banner_label.setProperty("role", "notice-text")
        self.holiday_button = QPushButton("录入节假日…")
        self.holiday_button.clicked.connect(self._open_holidays)
        banner_row = QHBoxLayout(self.banner)
        self.banner_label.setWordWrap(True)
        banner_row.addWidget(self.banner_label, 1)
        banner_row.addWidget(self.holiday_button)
        self.banner.hide()

        self.export_button = QPushButton("导出清单…")
        self.export_button.clicked.connect(self._export)
        self.holidays_button = QPushButton("节假日…")
        self.holidays_button.clicked.connect(self._open_holidays)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        # The totals wait for the list to be painted and for typing to pause: read at
        # the same time, they would slow the painting down (one Python at a time).
        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(SUMMARY_DELAY_MS)
        self._summary_timer.timeout.connect(self._read_summary)
        self.filters = CaseFilters((self.export_button, self.holidays_button))
        self.filters.typed.connect(self._search_timer.start)
        self.filters.changed.connect(self.apply_filter)

        self.model = DeadlineTableModel(sessions, today, self)
        self.reader = BackgroundReader(sessions, self)
        self.counts = UrgencyCounts(0, 0, 0)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.view.setColumnWidth(column, width)
        # The parties' names take the width the dates and labels leave: they are what a
        # clerk reads the list by, and cut with "…" they are useless.
        keys = [key for key, _title in COLUMNS]
        for key in NAME_COLUMNS:
            self.view.horizontalHeader().setSectionResizeMode(
                keys.index(key), QHeaderView.ResizeMode.Stretch
            )
        self.view.doubleClicked.connect(self._open_index)
        self.open_button = QPushButton("查看 / 登记事项…")
        self.open_button.clicked.connect(self._open_selected)
        self.total_label = QLabel()

        bottom = QHBoxLayout()
        bottom.addWidget(self.total_label, 1)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.chips, 1)
        top.addWidget(self.limits_label)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.refresh()

    # --- filters -----------------------------------------------------------------

    def current_filter(self) -> CaseFilter:
        """The filter the controls describe."""
        return self.filters.case_filter(self._today())

    def apply_filter(self) -> None:
        """Show the cases of the current filter; its totals follow from the background."""
        self._search_timer.stop()
        self.chips.set_current(self.filters.due_box.currentData())
        self.model.set_filter(self.current_filter())
        self._summary_timer.start()

    def show_band(self, key: str | None) -> None:
        """A chip pressed: only its band's cases (None: every case of the other filters)."""
        due_box = self.filters.due_box
        due_box.setCurrentIndex(max(0, due_box.findData(key)))
        self.chips.set_current(key)
        self.view.setFocus()
        if self.model.rowCount():
            self.view.selectRow(0)

    def summary_pending(self) -> bool:
        """The totals of the list shown are still being read."""
        return self._summary_timer.isActive() or self.reader.busy()

    def _read_summary(self) -> None:
        case_filter, today = self.model.case_filter, self._today()

        def summary(session: Session) -> ListSummary:
            return ListSummary(
                count_cases(session, case_filter),
                urgency_counts(session, case_filter, today),
                missing_holiday_years(session, case_filter),
            )

        self.reader.read(summary, lambda found: self._show_summary(found, today), self._no_summary)

    def _show_summary(self, summary: ListSummary, today: dt.date) -> None:
        counts = self.counts = summary.counts

        self.chips.set_counts(
            today,
            {
                SOON_OVERDUE: counts.overdue,
                SOON_WEEK: counts.within_7,
                SOON_MONTH: counts.within_30,
            },
        )
        # Past either limit is the red chip; how many are past which limit, beside it.
        self.limits_label.setText(
            f"其中 超期 <b>{counts.track_overdue}</b> 件　"
            f"超审限 <b>{counts.statutory_overdue}</b> 件"
        )
        years = "、".join(str(year) for year in summary.missing_years)
        self.banner_label.setText(
            f"{years}年节假日安排尚未录入，到期日仅按周末顺延。" if years else ""
        )
        self.banner.setVisible(bool(years))
        self.total_label.setText(f"共 {summary.total} 件")
        self.summary_shown.emit()

    def _no_summary(self, error: Exception) -> None:
        reason = error.message if isinstance(error, UserError) else "读取数据库时出错"
        self.total_label.setText(f"统计未完成：{reason}，改变一下筛选条件即可重新统计。")
        self.summary_shown.emit()

    # --- the interface the main window uses -----------------------------------------

    def refresh(self) -> None:
        """Reload from the database."""
        self.filters.set_choices(filter_choices(self._sessions))
        self.filters.set_scope(case_scope(self._sessions, self._operator()))
        self.apply_filter()
        actor = self._operator()
        holidays = (self.holiday_button, self.holidays_button)
        gate(holidays, self._sessions, actor, Action.EDIT_HOLIDAYS)
        gate([self.export_button], self._sessions, actor, Action.EXPORT_LIST)

    def show_case(self, case_id: int) -> None:
        """Bring one case into view (the filters are cleared if they hide it) and select it."""
        row = self.model.row_of(case_id)
        if row is None:
            self.filters.show_everything()
            self.apply_filter()
            while (row := self.model.row_of(case_id)) is None and self.model.canFetchMore():
                self.model.fetchMore()
        if row is not None:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    # --- actions -----------------------------------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_case(self.model.case_id(index.row()))

    def _open_selected(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            self.open_case(self.model.case_id(rows[0].row()))

    def open_case(self, case_id: int) -> None:
        """The case detail dialog; reload and tell the window when something was saved."""
        from gui.dialogs.case_detail_dialog import CaseDetailDialog

        outcome = CaseDetailDialog.ask(self._sessions, case_id, self._operator, self._today(), self)
        if outcome.changed:
            self.apply_filter()
            self.data_changed.emit()
        if outcome.retriage:
            self.retriage_requested.emit(case_id)

    def _open_holidays(self) -> None:
        from gui.dialogs.holiday_dialog import HolidayDialog

        if HolidayDialog.ask(self._sessions, self._operator(), self):
            self.apply_filter()
            self.data_changed.emit()

    @staticmethod
    def ask_export_path(parent: QWidget) -> Path | None:
        """Where to save the list (a seam for tests)."""
        from gui.file_dialogs import ask_save_path  # at first use, not at the window's start

        return ask_save_path(parent, "case_list", "导出清单", "案件清单.xlsx", XLSX)

    def show_message(self, title: str, text: str) -> None:
        """Tell the user how an action went (a seam for tests)."""
        QMessageBox.information(self, title, text)

    def _export(self) -> None:
        # The child process's machinery: at first use (tests/gui/test_launch_imports.py).
        from gui.case_list_export import export_case_list

        path = self.ask_export_path(self)
        if path is None:
            return
        try:
            written = export_case_list(
                self, "导出清单", self._sessions, self.current_filter(), path, self._today()
            )
        except (UserError, OSError) as error:
            self.show_message("导出失败", str(error))
            return
        self.exported.emit(f"已导出 {written} 件案件：{path.name}", str(path))
