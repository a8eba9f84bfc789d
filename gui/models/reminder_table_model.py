"""待办 as a table: a heading row for each kind (or, for the chief, each judge) and its items.

A heading row spans the table (the tab sets the span); the items under it are the
model's ``Reminder`` objects as ``compute_reminders`` sorted them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from gui.models.row_table_model import RowTableModel
from gui.models.urgency_colours import URGENCY_COLOURS
from model.reports.reminders import Reminder, ReminderList


@dataclass(frozen=True)
class Heading:
    """A group's title row: 超期（12 项）, or 王爱军（35 项）."""

    title: str
    count: int


_HEADING_FONT = QFont()
_HEADING_FONT.setBold(True)
_HEADING_BRUSH = QBrush(QColor("#e6e6e6"))
_INK = QBrush(QColor("#1a1a1a"))
_OVERDUE = QBrush(URGENCY_COLOURS["overdue"])
_SOON = QBrush(URGENCY_COLOURS["week"])
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)


class ReminderTableModel(RowTableModel):
    """One row a heading or an item; overdue items red, the rest of the week orange."""

    headers = ("事项", "案号", "当事人", "应办事项", "期限", "剩余天数", "责任人")

    def set_list(self, reminders: ReminderList) -> None:
        """Show another list, grouped as its sections say."""
        rows: list[Heading | Reminder] = []
        for section in reminders.sections():
            rows.append(Heading(section.title, len(section.items)))
            rows.extend(section.items)
        self.set_rows(rows)

    def reminder(self, row: int) -> Reminder | None:
        """The item on a row, or None on a heading."""
        if not 0 <= row < self.rowCount():
            return None
        item = self.row_at(row)
        return item if isinstance(item, Reminder) else None

    def heading_rows(self) -> list[int]:
        """The rows that are headings (the view spans them across the table)."""
        return [row for row in range(self.rowCount()) if isinstance(self.row_at(row), Heading)]

    def row_of_case(self, case_id: int) -> int:
        """The first row about a case, or -1."""
        return next(
            (
                row
                for row in range(self.rowCount())
                if isinstance(self.row_at(row), Reminder) and self.row_at(row).case_id == case_id
            ),
            -1,
        )

    def cell(self, item: Heading | Reminder, column: int, role: int) -> Any:
        """A heading's title in its first cell; an item's fields and urgency colour."""
        if isinstance(item, Heading):
            if role == Qt.ItemDataRole.DisplayRole and column == 0:
                return f"{item.title}（{item.count} 项）"
            if role == Qt.ItemDataRole.FontRole:
                return _HEADING_FONT
            if role == Qt.ItemDataRole.BackgroundRole:
                return _HEADING_BRUSH
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                item.kind.label,
                item.number,
                item.parties,
                item.what,
                f"{item.due:%Y-%m-%d}",
                str(item.days_left) if item.days_left >= 0 else f"逾期 {-item.days_left}",
                item.responsible,
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (2, 3):
            return item.parties if column == 2 else item.what
        if role == Qt.ItemDataRole.BackgroundRole and column in (0, 5):
            if item.days_left < 0:
                return _OVERDUE
            if item.days_left <= 7:
                return _SOON
        if role == Qt.ItemDataRole.ForegroundRole and column in (0, 5):
            return _INK
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (4, 5, 6):
            return _CENTRE
        return None
