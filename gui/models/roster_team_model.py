"""The two teams side by side: leader, judges, police, clerks and case groups (SPEC §1 table)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from gui.models.row_table_model import RowTableModel
from model.entities import Role
from model.roster.overview import RosterOverview, TeamView


class RosterTeamModel(RowTableModel):
    """One row a team; the people columns list its active members by name."""

    headers = ("团队", "负责人", "员额法官", "司法警察", "书记员", "办案组")

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)
        self._overview: RosterOverview | None = None

    def set_overview(self, overview: RosterOverview) -> None:
        """Show this roster."""
        self._overview = overview
        self.set_rows(overview.teams)

    def team_at(self, row: int) -> TeamView:
        """The team shown on a row."""
        return self.row_at(row)

    def cell(self, item: TeamView, column: int, role: int) -> Any:
        """A cell's text; the tooltip repeats it for long lists."""
        if self._overview is None:
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == 0:
            return item.name
        if column == 1:
            return item.leader_name or "（未设）"
        if column in (2, 3, 4):
            people_role = (Role.JUDGE, Role.POLICE, Role.CLERK)[column - 2]
            people = self._overview.members(item.id, people_role)
            return "、".join(p.name for p in people if p.active) or "—"
        active = [g.name for g in item.groups if g.active]
        if role == Qt.ItemDataRole.ToolTipRole:
            return "、".join(active) or "本团队尚无办案组"
        return f"{len(active)} 个" if active else "无"
