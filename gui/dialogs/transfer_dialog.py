"""移交普执团队: the new handler and the reason; the clock stays from the filing date."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from gui.dialogs.event_base import CaseEventDialog, date_edit, date_of
from model.cases.events.transfer import transfer_case, transfer_choices


class TransferDialog(CaseEventDialog):
    """Move a fast-track case to the ordinary team."""

    TITLE = "移交普执团队"

    def add_fields(self) -> None:
        """The fields of this event."""
        suggestion = transfer_choices(self._sessions)
        self._by_group = suggestion.by_group
        self.handler_box = QComboBox()
        for choice in suggestion.choices:
            self.handler_box.addItem(choice.text, (choice.group_id, choice.judge_id))
            if choice == suggestion.suggested:
                self.handler_box.setCurrentIndex(self.handler_box.count() - 1)
        self.date_edit = date_edit(self._today)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("例如 需处分房产，一个月内无法办结")
        note = QLabel("移交后按普通案件计算期限（6个月），仍自原立案日期起算。")
        note.setWordWrap(True)
        self.form.addRow(f"移交至：{suggestion.team_name}", QLabel(""))
        self.form.addRow("办案组" if self._by_group else "承办法官", self.handler_box)
        self.form.addRow("移交日期：", self.date_edit)
        self.form.addRow("移交原因：", self.reason_edit)
        self.form.addRow(note)

    def save(self) -> None:
        """Transfer the case."""
        group_id, judge_id = self.handler_box.currentData()
        transfer_case(
            self._sessions,
            self._case_id,
            group_id,
            judge_id,
            self.reason_edit.text(),
            self._actor_id,
            transferred_on=date_of(self.date_edit),
            today=self._today,
        )
