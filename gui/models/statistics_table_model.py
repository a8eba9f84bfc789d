"""质效指标 in the window: one row a figure of a scope, with 环比 and 同比 and their changes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from gui.models.row_table_model import RowTableModel
from model.reports.statistics_layout import HEADERS, TableLine, show

GOOD = QColor("#1b6e2a")  # a change for the better: green
BAD = QColor("#b3261e")  # for the worse: the program's error red


class StatisticsTableModel(RowTableModel):
    """The figures table: scope, figure, this period, 环比 and its change, 同比 and its change."""

    headers = HEADERS

    def cell(self, item: TableLine, column: int, role: int) -> Any:
        """Values as the print writes them; a change coloured by whether it is for the better."""
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(item, column)
        change = {4: item.previous_change, 6: item.year_before_change}.get(column)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and change is not None
            and change.good is not None
        ):
            return QBrush(GOOD if change.good else BAD)
        if role == Qt.ItemDataRole.FontRole and column == 0 and item.first_of_scope:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and change is not None:
            return {True: "向好", False: "变差", None: "—"}[change.good]
        return None

    @staticmethod
    def text(item: TableLine, column: int) -> str:
        """The text of a cell (the print uses it too)."""
        shown = (
            item.scope if item.first_of_scope else "",
            item.indicator.label,
            show(item.indicator, item.current),
            show(item.indicator, item.previous),
            item.previous_change.text,
            show(item.indicator, item.year_before),
            item.year_before_change.text,
        )
        return shown[column]
