"""结案: date, method; 终结本次执行程序 asks for its four conditions."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QVBoxLayout, QWidget

from gui.dialogs.event_base import CaseEventDialog, date_edit, date_of
from model.cases.events.closing import FINAL_CONDITIONS, FINAL_METHOD, close_case
from model.cases.events.payment import received_total, yuan
from model.entities import CLOSING_METHODS


class ClosingDialog(CaseEventDialog):
    """Close a case."""

    TITLE = "结案"

    def add_fields(self) -> None:
        """The fields of this event."""
        self.date_edit = date_edit(self._today)
        self.method_box = QComboBox()
        self.method_box.addItems(CLOSING_METHODS)
        self.condition_boxes: dict[str, QCheckBox] = {}
        self.conditions = QWidget()
        column = QVBoxLayout(self.conditions)
        column.setContentsMargins(0, 0, 0, 0)
        for key, text in FINAL_CONDITIONS.items():
            box = QCheckBox(text)
            self.condition_boxes[key] = box
            column.addWidget(box)
        self.form.addRow("结案日期：", self.date_edit)
        self.form.addRow("结案方式：", self.method_box)
        self.form.addRow("终本条件：", self.conditions)
        with self._sessions() as session:
            total = received_total(session, self._case_id)
        # 执行完毕 means the money is in: the clerk sees what has been recorded as received.
        self.received_label = QLabel(f"已登记执行到位款 {yuan(total)} 元")
        self.form.addRow("执行到位：", self.received_label)
        self.method_box.currentTextChanged.connect(self._method_changed)
        self._method_changed(self.method_box.currentText())

    def _method_changed(self, method: str) -> None:
        self.conditions.setEnabled(method == FINAL_METHOD)
        self.received_label.setVisible(method == "执行完毕")
        label = self.form.labelForField(self.received_label)
        if label is not None:
            label.setVisible(method == "执行完毕")

    def save(self) -> None:
        """Close the case."""
        method = self.method_box.currentText()
        conditions = (
            {key: box.isChecked() for key, box in self.condition_boxes.items()}
            if method == FINAL_METHOD
            else None
        )
        close_case(
            self._sessions,
            self._case_id,
            date_of(self.date_edit),
            method,
            self._actor_id,
            conditions,
            today=self._today,
        )
