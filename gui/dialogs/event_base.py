"""The shape every case-event dialog shares: fields, an error line, save-or-stay."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from gui.widgets.messages import error_label, save_cancel
from model.cases.events.base import case_number
from model.errors import UserError


def date_edit(day: dt.date) -> QDateEdit:
    """A calendar-popup date field set to ``day``."""
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def hint(text: str) -> QLabel:
    """A grey explanatory line under a form's fields."""
    label = QLabel(text)
    label.setProperty("role", "hint")
    label.setWordWrap(True)
    return label


def date_of(edit: QDateEdit) -> dt.date:
    """The date a field shows."""
    value = edit.date()
    return dt.date(value.year(), value.month(), value.day())


class EventDialog(QDialog):
    """A form whose OK runs ``save()``; a refusal is shown and the dialog stays open."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.form = QFormLayout()
        self.error_label = error_label()
        self.buttons = save_cancel(self.try_save, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.error_field: str | None = None

    def save(self) -> None:
        """Call the service; raise ``UserError`` to refuse."""
        raise NotImplementedError

    def try_save(self) -> None:
        """Save and close, or show why not and stay."""
        try:
            self.save()
        except UserError as error:
            self.error_field = error.field
            self.error_label.setText(error.message)
            self.error_label.show()
            return
        self.accept()


class CaseEventDialog(EventDialog):
    """An event on one case: the case, who records it and today, kept for ``save``.

    A dialog names its ``TITLE`` and adds its fields in ``add_fields``.
    """

    TITLE = ""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        case_id: int,
        actor_id: int | None,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.TITLE, parent)
        self._sessions, self._case_id, self._actor_id, self._today = (
            sessions,
            case_id,
            actor_id,
            today,
        )
        # Named first: with several case windows open, the clerk sees which case this is.
        number = case_number(sessions, case_id)
        self.setWindowTitle(f"{self.TITLE} — {number}" if number else self.TITLE)
        self.case_label = QLabel(number)
        self.case_label.setStyleSheet("font-weight: bold;")
        self.form.addRow("案件：", self.case_label)
        self.add_fields()

    def add_fields(self) -> None:
        """Add the event's own fields to ``self.form`` (each dialog says which)."""
        raise NotImplementedError

    @classmethod
    def ask(
        cls,
        sessions: sessionmaker[Session],
        case_id: int,
        actor_id: int | None,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> bool:
        """Show the dialog; True when the event was saved. Tests replace this seam."""
        return cls(sessions, case_id, actor_id, today, parent).exec() == QDialog.DialogCode.Accepted
