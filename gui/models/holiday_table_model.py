"""The days of one year of the holiday calendar."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from gui.models.row_table_model import RowTableModel
from model.calendar.holidays import HolidayDay

MAKE_UP_DAY = QBrush(QColor("#1f4e9c"))


class HolidayTableModel(RowTableModel):
    """Holidays and make-up working days, in date order."""

    headers = ("日期", "星期", "类别", "名称")

    def set_days(self, days: list[HolidayDay]) -> None:
        """Show another list of days."""
        self.set_rows(days)

    def day(self, row: int) -> HolidayDay:
        """The day on a row."""
        return self.row_at(row)

    def cell(self, item: HolidayDay, column: int, role: int) -> Any:
        """The text of a cell; make-up working days in blue."""
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"{item.day:%Y-%m-%d}",
                item.weekday,
                "调休上班" if item.is_workday else "放假",
                item.name,
            )[column]
        if role == Qt.ItemDataRole.ForegroundRole and item.is_workday:
            return MAKE_UP_DAY
        return None
