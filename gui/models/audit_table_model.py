"""操作记录 as a table: one row an audit entry, newest last."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from model.audit import AuditLine

HEADERS = ("序号", "时间", "操作人", "操作", "对象", "案号", "变更内容")
_Index = QModelIndex | QPersistentModelIndex


class AuditTableModel(QAbstractTableModel):
    """Read-only rows of ``AuditLine``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._lines: list[AuditLine] = []

    def set_lines(self, lines: list[AuditLine]) -> None:
        """Show these entries."""
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def line_at(self, row: int) -> AuditLine:
        """The entry of a row."""
        return self._lines[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """One row an entry."""
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """序号 … 变更内容."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The entry's fields as text; the full change as the tooltip."""
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        values = (
            line.seq,
            line.at.strftime("%Y-%m-%d %H:%M:%S"),
            line.actor,
            line.action,
            line.entity,
            line.case_number,
            line.changes,
        )
        if role == Qt.ItemDataRole.DisplayRole:
            return str(values[index.column()])
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == len(HEADERS) - 1:
            return line.changes
        return None
