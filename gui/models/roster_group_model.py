"""办案组 table: each group's judge, police officer and clerk."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from gui.models.row_table_model import RowTableModel
from model.roster.overview import GroupView, RosterOverview

INACTIVE = QColor("#9a9a9a")


class RosterGroupModel(RowTableModel):
    """The case groups of one team (or of every team), in their rotation order."""

    headers = ("办案组", "所属团队", "员额法官", "司法警察", "书记员", "状态")

    def set_overview(self, overview: RosterOverview, team_id: int | None = None) -> None:
        """Show the groups of one team, or of all teams."""
        self.set_rows(g for t in overview.teams if team_id in (None, t.id) for g in t.groups)

    def group_at(self, row: int) -> GroupView:
        """The group shown on a row."""
        return self.row_at(row)

    def cell(self, item: GroupView, column: int, role: int) -> Any:
        """A cell's text, grey for an inactive group."""
        if role == Qt.ItemDataRole.ForegroundRole:
            return None if item.active else INACTIVE
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            item.name,
            item.team_name,
            item.judge_name,
            item.police_name or "—",
            item.clerk_name or "—",
            "在用" if item.active else "停用",
        )[column]
