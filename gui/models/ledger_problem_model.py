"""The bad rows of a checked ledger: row number, case number, what is wrong."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from model.ledger_import import RowProblem

HEADERS = ("行号", "案号", "问题")
Index = QModelIndex | QPersistentModelIndex


class LedgerProblemModel(QAbstractTableModel):
    """One row a bad ledger row."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._problems: list[RowProblem] = []

    def set_problems(self, problems: list[RowProblem]) -> None:
        """Show another check's problems."""
        self.beginResetModel()
        self._problems = list(problems)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One row a bad row."""
        return 0 if parent.isValid() else len(self._problems)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Row, case number, reasons."""
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
        if not index.isValid() or not 0 <= index.row() < len(self._problems):
            return None
        problem = self._problems[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"第 {problem.row} 行", problem.number, "；".join(problem.reasons))[
                index.column()
            ]
        return None
