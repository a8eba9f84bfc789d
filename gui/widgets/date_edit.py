"""A date field that one Tab leaves, as every other field of a form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QWidget


class DateEdit(QDateEdit):
    """yyyy-MM-dd with a calendar; Tab and Shift+Tab leave the field instead of walking
    its year, month and day sections (a clerk keeps today's date far more often than
    not, and the arrow keys still move between the sections)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")

    def focusNextPrevChild(self, next: bool) -> bool:
        """Leave the field: QDateTimeEdit would move to its next section first."""
        return QWidget.focusNextPrevChild(self, next)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Return moves on too, as in the form's text fields."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.focusNextPrevChild(True)
            event.accept()
            return
        super().keyPressEvent(event)
