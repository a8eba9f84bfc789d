"""操作记录 as a table: one row an audit entry, newest last."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from gui.models.row_table_model import RowTableModel
from model.access.audit_lines import AuditLine


class AuditTableModel(RowTableModel):
    """Read-only rows of ``AuditLine``."""

    headers = ("序号", "时间", "操作人", "操作", "对象", "案号", "变更内容")

    def set_lines(self, lines: list[AuditLine]) -> None:
        """Show these entries."""
        self.set_rows(lines)

    def line_at(self, row: int) -> AuditLine:
        """The entry of a row."""
        return self.row_at(row)

    def cell(self, item: AuditLine, column: int, role: int) -> Any:
        """The entry's fields as text; the full change as the tooltip."""
        if role == Qt.ItemDataRole.DisplayRole:
            values = (
                item.seq,
                item.at.strftime("%Y-%m-%d %H:%M:%S"),
                item.actor,
                item.action,
                item.entity,
                item.case_number,
                item.changes,
            )
            return str(values[column])
        if role == Qt.ItemDataRole.ToolTipRole and column == len(self.headers) - 1:
            return item.changes
        return None
