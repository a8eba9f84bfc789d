"""超期及临期案件: the pending cases overdue or due within 7 days, most urgent first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from gui.models.row_table_model import RowTableModel
from gui.widgets.messages import error_colour
from model.reports.weekly import UrgentCase


class UrgentTableModel(RowTableModel):
    """One row an urgent case; overdue ones in red."""

    headers = (
        "案号",
        "申请执行人",
        "被执行人",
        "承办团队",
        "办案组",
        "承办法官",
        "到期日",
        "剩余天数",
    )

    def set_cases(self, cases: list[UrgentCase]) -> None:
        """Show another list."""
        self.set_rows(cases)

    def case_id(self, row: int) -> int:
        """The case on a row."""
        return self.row_at(row).case_id

    def cell(self, item: UrgentCase, column: int, role: int) -> Any:
        """The text of a cell; overdue cases in red."""
        if role == Qt.ItemDataRole.ForegroundRole and item.overdue:
            return QBrush(error_colour())
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 7:
            if item.overdue:
                return f"超期 {-item.days_left} 天"
            return "今日到期" if item.days_left == 0 else f"{item.days_left} 天"
        value = (
            item.number,
            item.applicants,
            item.respondents,
            item.team,
            item.group,
            item.judge,
            item.due_date,
        )[column]
        return f"{value:%Y-%m-%d}" if isinstance(value, dt.date) else str(value)
