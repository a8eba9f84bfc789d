"""办案组 table: each group's judge, police officer and clerk."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from model.roster_overview import GroupView, RosterOverview

ModelIndex = QModelIndex | QPersistentModelIndex
HEADERS = ("办案组", "所属团队", "员额法官", "司法警察", "书记员", "状态")
INACTIVE = QColor("#9a9a9a")


class RosterGroupModel(QAbstractTableModel):
    """The case groups of one team (or of every team), in their rotation order."""

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._groups: tuple[GroupView, ...] = ()

    def set_overview(self, overview: RosterOverview, team_id: int | None = None) -> None:
        """Show the groups of one team, or of all teams."""
        self.beginResetModel()
        self._groups = tuple(g for t in overview.teams if team_id in (None, t.id) for g in t.groups)
        self.endResetModel()

    def group_at(self, row: int) -> GroupView:
        """The group shown on a row."""
        return self._groups[row]

    def row_of(self, group_id: int) -> int:
        """The row of a group, or -1."""
        return next((row for row, g in enumerate(self._groups) if g.id == group_id), -1)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt: number of groups shown."""
        return 0 if parent.isValid() else len(self._groups)

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
        """Qt: a cell's text, grey for an inactive group."""
        if not index.isValid():
            return None
        group = self._groups[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return None if group.active else INACTIVE
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            group.name,
            group.team_name,
            group.judge_name,
            group.police_name or "—",
            group.clerk_name or "—",
            "在用" if group.active else "停用",
        )[index.column()]
