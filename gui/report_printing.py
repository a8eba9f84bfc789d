"""Print, preview and PDF for the report tabs (报表 and 统计): one way for both.

A mixin for a tab with a ``message`` label, an ``exported`` signal and an
``ask_save_path`` seam; it adds the printer and preview seams tests replace, the one
way a tab reports a message or a finished export, and the three print actions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QLabel, QWidget

from gui.table_printing import a4_landscape
from gui.widgets.messages import set_role

Paint = Callable[[QPrinter], object]  # what it returns (a page count) is not used


class ReportPrinting:
    """Preview, print and save as PDF; what the tab says about it."""

    message: QLabel
    exported: Any  # the tab's Signal(str, str): text, path

    def ask_save_path(self, parent: QWidget, title: str, name: str, pattern: str) -> Path | None:
        raise NotImplementedError  # each tab remembers its own folders (file_dialogs)

    @staticmethod
    def ask_printer(parent: QWidget) -> QPrinter | None:
        """The printer the user chose in the print dialog, or None (a seam for tests)."""
        printer = a4_landscape(QPrinter(QPrinter.PrinterMode.HighResolution))
        dialog = QPrintDialog(printer, parent)
        return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None

    @staticmethod
    def ask_preview(dialog: QPrintPreviewDialog) -> None:
        """Show the print preview (a seam for tests)."""
        dialog.exec()

    def _say(self, text: str, error: bool = False) -> None:
        set_role(self.message, "error" if error else "")
        self.message.setText(text)

    def _exported(self, text: str, path: Path) -> None:
        """Every finished export is reported one way: the window's status bar line."""
        self._say("")
        self.exported.emit(text, str(path))

    def _preview(self, title: str, paint: Paint) -> None:
        """The print preview of a sheet, titled with its name."""
        printer = a4_landscape(QPrinter(QPrinter.PrinterMode.HighResolution))
        dialog = QPrintPreviewDialog(printer, self._widget())
        dialog.setWindowTitle(f"打印预览 — {title}")
        dialog.paintRequested.connect(paint)
        self.ask_preview(dialog)
        dialog.deleteLater()

    def _print(self, paint: Paint) -> None:
        """Print on a printer the user picks."""
        printer = self.ask_printer(self._widget())
        if printer is None:
            return
        paint(printer)
        self._say("已发送到打印机。")

    def _save_pdf(self, file_name: str, save: Callable[[Path], object]) -> None:
        """Save the print as PDF where the user says."""
        path = self.ask_save_path(
            self._widget(), "保存为 PDF", file_name + ".pdf", "PDF 文件 (*.pdf)"
        )
        if path is None:
            return
        if not path.parent.is_dir():
            self._say(f"文件夹不存在：{path.parent}", error=True)
            return
        save(path)
        self._exported(f"已保存 PDF：{path.name}", path)

    def _widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self
