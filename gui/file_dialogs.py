"""Choosing a file to save or open: Qt's own dialog in Chinese, dates as 2026-11-29 14:05,
starting in the folder last used for the same purpose (else the user's Documents).

Every "where to save / which file" question of the program goes through here, so the
dialogs look and behave alike. Windows keeps its native dialog (already in the system's
language and date style); elsewhere Qt's dialog is used, which Qt's translator makes
Chinese and whose date column is reformatted here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSettings,
    QSortFilterProxyModel,
    QStandardPaths,
    Qt,
)
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QTreeView, QWidget

SIZE_COLUMN, DATE_COLUMN = 1, 3  # QFileSystemModel: name, size, type, date modified
COLUMN_WIDTHS = {0: 300, 1: 80, 2: 110, 3: 130}  # the date and time whole, not "2026-1…"
DATE_FORMAT = "yyyy-MM-dd HH:mm"

settings_factory: Callable[[], QSettings] = QSettings
"""Where the last folders are kept (tests point it at a temporary file)."""


class IsoDates(QSortFilterProxyModel):
    """The file list with its 修改日期 as 2026-11-29 14:05, whatever the system locale."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        """The source's data, except the date column's text."""
        source = self.sourceModel()
        if role == Qt.ItemDataRole.DisplayRole and isinstance(source, QFileSystemModel):
            if index.column() == DATE_COLUMN:
                return source.lastModified(self.mapToSource(index)).toString(DATE_FORMAT)
            if index.column() == SIZE_COLUMN and not source.isDir(self.mapToSource(index)):
                # The system locale may be C ("0 bytes"); the program's locale is Chinese.
                return QLocale().formattedDataSize(source.size(self.mapToSource(index)))
        return super().data(index, role)


def documents_folder() -> Path:
    """The user's Documents folder (文档), where a first export goes."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def last_folder(purpose: str) -> Path:
    """The folder last used for ``purpose`` (e.g. "weekly"), if it still exists."""
    kept = settings_factory().value(f"folders/{purpose}")
    if kept and Path(str(kept)).is_dir():
        return Path(str(kept))
    return documents_folder()


def remember_folder(purpose: str, path: Path) -> None:
    """Keep the folder of the file just chosen for next time."""
    settings = settings_factory()
    settings.setValue(f"folders/{purpose}", str(path.parent))
    settings.sync()


def make_dialog(
    parent: QWidget | None, title: str, folder: Path, pattern: str, saving: bool
) -> QFileDialog:
    """The dialog, configured (separate so tests can look at it without running it)."""
    dialog = QFileDialog(parent, title, str(folder), pattern)
    dialog.setAcceptMode(
        QFileDialog.AcceptMode.AcceptSave if saving else QFileDialog.AcceptMode.AcceptOpen
    )
    dialog.setFileMode(
        QFileDialog.FileMode.AnyFile if saving else QFileDialog.FileMode.ExistingFile
    )
    if sys.platform != "win32":
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setProxyModel(IsoDates(dialog))
        for view in dialog.findChildren(QTreeView):
            for column, width in COLUMN_WIDTHS.items():
                view.setColumnWidth(column, width)
        # Qt's Chinese translation lacks these two labels of the dialog's form (Qt 6
        # added their "&" keys, and the translation still has the old texts).
        dialog.setLabelText(QFileDialog.DialogLabel.LookIn, "查找范围(&L)：")
        dialog.setLabelText(QFileDialog.DialogLabel.FileType, "文件类型(&T)：")
    suffix = pattern.rsplit("*.", 1)[-1].rstrip(")") if "*." in pattern else ""
    if saving and suffix:
        dialog.setDefaultSuffix(suffix)
    return dialog


def _run(dialog: QFileDialog) -> Path | None:
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def ask_save_path(
    parent: QWidget | None, purpose: str, title: str, name: str, pattern: str
) -> Path | None:
    """Where to save ``name``; None when the user cancelled."""
    dialog = make_dialog(parent, title, last_folder(purpose), pattern, saving=True)
    dialog.selectFile(name)
    chosen = _run(dialog)
    if chosen is not None:
        remember_folder(purpose, chosen)
    return chosen


def ask_open_path(parent: QWidget | None, purpose: str, title: str, pattern: str) -> Path | None:
    """Which file to open; None when the user cancelled."""
    chosen = _run(make_dialog(parent, title, last_folder(purpose), pattern, saving=False))
    if chosen is not None:
        remember_folder(purpose, chosen)
    return chosen


def dialog_texts(parent: QWidget | None = None) -> list[str]:
    """The visible texts of a save dialog: labels, buttons, column headers (the install
    check prints them to prove the bundle's dialogs speak Chinese)."""
    from PySide6.QtWidgets import QHeaderView, QLabel, QPushButton

    dialog = make_dialog(parent, "导出", documents_folder(), "Excel 工作簿 (*.xlsx)", True)
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    texts += [button.text() for button in dialog.findChildren(QPushButton) if button.text()]
    for header in dialog.findChildren(QHeaderView):
        model = header.model()
        if model is not None:
            texts += [str(model.headerData(i, header.orientation())) for i in range(header.count())]
    dialog.deleteLater()
    return texts
