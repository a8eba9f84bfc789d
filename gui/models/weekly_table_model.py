"""周工作量统计表 in the window: one row a line of the sheet."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from model.reports.weekly import RowKind, WeeklyRow
from model.reports.weekly_layout import FIGURE_HEADERS, RATE_COLUMN, figure_values

Index = QModelIndex | QPersistentModelIndex
_BOLD = (RowKind.TEAM, RowKind.SPECIAL, RowKind.TOTAL)


def rate_text(value: object) -> str:
    """0.4667 → 46.7%; an undefined rate is a dash."""
    return "—" if value is None else f"{float(value):.1%}"  # type: ignore[arg-type]  # only rates (float or None) reach here


class WeeklyTableModel(QAbstractTableModel):
    """The sheet's lines: teams, their groups and judges, the special line, the total."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[WeeklyRow] = []
        self._values: list[list[object]] = []

    def set_rows(self, rows: list[WeeklyRow]) -> None:
        """Show another week's lines."""
        self.beginResetModel()
        self._rows = list(rows)
        self._values = [figure_values(row) for row in self._rows]
        self.endResetModel()

    def line(self, row: int) -> WeeklyRow:
        """The line on a row."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One row a line."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """The sheet's columns."""
        return 0 if parent.isValid() else len(FIGURE_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(FIGURE_HEADERS)
        ):
            return FIGURE_HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Counts as numbers, rates as percentages; team, special and total lines in bold."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        value = self._values[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return rate_text(value) if index.column() >= RATE_COLUMN else str(value)
        if role == Qt.ItemDataRole.FontRole and self._rows[index.row()].kind in _BOLD:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
