"""The backups of the database as a table: time, kind, case count, file."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from model.storage.backup import BackupInfo

HEADERS = ("备份时间", "类型", "案件数", "文件")
_Index = QModelIndex | QPersistentModelIndex


class BackupTableModel(QAbstractTableModel):
    """One row a backup, newest first."""

    def __init__(self, backups: list[BackupInfo] | None = None) -> None:
        super().__init__()
        self._rows: list[BackupInfo] = list(backups or [])

    def set_backups(self, backups: list[BackupInfo]) -> None:
        """Show a new list."""
        self.beginResetModel()
        self._rows = list(backups)
        self.endResetModel()

    def backup(self, row: int) -> BackupInfo:
        """The backup shown in a row."""
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Backups shown."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Columns shown."""
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """The cell's text."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        info = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"{info.taken:%Y-%m-%d %H:%M}",
                info.kind_label,
                "无法读取" if info.cases is None else str(info.cases),
                info.path.name,
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(info.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles."""
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None
