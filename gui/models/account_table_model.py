"""登录账号 as a table: each person on the roster and their login."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from model.users import AccountRow

HEADERS = ("姓名", "岗位", "账号", "最近登录")
_Index = QModelIndex | QPersistentModelIndex


class AccountTableModel(QAbstractTableModel):
    """Read-only rows of ``AccountRow``."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AccountRow] = []

    def set_rows(self, rows: list[AccountRow]) -> None:
        """Show these people."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> AccountRow:
        """The person of a row."""
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """One row a person."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """姓名, 岗位, 账号, 最近登录."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Name, role, whether they have a login (and must change it), last login."""
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        if not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if not row.has_login:
            login = "未开设"
        else:
            login = "已开设（待本人改密码）" if row.must_change else "已开设"
        last = row.last_login.strftime("%Y-%m-%d %H:%M") if row.last_login else ""
        return (row.name, row.role_label, login, last)[index.column()]
