"""登录账号 as a table: each person on the roster and their login."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from gui.models.row_table_model import RowTableModel
from model.access.users import AccountRow


class AccountTableModel(RowTableModel):
    """Read-only rows of ``AccountRow``."""

    headers = ("姓名", "岗位", "账号", "最近登录")

    def cell(self, item: AccountRow, column: int, role: int) -> Any:
        """Name, role, whether they have a login (and must change it), last login."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if not item.has_login:
            login = "未开设"
        else:
            login = "已开设（待本人改密码）" if item.must_change else "已开设"
        last = item.last_login.strftime("%Y-%m-%d %H:%M") if item.last_login else ""
        return (item.name, item.role_label, login, last)[column]
