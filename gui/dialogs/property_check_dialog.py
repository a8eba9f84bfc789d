"""登记财产核查: after 终本, the date, who checked, the result and a note.

The result 发现可供执行财产 resumes enforcement: the model registers the 执恢 case,
and the dialog keeps its number for the caller to announce.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QWidget
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.event_base import CaseEventDialog, date_edit, date_of
from model.cases.events.property_check import (
    PROPERTY_FOUND,
    CheckOutcome,
    checker_choices,
    record_property_check,
)
from model.entities import PROPERTY_CHECK_RESULTS


class PropertyCheckDialog(CaseEventDialog):
    """Record one property check of a 终本 case (it settles the earliest open one)."""

    TITLE = "登记终本财产核查"
    outcome: CheckOutcome | None = None

    def add_fields(self) -> None:
        """Date, checker (the user first), result, note; a line on what 发现 does."""
        self.day_edit = date_edit(self._today)
        self.checker_box = QComboBox()
        for label, person_id in checker_choices(self._sessions, self._actor_id):
            self.checker_box.addItem(label, person_id)
        self.result_box = QComboBox()
        for result in PROPERTY_CHECK_RESULTS:
            label = f"{result} → 恢复执行" if result == PROPERTY_FOUND else result
            self.result_box.addItem(label, result)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("例如：网络查控未发现存款、车辆、不动产")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.result_box.currentIndexChanged.connect(self._show_hint)
        self.form.addRow("核查日期：", self.day_edit)
        self.form.addRow("核查人：", self.checker_box)
        self.form.addRow("核查结果：", self.result_box)
        self.form.addRow("说明：", self.note_edit)
        self.form.addRow(self.hint)
        self._show_hint()

    def _show_hint(self) -> None:
        found = self.result_box.currentData() == PROPERTY_FOUND
        self.hint.setText(
            "保存后将以核查日期为立案日期登记一件执恢案件，按收案规则分流、分案，两案互相关联。"
            if found
            else "本次核查记入最早一次未登记的核查。"
        )

    def save(self) -> None:
        """Record the check (and, when property was found, the 执恢 case)."""
        self.outcome = record_property_check(
            self._sessions,
            self._case_id,
            date_of(self.day_edit),
            self.checker_box.currentData(),
            self.result_box.currentData(),
            self.note_edit.text(),
            self._actor_id,
            today=self._today,
        )

    @classmethod
    def ask_outcome(
        cls,
        sessions: sessionmaker[Session],
        case_id: int,
        actor_id: int | None,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> CheckOutcome | None:
        """Show the dialog; the recorded check (with its 执恢 case), or None. Tests replace this."""
        dialog = cls(sessions, case_id, actor_id, today, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.outcome
