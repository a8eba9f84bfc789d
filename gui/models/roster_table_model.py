"""人员 table: each person's role, position (职务), aliases, teams, groups and status."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from model.roster_overview import PersonView, RosterOverview

ModelIndex = QModelIndex | QPersistentModelIndex
HEADERS = ("姓名", "角色", "职务", "别名", "所在团队", "所在办案组", "状态")
INACTIVE = QColor("#9a9a9a")


class RosterTableModel(QAbstractTableModel):
    """The people of the roster, or of one team; inactive people greyed and marked 停用."""

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._people: tuple[PersonView, ...] = ()

    def set_overview(self, overview: RosterOverview, team_id: int | None = None) -> None:
        """Show everybody, or the members of one team, judges first."""
        self.beginResetModel()
        self._people = tuple(p for p in overview.people if team_id is None or team_id in p.team_ids)
        self.endResetModel()

    def person_at(self, row: int) -> PersonView:
        """The person shown on a row."""
        return self._people[row]

    def row_of(self, person_id: int) -> int:
        """The row of a person, or -1."""
        return next((row for row, p in enumerate(self._people) if p.id == person_id), -1)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Qt: number of people shown."""
        return 0 if parent.isValid() else len(self._people)

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
        """Qt: a cell's text, grey for an inactive person."""
        if not index.isValid():
            return None
        person = self._people[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return None if person.active else INACTIVE
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0 and person.aliases:
            return f"{person.display_name}：原文中的另一种写法，视为同一人"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            person.name,
            person.role.label,
            person.position,
            "、".join(person.aliases),
            "、".join(person.team_names),
            "、".join(person.group_names),
            "在岗" if person.active else "停用",
        )[index.column()]
