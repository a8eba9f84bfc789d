"""分流标准 as the settings dialog edits them: code, type, text (editable), in use (checkable)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from model.triage.criteria import CriterionInfo

HEADERS = ("代码", "类型", "内容", "启用")
CODE, TRACK, TEXT, ACTIVE = range(4)

_Index = QModelIndex | QPersistentModelIndex


@dataclass
class _Row:
    info: CriterionInfo
    text: str
    active: bool


class CriteriaTableModel(QAbstractTableModel):
    """The criteria with the edits made in the dialog; ``changes()`` lists them."""

    def __init__(self, criteria: list[CriterionInfo], parent: Any = None) -> None:
        super().__init__(parent)
        self._rows = [_Row(c, c.text, c.active) for c in criteria]

    def set_criteria(self, criteria: list[CriterionInfo]) -> None:
        """Replace every row (after a criterion was added), keeping the edits not yet saved."""
        texts, active = self.changes()
        self.beginResetModel()
        self._rows = [
            _Row(c, texts.get(c.code, c.text), active.get(c.code, c.active)) for c in criteria
        ]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Rows: one a criterion."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Columns: 代码, 类型, 内容, 启用."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A cell: text, or the check state of 启用."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == CODE:
                return row.info.code
            if column == TRACK:
                return row.info.track.label
            if column == TEXT:
                return row.text
            return None
        if role == Qt.ItemDataRole.CheckStateRole and column == ACTIVE:
            return Qt.CheckState.Checked if row.active else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column == TEXT:
            return row.text
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """内容 is editable, 启用 checkable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == TEXT:
            flags |= Qt.ItemFlag.ItemIsEditable
        if index.column() == ACTIVE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Edit a text or toggle 启用."""
        if not index.isValid():
            return False
        row = self._rows[index.row()]
        if index.column() == TEXT and role == Qt.ItemDataRole.EditRole:
            row.text = str(value)
        elif index.column() == ACTIVE and role == Qt.ItemDataRole.CheckStateRole:
            row.active = Qt.CheckState(value) == Qt.CheckState.Checked
        else:
            return False
        self.dataChanged.emit(index, index, [role])
        return True

    def changes(self) -> tuple[dict[str, str], dict[str, bool]]:
        """(changed texts, changed on/off) by code."""
        texts = {r.info.code: r.text for r in self._rows if r.text != r.info.text}
        active = {r.info.code: r.active for r in self._rows if r.active != r.info.active}
        return texts, active
