"""操作记录: the audit entries of a case (or of everything), the chain check and the export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from gui.models.audit_table_model import AuditTableModel
from gui.permission_gate import gate
from gui.table_views import make_table_view
from model.audit import audit_lines, verify
from model.errors import UserError
from model.export.audit_sheet import write_audit_sheet
from model.permissions import Action


class AuditDialog(QDialog):
    """Read-only list of entries with 校验 and 导出 buttons."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        actor_id: int | None,
        case_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._sessions, self._actor_id, self._case_id = sessions, actor_id, case_id
        self.model = AuditTableModel(self)
        lines = audit_lines(sessions, case_id=case_id)
        self.model.set_lines(lines)
        number = next((line.case_number for line in lines if line.case_number), "")
        self.setWindowTitle(f"操作记录 — {number}" if case_id is not None else "操作记录")
        self.resize(1100, 560)
        self.view = make_table_view(self.model)
        self.view.setWordWrap(False)
        self.view.resizeColumnsToContents()
        self.view.scrollToBottom()
        self.check_label = QLabel()
        self.check_label.setWordWrap(True)
        self.verify_button = QPushButton("校验记录链")
        self.verify_button.clicked.connect(self.check)
        self.export_button = QPushButton("导出为 Excel…")
        self.export_button.clicked.connect(self.export)
        gate([self.export_button], sessions, actor_id, Action.VIEW_AUDIT)
        row = QHBoxLayout()
        row.addWidget(self.check_label, 1)
        row.addWidget(self.verify_button)
        row.addWidget(self.export_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(f"共 {self.model.rowCount()} 条；记录只增不改，每条带上一条的校验值。")
        )
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def check(self) -> bool:
        """Verify the whole chain and say so; True when intact."""
        report = verify(self._sessions)
        self.check_label.setProperty("role", "hint" if report.ok else "error")
        self.check_label.style().polish(self.check_label)
        self.check_label.setText(report.message)
        return report.ok

    def export(self, path: Path | None = None) -> bool:
        """Write the shown entries to an .xlsx chosen by the user (or ``path``)."""
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "导出操作记录", "操作记录.xlsx", "Excel 文件 (*.xlsx)"
            )
            if not chosen:
                return False
            path = Path(chosen)
        try:
            count = write_audit_sheet(
                self._sessions, path, self._actor_id, case_id=self._case_id, today=dt.date.today()
            )
        except UserError as error:
            self.check_label.setProperty("role", "error")
            self.check_label.setText(error.message)
            return False
        self.check_label.setProperty("role", "hint")
        self.check_label.setText(f"已导出 {count} 条到 {path}")
        return True

    @classmethod
    def ask(
        cls,
        sessions: sessionmaker[Session],
        actor_id: int | None,
        case_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Show the dialog until closed. Tests replace this seam."""
        cls(sessions, actor_id, case_id, parent).exec()
