"""How every finished export is reported: one line in the status bar, with 打开文件夹.

Tabs and dialogs say "this file was written" through a signal; the main window shows it
here, the same way for the weekly sheet, the case list, the template and the PDF.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStatusBar, QWidget


def open_folder(path: Path) -> bool:
    """Show the folder holding ``path`` in the system's file manager (a seam for tests)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


class ExportNotice(QWidget):
    """The status bar's "已导出 …" line and its 打开文件夹 button; hidden until an export."""

    def __init__(self, status_bar: QStatusBar) -> None:
        super().__init__(status_bar)
        self._path: Path | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.button = QPushButton("打开文件夹(&O)")
        self.button.setToolTip("在文件管理器中打开导出文件所在的文件夹")
        self.button.clicked.connect(self._open)
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        status_bar.addWidget(self, 1)
        self.hide()

    def show_export(self, message: str, path: str) -> None:
        """An export finished: say what was written where."""
        self._path = Path(path)
        self.label.setText(message)
        self.label.setToolTip(path)
        self.show()

    def path(self) -> Path | None:
        """The file last reported."""
        return self._path

    def _open(self) -> None:
        if self._path is not None:
            open_folder(self._path)
