"""期限 tab: every case with both due dates, most urgent first, filters and the chief's lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from gui.background_reader import BackgroundReader
from gui.case_list_export import export_case_list
from gui.file_dialogs import ask_save_path
from gui.models.deadline_table_model import COLUMNS, URGENCY_COLOURS, DeadlineTableModel
from gui.permission_gate import gate
from gui.widgets.urgency_chips import UrgencyChips
from model.access.permissions import Action, case_scope
from model.cases.queries import (
    CHIEF_LIST_LABELS,
    PAST_LABELS,
    SOON_LABELS,
    SOON_MONTH,
    SOON_OVERDUE,
    SOON_WEEK,
    CaseFilter,
    ChiefList,
    UrgencyCounts,
    count_cases,
    missing_holiday_years,
    urgency_counts,
)
from model.entities import OPEN_STATUSES, CaseGroup, CaseStatus, Person, Role, Team, Track
from model.errors import UserError

STATUS_CHOICES: tuple[tuple[str, frozenset[CaseStatus] | None], ...] = (
    ("未结（在办+中止）", frozenset(OPEN_STATUSES)),
    ("在办", frozenset({CaseStatus.PENDING})),
    ("中止", frozenset({CaseStatus.SUSPENDED})),
    ("已结", frozenset({CaseStatus.CLOSED})),
    ("全部", None),
)
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


SCOPE_TIP = "员额法官只看本人承办的案件，司法警察只看本组的案件。"


class DeadlinesTab(QWidget):
    """期限."""

    data_changed = Signal()
    summary_shown = Signal()  # the totals of the list, read in the background, are up
    open_in_deadlines = Signal(int)
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
        self._scope: tuple[int | None, int | None] | None = None
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
        self.banner.setStyleSheet("QFrame { background: #fff4ce; border-radius: 3px; }")
        self.banner_label = QLabel()
        self.banner_label.setStyleSheet("color: #5c4400;")
        self.holiday_button = QPushButton("录入节假日…")
        self.holiday_button.clicked.connect(self._open_holidays)
        banner_row = QHBoxLayout(self.banner)
        self.banner_label.setWordWrap(True)
        banner_row.addWidget(self.banner_label, 1)
        banner_row.addWidget(self.holiday_button)
        self.banner.hide()

        self.team_box = QComboBox()
        self.group_box = QComboBox()
        self.judge_box = QComboBox()
        self.track_box = QComboBox()
        self.track_box.addItem("全部类型", None)
        for track in Track:
            self.track_box.addItem(track.label, track)
        self.status_box = QComboBox()
        for label, statuses in STATUS_CHOICES:
            self.status_box.addItem(label, statuses)
        self.due_box = QComboBox()
        self.due_box.setToolTip("按两个到期日中较早的一个筛选在办案件（即上方的计数）")
        self.due_box.addItem("全部期限", None)
        for key, label in SOON_LABELS.items():
            self.due_box.addItem(label, key)
        self.list_box = QComboBox()
        self.list_box.addItem("全部案件", None)
        for chief_list in ChiefList:
            self.list_box.addItem(CHIEF_LIST_LABELS[chief_list], chief_list)
        self.past_box = QComboBox()
        self.past_box.setToolTip("只看已超团队期限（超期）或已超法定期限（超审限）的在办案件")
        self.past_box.addItem("不限期限", None)
        for key, label in PAST_LABELS.items():
            self.past_box.addItem(label, key)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("搜索案号或当事人")
        self.search_edit.setClearButtonEnabled(True)
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
        self.search_edit.textChanged.connect(self._search_timer.start)
        for box in (self.team_box, self.group_box, self.judge_box, self.track_box,
                    self.status_box, self.list_box, self.past_box, self.due_box):  # fmt: skip
            box.currentIndexChanged.connect(self.apply_filter)

        # Two rows of shrinkable controls, so the window still fits a small screen.
        filters = QHBoxLayout()
        for label, widget in (
            ("团队", self.team_box), ("办案组", self.group_box), ("法官", self.judge_box),
            ("类型", self.track_box), ("状态", self.status_box),
        ):  # fmt: skip
            widget.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            widget.setMinimumContentsLength(4)
            filters.addWidget(QLabel(label))
            filters.addWidget(widget, 1)
        lists = QHBoxLayout()
        lists.addWidget(QLabel("清单"))
        lists.addWidget(self.list_box)
        lists.addWidget(self.past_box)
        lists.addWidget(self.due_box)
        lists.addWidget(self.search_edit, 1)
        lists.addWidget(self.export_button)
        lists.addWidget(self.holidays_button)

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
        layout.addLayout(filters)
        layout.addLayout(lists)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.refresh()

    # --- filters -----------------------------------------------------------------

    def _fill_choices(self) -> None:
        """Teams, groups and judges from the roster, keeping the current choices."""
        with self._sessions() as s:
            teams = s.execute(select(Team.id, Team.name).order_by(Team.ordinal, Team.id)).all()
            groups = s.execute(
                select(CaseGroup.id, Team.name, CaseGroup.name)
                .join(Team, Team.id == CaseGroup.team_id)
                .order_by(Team.ordinal, CaseGroup.rotation)
            ).all()
            judges = s.execute(
                select(Person.id, Person.name).where(Person.role == Role.JUDGE).order_by(Person.id)
            ).all()
        for box, everything, items in (
            (self.team_box, "全部团队", [(i, n) for i, n in teams]),
            (self.group_box, "全部办案组", [(i, f"{t} {n}") for i, t, n in groups]),
            (self.judge_box, "全部法官", [(i, n) for i, n in judges]),
        ):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(everything, None)
            for item_id, name in items:
                box.addItem(name, item_id)
            index = box.findData(current)
            box.setCurrentIndex(max(index, 0))
            box.blockSignals(False)

    def current_filter(self) -> CaseFilter:
        """The filter the controls describe."""
        # Qt hands str-based enums back as plain strings: rebuild them.
        track = self.track_box.currentData()
        chief_list = self.list_box.currentData()
        judge_id, group_id = self.judge_box.currentData(), self.group_box.currentData()
        if self._scope is not None:  # a judge's own cases, a police officer's group's
            judge_id, group_id = self._scope
        return CaseFilter(
            team_id=self.team_box.currentData(),
            group_id=group_id,
            judge_id=judge_id,
            track=Track(track) if track else None,
            statuses=self.status_box.currentData(),
            text=self.search_edit.text(),
            chief_list=ChiefList(chief_list) if chief_list else None,
            as_of=self._today(),
            past=self.past_box.currentData(),
            soon=self.due_box.currentData(),
        )

    def apply_filter(self) -> None:
        """Show the cases of the current filter; its totals follow from the background."""
        self._search_timer.stop()
        self.chips.set_current(self.due_box.currentData())
        self.model.set_filter(self.current_filter())
        self._summary_timer.start()

    def show_band(self, key: str | None) -> None:
        """A chip pressed: only its band's cases (None: every case of the other filters)."""
        self.due_box.setCurrentIndex(max(0, self.due_box.findData(key)))
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
        self._scope = case_scope(self._sessions, self._operator())
        self._fill_choices()
        for box in (self.judge_box, self.group_box):
            box.setEnabled(self._scope is None)
            box.setToolTip("" if self._scope is None else SCOPE_TIP)
        self.apply_filter()
        actor = self._operator()
        holidays = (self.holiday_button, self.holidays_button)
        gate(holidays, self._sessions, actor, Action.EDIT_HOLIDAYS)
        gate([self.export_button], self._sessions, actor, Action.EXPORT_LIST)

    def show_case(self, case_id: int) -> None:
        """Bring one case into view (the filters are cleared if they hide it) and select it."""
        row = self.model.row_of(case_id)
        if row is None:
            for box in (self.team_box, self.group_box, self.judge_box, self.track_box,
                        self.list_box, self.past_box, self.due_box):  # fmt: skip
                box.blockSignals(True)
                box.setCurrentIndex(0)
                box.blockSignals(False)
            self.status_box.blockSignals(True)
            self.status_box.setCurrentIndex(len(STATUS_CHOICES) - 1)  # 全部
            self.status_box.blockSignals(False)
            self.search_edit.blockSignals(True)
            self.search_edit.clear()
            self.search_edit.blockSignals(False)
            self.apply_filter()
            while (row := self.model.row_of(case_id)) is None and self.model.canFetchMore():
                self.model.fetchMore()
        if row is not None:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def load_case(self, case_id: int) -> None:
        """Kept for the shared tab interface; the deadlines tab shows instead."""
        self.show_case(case_id)

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
        return ask_save_path(parent, "case_list", "导出清单", "案件清单.xlsx", XLSX)

    def show_message(self, title: str, text: str) -> None:
        """Tell the user how an action went (a seam for tests)."""
        QMessageBox.information(self, title, text)

    def _export(self) -> None:
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
