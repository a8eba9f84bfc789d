"""超期及临期案件: pending cases overdue or due within 7 days on either limit, most urgent first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from gui.models.row_table_model import RowTableModel
from gui.widgets.messages import error_colour
from model.reports.weekly import UrgentCase


class UrgentTableModel(RowTableModel):
    """One row an urgent case; those overdue on either limit in red."""

    headers = (
        "案号",
        "申请执行人",
        "被执行人",
        "承办团队",
        "办案组",
        "承办法官",
        "到期日",
        "法定到期日",
        "期限情况",
    )

    def set_cases(self, cases: list[UrgentCase]) -> None:
        """Show another list."""
        self.set_rows(cases)

    def case_id(self, row: int) -> int:
        """The case on a row."""
        return self.row_at(row).case_id

    def cell(self, item: UrgentCase, column: int, role: int) -> Any:
        """The text of a cell; cases overdue on either limit in red."""
        if role == Qt.ItemDataRole.ForegroundRole and (item.overdue or item.statutory_overdue):
            return QBrush(error_colour())
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 8:
            return item.limits
        value = (
            item.number,
            item.applicants,
            item.respondents,
            item.team,
            item.group,
            item.judge,
            item.due_date,
            item.statutory_due_date,
        )[column]
        if value is None:
            return ""
        return f"{value:%Y-%m-%d}" if isinstance(value, dt.date) else str(value)
