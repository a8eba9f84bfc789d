"""报表 tab (placeholder until its issue lands)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from sqlalchemy.orm import Session, sessionmaker


class ReportsTab(QWidget):
    """报表."""

    data_changed = Signal()
    open_in_deadlines = Signal(int)
    retriage_requested = Signal(int)

    def __init__(
        self,
        sessions: sessionmaker[Session],
        operator: Callable[[], int | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._operator = operator
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("报表"))

    def refresh(self) -> None:
        """Reload from the database."""

    def show_case(self, case_id: int) -> None:
        """Bring one case into view."""

    def load_case(self, case_id: int) -> None:
        """Load a saved case for re-triage."""
