"""更正记录: pick a mistaken entry and give the reason; the original stays in the history."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QWidget
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.event_base import EventDialog
from model.cases.events.void import void_entry, voidable_entries
from model.errors import UserError


class VoidDialog(EventDialog):
    """Void one standing entry of a case."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        case_id: int,
        actor_id: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("更正记录", parent)
        self._sessions, self._actor_id = sessions, actor_id
        self.entry_box = QComboBox()
        for kind, entry_id, text in voidable_entries(sessions, case_id):
            self.entry_box.addItem(text, (kind, entry_id))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("例如 日期录入错误")
        self.form.addRow("要更正的记录：", self.entry_box)
        self.form.addRow("更正理由：", self.reason_edit)

    def save(self) -> None:
        """Void the chosen entry."""
        chosen = self.entry_box.currentData()
        if chosen is None:
            raise UserError("本案没有可更正的记录。", field="entry")
        kind, entry_id = chosen
        void_entry(self._sessions, kind, entry_id, self.reason_edit.text(), self._actor_id)

    @classmethod
    def ask(
        cls,
        sessions: sessionmaker[Session],
        case_id: int,
        actor_id: int | None,
        parent: QWidget | None = None,
    ) -> bool:
        """Show the dialog; True when an entry was voided."""
        return cls(sessions, case_id, actor_id, parent).exec() == QDialog.DialogCode.Accepted
