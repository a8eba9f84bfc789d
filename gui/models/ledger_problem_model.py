"""The bad rows of a checked ledger: row number, case number, what is wrong."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from gui.models.row_table_model import RowTableModel
from model.ledger.rows import RowProblem


class LedgerProblemModel(RowTableModel):
    """One row a bad ledger row."""

    headers = ("行号", "案号", "问题")

    def set_problems(self, problems: list[RowProblem]) -> None:
        """Show another check's problems."""
        self.set_rows(problems)

    def cell(self, item: RowProblem, column: int, role: int) -> Any:
        """The text of a cell."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        where = f"{item.sheet} 第 {item.row} 行" if item.sheet else f"第 {item.row} 行"
        return (where, item.number, "；".join(item.reasons))[column]
