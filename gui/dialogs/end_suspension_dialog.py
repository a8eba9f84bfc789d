"""中止结束: the last day of an open suspension."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QWidget
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.event_base import EventDialog, date_edit, date_of
from model.cases.events.periods import end_suspension


class EndSuspensionDialog(EventDialog):
    """Give the open period its end; the clock runs again."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        period_id: int,
        actor_id: int | None,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("登记中止结束", parent)
        self._sessions, self._period_id, self._actor_id, self._today = (
            sessions,
            period_id,
            actor_id,
            today,
        )
        self.end_edit = date_edit(today)
        self.form.addRow("中止结束日期：", self.end_edit)

    def save(self) -> None:
        """End the period."""
        end_suspension(
            self._sessions, self._period_id, date_of(self.end_edit), self._actor_id, self._today
        )

    @classmethod
    def ask(
        cls,
        sessions: sessionmaker[Session],
        period_id: int,
        actor_id: int | None,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> bool:
        """Show the dialog; True when the suspension was ended."""
        dialog = cls(sessions, period_id, actor_id, today, parent)
        return dialog.exec() == QDialog.DialogCode.Accepted
