"""登记强制措施: which measure, when, by which police officer, and a note."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from gui.dialogs.event_base import CaseEventDialog, date_edit, date_of
from model.cases.events.coercive import police_choices, record_coercive_measure
from model.entities import COERCIVE_MEASURES


class CoerciveDialog(CaseEventDialog):
    """Record a coercive measure carried out on a case."""

    TITLE = "登记强制措施"

    def add_fields(self) -> None:
        """The fields of this event."""
        self.kind_box = QComboBox()
        self.kind_box.addItems(COERCIVE_MEASURES)
        self.day_edit = date_edit(self._today)
        self.officer_box = QComboBox()
        for name, person_id in police_choices(self._sessions, self._case_id):
            self.officer_box.addItem(name, person_id)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("例如：查封被执行人名下房产一处")
        self.form.addRow("措施：", self.kind_box)
        self.form.addRow("执行日期：", self.day_edit)
        self.form.addRow("司法警察：", self.officer_box)
        self.form.addRow("说明：", self.note_edit)

    def save(self) -> None:
        """Record the measure."""
        record_coercive_measure(
            self._sessions,
            self._case_id,
            self.kind_box.currentText(),
            date_of(self.day_edit),
            self.officer_box.currentData(),
            self.note_edit.text(),
            self._actor_id,
            today=self._today,
        )
