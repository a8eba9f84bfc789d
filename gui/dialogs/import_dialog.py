"""导入台账: choose a file, see the check (bad rows with their numbers), then import or cancel.

The check and the import run on a worker thread behind a progress dialog whose cancel
button rolls the whole import back (the service imports in one transaction).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from gui.file_dialogs import ask_open_path
from gui.models.ledger_problem_model import LedgerProblemModel
from gui.table_views import make_table_view
from gui.widgets.messages import set_role
from gui.worker_task import T, Work, WorkerTask
from model.errors import UserError
from model.ledger.check import check_ledger, import_ledger
from model.ledger.rows import ImportResult, LedgerCheck


class ImportDialog(QDialog):
    """The check result of one ledger file and the choice what to import."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        operator: Callable[[], int | None],
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入台账")
        self.resize(820, 480)
        self._sessions = sessions
        self._operator = operator
        self._today = today
        self.path: Path | None = None
        self.checked: LedgerCheck | None = None
        self.imported: ImportResult | None = None

        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.file_label = QLabel("尚未选择文件")
        self.choose_button = QPushButton("选择文件…")
        self.choose_button.clicked.connect(self.choose_file)
        row.addWidget(self.file_label, 1)
        row.addWidget(self.choose_button)
        layout.addLayout(row)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.warnings_label = QLabel("")
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setProperty("role", "notice")
        self.warnings_label.hide()
        layout.addWidget(self.warnings_label)
        self.problems = LedgerProblemModel(self)
        self.problem_view = make_table_view(self.problems)
        layout.addWidget(self.problem_view, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.import_button = QPushButton("导入")
        self.good_only_button = QPushButton("仅导入无误的行")
        self.cancel_button = QPushButton("取消")
        for button in (self.import_button, self.good_only_button, self.cancel_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.import_button.clicked.connect(lambda: self.run_import(skip_bad=False))
        self.good_only_button.clicked.connect(lambda: self.run_import(skip_bad=True))
        self.cancel_button.clicked.connect(self.reject)
        self._update_buttons()

    @staticmethod
    def ask_open_path(parent: QWidget | None) -> Path | None:
        """Which ledger to import (a seam for tests)."""
        return ask_open_path(parent, "ledger", "选择台账文件", "Excel 工作簿 (*.xlsx)")

    @classmethod
    def ask(
        cls,
        sessions: sessionmaker[Session],
        operator: Callable[[], int | None],
        today: dt.date,
        parent: QWidget | None = None,
    ) -> ImportResult | None:
        """Choose, check and import a ledger; what was imported, or None."""
        dialog = cls(sessions, operator, today, parent)
        try:
            if not dialog.choose_file():
                return None
            dialog.exec()
            return dialog.imported
        finally:
            dialog.deleteLater()  # let Qt delete it, not Python's collector

    def choose_file(self) -> bool:
        """Ask for a file and check it; False when the user chose none."""
        path = self.ask_open_path(self)
        if path is None:
            return False
        self.check_file(path)
        return True

    def check_file(self, path: Path) -> None:
        """Check the whole file and show the result."""
        self.path = path
        self.file_label.setText(str(path))
        self.checked = None
        self.problems.set_problems([])
        try:
            self.checked = self._with_progress(
                "正在检查台账…",
                lambda progress, cancel: check_ledger(
                    self._sessions, path, self._today, progress, cancel
                ),
            )
        except UserError as error:
            self._show_error(error.message)
        else:
            self._show_check(self.checked)
        self._update_buttons()

    def run_import(self, skip_bad: bool) -> None:
        """Import the checked file (all rows, or the good ones only)."""
        if self.path is None or self.checked is None:
            return
        path = self.path
        try:
            self.imported, _ = self._with_progress(
                "正在导入台账…",
                lambda progress, cancel: import_ledger(
                    self._sessions, path, self._operator(), self._today, skip_bad, progress, cancel
                ),
            )
        except UserError as error:
            self._show_error(error.message)
            return
        self.accept()

    def _with_progress(self, label: str, work: Work[T]) -> T:
        return WorkerTask(self, "导入台账", label).run(work)

    def _show_check(self, checked: LedgerCheck) -> None:
        good, bad = len(checked.good), len(checked.problems)
        text = f"共 {checked.total} 行：无误 {good} 行，有误 {bad} 行。"
        if checked.event_total:
            text += f"期限事项 {checked.event_total} 行，可登记 {len(checked.events)} 条。"
        if bad:
            text += "有误的行列在下面；改正后重新导入，或选择“仅导入无误的行”。"
        else:
            text += "检查通过，可以导入。"
        if checked.ignored_headers:
            text += f"（未使用的列：{'、'.join(checked.ignored_headers)}）"
        set_role(self.summary, "error" if bad else "")
        self.summary.setText(text)
        self.problems.set_problems(checked.problems)
        self.problem_view.resizeColumnsToContents()
        self.warnings_label.setText("\n".join(f"警告：{line}" for line in checked.warnings))
        self.warnings_label.setVisible(bool(checked.warnings))

    def _show_error(self, message: str) -> None:
        self.warnings_label.hide()
        set_role(self.summary, "error")
        self.summary.setText(message)

    def _update_buttons(self) -> None:
        checked = self.checked
        self.import_button.setEnabled(checked is not None and checked.ok and bool(checked.good))
        self.good_only_button.setEnabled(
            checked is not None and bool(checked.problems) and bool(checked.good)
        )
