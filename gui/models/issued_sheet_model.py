"""已出报表: the weekly sheets made and kept (报表存档), newest first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from gui.models.row_table_model import RowTableModel
from model.reports.archive import IssuedSummary


class IssuedSheetModel(RowTableModel):
    """One row an issued sheet: its week, day, maker, main figures and hash."""

    headers = (
        "统计周",
        "统计截至",
        "制表时间",
        "制表人",
        "未结",
        "超期",
        "超审限",
        "文件",
        "SHA-256",
    )

    def set_sheets(self, sheets: list[IssuedSummary]) -> None:
        """Show another list."""
        self.set_rows(sheets)

    def sheet_id(self, row: int) -> int:
        """The issued sheet on a row."""
        return int(self.row_at(row).id)

    def cell(self, item: IssuedSummary, column: int, role: int) -> Any:
        """The text of a cell; the full hash as its tooltip."""
        if role == Qt.ItemDataRole.ToolTipRole and column == 8:
            return item.sha256
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            item.week,
            f"{item.as_of:%Y-%m-%d}",
            f"{item.made_at:%Y-%m-%d %H:%M}",
            item.made_by,
            str(item.figures.get("pending", "")),
            str(item.figures.get("overdue", "")),
            str(item.figures.get("statutory_overdue", "")),
            item.file_name,
            item.sha256[:16] + "…",
        )[column]
