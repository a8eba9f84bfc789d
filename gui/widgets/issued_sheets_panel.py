"""已出报表 in the 报表 tab: the sheets kept (报表存档), reprinted exactly or checked today."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from gui.models.issued_sheet_model import IssuedSheetModel
from gui.table_views import make_table_view
from gui.worker_task import Progress, WorkerTask
from model.errors import UserError
from model.reports.archive import SheetCheck, check_sheet, issued_sheets, reprint_sheet

AskPath = Callable[[QWidget, str, str, str], Path | None]


class IssuedSheetsPanel(QWidget):
    """The list of issued sheets, 重印 (as issued) and 与当前数据核对 (what changed since)."""

    def __init__(
        self, sessions: sessionmaker[Session], ask_path: AskPath, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._ask_path = ask_path
        self.model = IssuedSheetModel(self)
        self.view = make_table_view(self.model)
        self.view.doubleClicked.connect(lambda _index: self.check_selected())
        self.reprint_button = QPushButton("按存档重印…")
        self.reprint_button.setToolTip("按制表当时的数字和案件重新生成同一份报表（文件与存档一致）")
        self.check_button = QPushButton("与当前数据核对")
        self.check_button.setToolTip(
            "按现在的数据重新计算同一周、同一截止日，列出不同的数字和引起变化的案件"
        )
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.check_button.clicked.connect(self.check_selected)
        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        self.result.setPlaceholderText("选中一份报表，点“与当前数据核对”查看此后的更正。")
        self.result.setMaximumHeight(90)
        self.view.setMinimumHeight(96)  # a few sheets visible beside the result
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("每次导出的周报表都自动存档；存档的数字不会被改动。"), 1)
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self._enable()

    def refresh(self) -> None:
        """Read the list again (after a sheet was made)."""
        self.model.set_sheets(issued_sheets(self._sessions))
        self.view.resizeColumnsToContents()
        self._enable()

    def _selected(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.sheet_id(rows[0].row()) if rows else None

    def _enable(self) -> None:
        chosen = self._selected() is not None
        self.reprint_button.setEnabled(chosen)
        self.check_button.setEnabled(chosen)

    def reprint_selected(self) -> None:
        """Write the selected sheet again as issued, and say whether its hash matches."""
        sheet_id = self._selected()
        if sheet_id is None:
            return
        item = self.model.row_at(self.view.selectionModel().selectedRows()[0].row())
        name = f"周工作量统计表_{item.monday:%Y%m%d}_存档{sheet_id}.xlsx"
        path = self._ask_path(self, "按存档重印", name, "Excel 工作簿 (*.xlsx)")
        if path is None:
            return

        def work(_progress: Progress, _cancelled: Callable[[], bool]) -> bool:
            return reprint_sheet(self._sessions, sheet_id, path)

        try:
            same = WorkerTask(self, "按存档重印", "正在写入存档的报表…").run(work)
        except UserError as error:
            self.result.setPlainText(error.message)
            return
        self.result.setPlainText(
            f"已按存档重印：{path}\n"
            + ("文件的 SHA-256 与存档一致。" if same else "注意：文件的 SHA-256 与存档不一致。")
        )

    def check_selected(self) -> SheetCheck | None:
        """Recompute the selected sheet from today's data and show what differs."""
        sheet_id = self._selected()
        if sheet_id is None:
            return None

        def work(_progress: Progress, _cancelled: Callable[[], bool]) -> SheetCheck:
            return check_sheet(self._sessions, sheet_id)

        try:
            check = WorkerTask(self, "与当前数据核对", "正在重新计算…").run(work)
        except UserError as error:
            self.result.setPlainText(error.message)
            return None
        self.result.setPlainText(check.message)
        return check
