"""人员 table: each person's role, position (职务), aliases, teams, groups and status."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from gui.models.roster_group_model import INACTIVE
from gui.models.row_table_model import RowTableModel
from model.roster.overview import PersonView, RosterOverview


class RosterTableModel(RowTableModel):
    """The people of the roster, or of one team; inactive people greyed and marked 停用."""

    headers = ("姓名", "角色", "职务", "别名", "所在团队", "所在办案组", "状态")

    def set_overview(self, overview: RosterOverview, team_id: int | None = None) -> None:
        """Show everybody, or the members of one team, judges first."""
        self.set_rows(p for p in overview.people if team_id is None or team_id in p.team_ids)

    def person_at(self, row: int) -> PersonView:
        """The person shown on a row."""
        return self.row_at(row)

    def cell(self, item: PersonView, column: int, role: int) -> Any:
        """A cell's text, grey for an inactive person; the alias explained."""
        if role == Qt.ItemDataRole.ForegroundRole:
            return None if item.active else INACTIVE
        if role == Qt.ItemDataRole.ToolTipRole and column == 0 and item.aliases:
            return f"{item.display_name}：原文中的另一种写法，视为同一人"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            item.name,
            item.role.label,
            item.position,
            "、".join(item.aliases),
            "、".join(item.team_names),
            "、".join(item.group_names),
            "在岗" if item.active else "停用",
        )[column]
