"""超期及临期案件: the pending cases overdue or due within 7 days, most urgent first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from model.weekly import UrgentCase

HEADERS = ("案号", "申请执行人", "被执行人", "承办团队", "办案组", "承办法官", "到期日", "剩余天数")
Index = QModelIndex | QPersistentModelIndex


class UrgentTableModel(QAbstractTableModel):
    """One row an urgent case; overdue ones in red."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._cases: list[UrgentCase] = []

    def set_cases(self, cases: list[UrgentCase]) -> None:
        """Show another list."""
        self.beginResetModel()
        self._cases = list(cases)
        self.endResetModel()

    def case_id(self, row: int) -> int:
        """The case on a row."""
        return self._cases[row].case_id

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One row a case."""
        return 0 if parent.isValid() else len(self._cases)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """The list's columns."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The text of a cell."""
        if not index.isValid() or not 0 <= index.row() < len(self._cases):
            return None
        case = self._cases[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            values: tuple[object, ...] = (
                case.number,
                case.applicants,
                case.respondents,
                case.team,
                case.group,
                case.judge,
                case.due_date,
                case.days_left,
            )
            value = values[index.column()]
            if isinstance(value, dt.date):
                return f"{value:%Y-%m-%d}"
            if index.column() == 7:
                if case.overdue:
                    return f"超期 {-case.days_left} 天"
                return "今日到期" if case.days_left == 0 else f"{case.days_left} 天"
            return str(value)
        if role == Qt.ItemDataRole.ForegroundRole and case.overdue:
            return QBrush(QColor("#b00020"))
        return None
