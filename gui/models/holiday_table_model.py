"""The days of one year of the holiday calendar."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from model.holidays import HolidayDay

HEADERS = ("日期", "星期", "类别", "名称")
Index = QModelIndex | QPersistentModelIndex


class HolidayTableModel(QAbstractTableModel):
    """Holidays and make-up working days, in date order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._days: list[HolidayDay] = []

    def set_days(self, days: list[HolidayDay]) -> None:
        """Show another list of days."""
        self.beginResetModel()
        self._days = list(days)
        self.endResetModel()

    def day(self, row: int) -> HolidayDay:
        """The day on a row."""
        return self._days[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One row a day."""
        return 0 if parent.isValid() else len(self._days)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Date, weekday, kind, name."""
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
        """The text of a cell; make-up working days in blue."""
        if not index.isValid() or not 0 <= index.row() < len(self._days):
            return None
        day = self._days[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"{day.day:%Y-%m-%d}",
                day.weekday,
                "调休上班" if day.is_workday else "放假",
                day.name,
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and day.is_workday:
            from PySide6.QtGui import QBrush, QColor

            return QBrush(QColor("#1f4e9c"))
        return None
