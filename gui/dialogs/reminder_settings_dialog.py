"""提醒设置: the thresholds of 待办 (days before each limit, the holiday reminder's start)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLineEdit, QWidget
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.event_base import EventDialog
from model.reports.reminder_settings import (
    DEFAULTS,
    LABELS,
    reminder_values,
    save_reminder_settings,
)


class ReminderSettingsDialog(EventDialog):
    """One field a setting, filled with the values in force; saved all or nothing."""

    def __init__(
        self, sessions: sessionmaker[Session], actor_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__("提醒设置", parent)
        self.setMinimumWidth(480)
        self._sessions, self._actor_id = sessions, actor_id
        with sessions() as session:
            values = reminder_values(session)
        self.edits: dict[str, QLineEdit] = {}
        for key, label in LABELS.items():
            edit = QLineEdit(values[key])
            edit.setPlaceholderText(f"默认 {DEFAULTS[key]}")
            self.edits[key] = edit
            self.form.addRow(f"{label}：", edit)

    def save(self) -> None:
        """Store the values (the chief and deputy only; the model refuses others)."""
        save_reminder_settings(
            self._sessions, {key: edit.text() for key, edit in self.edits.items()}, self._actor_id
        )

    @classmethod
    def ask(
        cls, sessions: sessionmaker[Session], actor_id: int | None, parent: QWidget | None = None
    ) -> bool:
        """Show the dialog; True when saved. Tests replace this seam."""
        return cls(sessions, actor_id, parent).exec() == QDialog.DialogCode.Accepted
