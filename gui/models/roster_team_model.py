"""The two teams side by side: leader, judges, police, clerks and case groups (SPEC §1 table)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from model.entities import Role
from model.roster_overview import RosterOverview, TeamView

ModelIndex = QModelIndex | QPersistentModelIndex
HEADERS = ("团队", "负责人", "员额法官", "司法警察", "书记员", "办案组")


class RosterTeamModel(QAbstractTableModel):
    """One row a team; the people columns list its active members by name."""

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._overview: RosterOverview | None = None
        self._teams: tuple[TeamView, ...] = ()

    def set_overview(self, overview: RosterOverview) -> None:
        """Show this roster."""
        self.beginResetModel()
        self._overview = overview
        self._teams = overview.teams
        self.endResetModel()

    def team_at(self, row: int) -> TeamView:
        """The team shown on a row."""
        return self._teams[row]

    def row_of(self, team_id: int) -> int:
        """The row of a team, or -1."""
        return next((row for row, t in enumerate(self._teams) if t.id == team_id), -1)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt: number of teams."""
        return 0 if parent.isValid() else len(self._teams)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt: number of columns."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Qt: the column titles."""
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Qt: a cell's text; the tooltip repeats it for long lists."""
        if not index.isValid() or self._overview is None:
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        team = self._teams[index.row()]
        column = index.column()
        if column == 0:
            return team.name
        if column == 1:
            return team.leader_name or "（未设）"
        if column in (2, 3, 4):
            people_role = (Role.JUDGE, Role.POLICE, Role.CLERK)[column - 2]
            people = self._overview.members(team.id, people_role)
            return "、".join(p.name for p in people if p.active) or "—"
        active = [g.name for g in team.groups if g.active]
        if role == Qt.ItemDataRole.ToolTipRole:
            return "、".join(active) or "本团队尚无办案组"
        return f"{len(active)} 个" if active else "无"
