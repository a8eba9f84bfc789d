"""待办 tab: what the logged-in person has to do today (SPEC §8), the first thing shown.

The list is ``compute_reminders`` read on the background reader, so a long list (the
chief's, at a decade's scale) never freezes the window. Each item's action is one
click away: the buttons under the list change with the selected item's kind; Enter
or a double-click opens the case. Nothing is dismissed by hand: the list is read
again after every change (this tab's or another's) and an item whose cause is gone
is simply not there.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import cast

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from gui.models.reminder_table_model import ReminderTableModel
from gui.permission_gate import gate
from model.access.permissions import Action
from model.errors import UserError
from model.reports.reminders import Reminder, ReminderKind, ReminderList, compute_reminders

COLUMN_WIDTHS = (86, 190, 200, 420, 92, 76, 70)

# What each kind asks for: (button key, label, permission), the first is the main one.
ACTIONS: dict[ReminderKind, tuple[tuple[str, str, Action], ...]] = {
    ReminderKind.STATUTORY_OVERDUE: (("closing", "结案…", Action.RECORD_CLOSING),),
    ReminderKind.TRACK_OVERDUE: (("closing", "结案…", Action.RECORD_CLOSING),),
    ReminderKind.DUE_SOON: (("closing", "结案…", Action.RECORD_CLOSING),),
    ReminderKind.EXTENSION: (("extension", "登记延长…", Action.RECORD_EVENT),),
    ReminderKind.TRANSFER: (
        ("transfer", "移交普执团队…", Action.CONFIRM_TRANSFER),
        ("closing", "结案…", Action.RECORD_CLOSING),
    ),
    ReminderKind.PROPERTY_CHECK: (("property_check", "登记财产核查…", Action.RECORD_EVENT),),
    ReminderKind.HOLIDAYS: (("holidays", "录入节假日…", Action.EDIT_HOLIDAYS),),
}


class TodoTab(QWidget):
    """待办."""

    data_changed = Signal()
    count_changed = Signal(int)  # the number of items, for the tab's title
    loaded = Signal()  # a read has been shown (tests wait for it)

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
        self.reminders = ReminderList(today(), "", False)

        self.summary_label = QLabel("正在读取待办…")
        self.summary_label.setWordWrap(True)
        self.model = ReminderTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setWordWrap(False)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.view.setColumnWidth(column, width)
        # Enter and a double-click open the item (``activated`` would also fire on a
        # single click where the desktop is set so; the list must not open by accident).
        self.view.doubleClicked.connect(self._activated)
        self.view.installEventFilter(self)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())

        self.open_button = QPushButton("打开案件…")
        self.open_button.clicked.connect(self._open_selected)
        self.action_buttons = [QPushButton(), QPushButton()]
        for position, button in enumerate(self.action_buttons):
            button.clicked.connect(lambda _=False, p=position: self._act(p))
            button.hide()
        self.export_button = QPushButton("导出/打印…")
        self.export_button.clicked.connect(self._export)
        self.settings_button = QPushButton("提醒设置…")
        self.settings_button.clicked.connect(self._settings)
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.clicked.connect(self.refresh)

        bottom = QHBoxLayout()
        bottom.addWidget(self.open_button)
        for button in self.action_buttons:
            bottom.addWidget(button)
        bottom.addStretch(1)
        bottom.addWidget(self.refresh_button)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.settings_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.reader = BackgroundReader(sessions, self)
        self.refresh()

    # --- reading --------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the list again in the background; the one shown stays until it arrives."""
        today, person = self._today(), self._operator()
        self.refresh_button.setEnabled(False)
        gate([self.settings_button], self._sessions, person, Action.EDIT_SETTINGS)

        def work(session: Session) -> ReminderList:
            return compute_reminders(session, today, person)

        self.reader.read(work, self._show, self._failed)

    def loading(self) -> bool:
        """A read is under way."""
        return self.reader.busy()

    def _show(self, reminders: ReminderList) -> None:
        chosen = self.current()
        self.reminders = reminders
        self.model.set_list(reminders)
        self.view.clearSpans()
        columns = self.model.columnCount()
        for row in self.model.heading_rows():
            self.view.setSpan(row, 0, 1, columns)
        counts = Counter(item.kind for item in reminders.items)
        parts = [f"{kind.label} {counts[kind]}" for kind in ReminderKind if counts[kind]]
        whose = "全局待办（按承办法官）" if reminders.by_judge else f"{reminders.viewer}的待办"
        if reminders.items:
            people = ""
            if reminders.by_judge:
                people = "\n各承办法官：" + "，".join(
                    f"{section.title} {len(section.items)}" for section in reminders.sections()
                )
            self.summary_label.setText(
                f"今天 {reminders.today:%Y-%m-%d}　{whose}共 {len(reminders)} 项："
                + "，".join(parts)
                + "。最紧急的在前；办理后自动从清单中消失。"
                + people
            )
        else:
            self.summary_label.setText(f"今天 {reminders.today:%Y-%m-%d}　没有待办事项。")
        if chosen is not None and chosen.case_id is not None:
            row = self.model.row_of_case(chosen.case_id)
        else:
            row = -1
        if row < 0:
            row = next((r for r in range(self.model.rowCount()) if self.model.reminder(r)), -1)
        before = self.view.currentIndex().row()
        if row >= 0:
            self.view.selectRow(row)
        self.refresh_button.setEnabled(True)
        if self.view.currentIndex().row() == before:
            # Otherwise currentRowChanged has set them already: each button's permission
            # is a query, and the list is read at start and after every change.
            self._update_buttons()
        self.count_changed.emit(len(reminders))
        self.loaded.emit()

    def _failed(self, error: Exception) -> None:
        reason = error.message if isinstance(error, UserError) else "读取数据库时出错"
        self.summary_label.setText(f"待办未能读取：{reason}。请点“刷新”重试。")
        self.refresh_button.setEnabled(True)
        self.loaded.emit()

    # --- the selected item and its actions ------------------------------------------

    def current(self) -> Reminder | None:
        """The selected item (None on a heading or with nothing selected)."""
        index = self.view.currentIndex()
        return self.model.reminder(index.row()) if index.isValid() else None

    def select_case(self, case_id: int) -> bool:
        """Select the first item about a case; False when it has none."""
        row = self.model.row_of_case(case_id)
        if row >= 0:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))
        return row >= 0

    def _update_buttons(self) -> None:
        item = self.current()
        self.open_button.setEnabled(item is not None and item.case_id is not None)
        actions = ACTIONS.get(item.kind, ()) if item is not None else ()
        person = self._operator()
        for position, button in enumerate(self.action_buttons):
            if position < len(actions):
                _key, label, action = actions[position]
                button.setText(label)
                button.show()
                case_id = item.case_id if item is not None else None
                gate([button], self._sessions, person, action, True, case_id)
            else:
                button.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter (or Return) on the list opens the selected item."""
        if (
            watched is self.view
            and event.type() == QEvent.Type.KeyPress
            and cast(QKeyEvent, event).key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._activated(self.view.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def _activated(self, index: QModelIndex) -> None:
        item = self.model.reminder(index.row())
        if item is None:
            return
        if item.case_id is None:
            self._act(0)
        else:
            self.open_case(item.case_id)

    def _open_selected(self) -> None:
        item = self.current()
        if item is not None and item.case_id is not None:
            self.open_case(item.case_id)

    def open_case(self, case_id: int) -> None:
        """The case detail dialog; the list is read again when something was saved."""
        from gui.dialogs.case_detail_dialog import CaseDetailDialog

        outcome = CaseDetailDialog.ask(self._sessions, case_id, self._operator, self._today(), self)
        if outcome.changed:
            self._changed()

    def _act(self, position: int) -> None:
        item = self.current()
        if item is None:
            return
        actions = ACTIONS.get(item.kind, ())
        if position >= len(actions):
            return
        key = actions[position][0]
        actor, today, case_id = self._operator(), self._today(), item.case_id
        saved = False
        if key == "holidays":
            from gui.dialogs.holiday_dialog import HolidayDialog

            saved = HolidayDialog.ask(self._sessions, actor, self)
        elif case_id is None:
            return
        elif key == "closing":
            from gui.dialogs.closing_dialog import ClosingDialog

            saved = ClosingDialog.ask(self._sessions, case_id, actor, today, self)
        elif key == "transfer":
            from gui.dialogs.transfer_dialog import TransferDialog

            saved = TransferDialog.ask(self._sessions, case_id, actor, today, self)
        elif key == "extension":
            from gui.dialogs.extension_dialog import ExtensionDialog

            saved, warning = ExtensionDialog.ask(self._sessions, case_id, actor, today, self)
            if warning:
                self.show_message("提示", warning)
        elif key == "property_check":
            from gui.dialogs.property_check_dialog import PropertyCheckDialog

            outcome = PropertyCheckDialog.ask_outcome(self._sessions, case_id, actor, today, self)
            saved = outcome is not None
            if outcome is not None and outcome.resumed_number:
                self.show_message(
                    "恢复执行",
                    f"已恢复执行：登记执恢案件 {outcome.resumed_number}，"
                    "已按收案规则分流、分案，可在“期限”中查看。",
                )
        if saved:
            self._changed()

    def _changed(self) -> None:
        self.refresh()
        self.data_changed.emit()

    def _settings(self) -> None:
        from gui.dialogs.reminder_settings_dialog import ReminderSettingsDialog

        if ReminderSettingsDialog.ask(self._sessions, self._operator(), self):
            self._changed()

    # --- the printed list -------------------------------------------------------------

    @staticmethod
    def ask_export_path(parent: QWidget) -> Path | None:
        """Where to save the list (a seam for tests)."""
        from PySide6.QtWidgets import QFileDialog  # its type and enums: at first use

        name, _ = QFileDialog.getSaveFileName(parent, "导出待办", "待办事项.xlsx", "Excel (*.xlsx)")
        return Path(name) if name else None

    def show_message(self, title: str, text: str) -> None:
        """Tell the user how an action went (a seam for tests)."""
        QMessageBox.information(self, title, text)

    def _export(self) -> None:
        from model.reports.reminder_sheet import write_reminder_sheet

        path = self.ask_export_path(self)
        if path is None:
            return
        try:
            write_reminder_sheet(self.reminders, path)
        except UserError as error:
            self.show_message("导出失败", error.message)
            return
        self.show_message(
            "导出待办", f"已导出 {len(self.reminders)} 项到 {path}，可直接打印（A4）。"
        )

    # --- the interface the main window uses -----------------------------------------

    def load_case(self, case_id: int) -> None:
        """Kept for the shared tab interface: select the case's first item."""
        self.select_case(case_id)
