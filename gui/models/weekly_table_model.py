"""周工作量统计表 in the window: one row a line of the sheet."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from gui.models.row_table_model import RowTableModel
from model.reports.weekly import RowKind, WeeklyRow
from model.reports.weekly_layout import FIGURE_HEADERS, RATE_COLUMN, figure_values

_BOLD = (RowKind.TEAM, RowKind.SPECIAL, RowKind.TOTAL)


def rate_text(value: object) -> str:
    """0.4667 → 46.7%; an undefined rate is a dash."""
    return "—" if value is None else f"{float(value):.1%}"  # type: ignore[arg-type]  # only rates (float or None) reach here


def _two_lines(title: str) -> str:
    """期限内结案率 → 期限内 / 结案率: a rate's title broken before its last word."""
    word = "结案率"
    if title.endswith(word) and len(title) > len(word):
        return f"{title[: -len(word)]}\n{word}"
    return title


class WeeklyTableModel(RowTableModel):
    """The sheet's lines: teams, their groups and judges, the special line, the total.

    Each row is a line with its figures as the sheet writes them (``figure_values``),
    worked out once when the week is shown.
    """

    headers = tuple(FIGURE_HEADERS)

    def set_lines(self, lines: list[WeeklyRow]) -> None:
        """Show another week's lines."""
        self.set_rows((line, figure_values(line)) for line in lines)

    def line(self, row: int) -> WeeklyRow:
        """The line on a row."""
        return self.row_at(row)[0]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles; a long rate's title on two lines (its column is as narrow as the
        figures'), whole in its tooltip."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(FIGURE_HEADERS):
            return None
        title = FIGURE_HEADERS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _two_lines(title)
        if role == Qt.ItemDataRole.ToolTipRole:
            return title
        return None

    def cell(self, item: tuple[WeeklyRow, list[object]], column: int, role: int) -> Any:
        """Counts as numbers, rates as percentages; team, special and total lines in bold."""
        line, values = item
        if role == Qt.ItemDataRole.DisplayRole:
            value = values[column]
            return rate_text(value) if column >= RATE_COLUMN else str(value)
        if role == Qt.ItemDataRole.FontRole and line.kind in _BOLD:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
