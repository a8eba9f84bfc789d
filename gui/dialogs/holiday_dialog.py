"""节假日安排: list a year's days, add a year's arrangement or single days, mark it complete."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from gui.models.holiday_table_model import HolidayTableModel
from gui.widgets.messages import error_label
from model.calendar.holidays import (
    add_days,
    holiday_days,
    holiday_years,
    parse_days,
    remove_days,
    set_year_complete,
)
from model.errors import UserError


class HolidayDialog(QDialog):
    """Edit the working-day calendar; each change is saved at once and every clock follows."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        parent: QWidget | None = None,
        today: dt.date | None = None,
        actor_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._actor_id = actor_id
        self.changed = False
        self.setWindowTitle("节假日安排")
        self.setMinimumSize(620, 560)
        this_year = (today or dt.date.today()).year
        self.year_box = QSpinBox()
        self.year_box.setRange(2000, 2100)
        self.year_box.setValue(this_year + 1)
        self.year_box.valueChanged.connect(self._load_year)
        self.years_label = QLabel()
        self.years_label.setWordWrap(True)
        self.complete_box = QCheckBox("该年安排已录入完整（不再提示“尚未录入”）")
        self.complete_box.toggled.connect(self._complete_toggled)

        self.model = HolidayTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().hide()
        self.remove_button = QPushButton("删除所选日期")
        self.remove_button.clicked.connect(self._remove)

        self.kind_box = QComboBox()
        self.kind_box.addItem("放假", False)
        self.kind_box.addItem("调休上班（周末上班）", True)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("例如 春节")
        self.days_edit = QPlainTextEdit()
        self.days_edit.setPlaceholderText(
            "例如 2027-02-15至2027-02-21，或逐日填写 2027-01-01，多项用逗号或换行分隔"
        )
        self.days_edit.setFixedHeight(64)
        self.add_button = QPushButton("添加")
        self.add_button.clicked.connect(self._add)
        self.error_label = error_label()

        top = QHBoxLayout()
        top.addWidget(QLabel("年份："))
        top.addWidget(self.year_box)
        top.addWidget(self.complete_box, 1)
        form = QFormLayout()
        form.addRow("类别：", self.kind_box)
        form.addRow("名称：", self.name_edit)
        form.addRow("日期：", self.days_edit)
        form.addRow("", self.add_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.years_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.remove_button)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._load_year()

    def _load_year(self) -> None:
        year = self.year_box.value()
        self.model.set_days(holiday_days(self._sessions, year))
        infos = holiday_years(self._sessions)
        info = next((i for i in infos if i.year == year), None)
        self.complete_box.blockSignals(True)
        self.complete_box.setChecked(bool(info and info.complete))
        self.complete_box.blockSignals(False)
        complete = [str(i.year) for i in infos if i.complete]
        self.years_label.setText(
            "已录入完整的年份：" + ("、".join(sorted(complete)) if complete else "无")
        )

    def _show_error(self, error: UserError | None) -> None:
        self.error_label.setText(error.message if error else "")
        self.error_label.setVisible(error is not None)

    def _complete_toggled(self, checked: bool) -> None:
        try:
            set_year_complete(
                self._sessions, self.year_box.value(), checked, actor_id=self._actor_id
            )
        except UserError as error:
            self._show_error(error)
            return
        self._changed()

    def _add(self) -> None:
        try:
            days = parse_days(self.days_edit.toPlainText())
            add_days(
                self._sessions,
                days,
                bool(self.kind_box.currentData()),
                self.name_edit.text(),
                actor_id=self._actor_id,
            )
        except UserError as error:
            self._show_error(error)
            return
        self.days_edit.clear()
        if days[0].year != self.year_box.value():
            self.year_box.setValue(days[0].year)
        self._changed()

    def _remove(self) -> None:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        try:
            remove_days(
                self._sessions,
                [self.model.day(row).day for row in rows],
                actor_id=self._actor_id,
            )
        except UserError as error:
            self._show_error(error)
            return
        self._changed()

    def _changed(self) -> None:
        self.changed = True
        self._show_error(None)
        self._load_year()

    @classmethod
    def ask(
        cls,
        sessions: sessionmaker[Session],
        actor_id: int | None = None,
        parent: QWidget | None = None,
    ) -> bool:
        """Show the editor; True when the calendar changed."""
        dialog = cls(sessions, parent, actor_id=actor_id)
        dialog.exec()
        return dialog.changed
