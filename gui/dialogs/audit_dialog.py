"""操作记录: the audit entries of a case (or of everything), the chain check and the export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.event_base import date_edit, date_of
from gui.file_dialogs import ask_save_path
from gui.models.audit_table_model import AuditTableModel
from gui.permission_gate import gate
from gui.table_views import make_table_view
from model.access.audit_chain import verify
from model.access.audit_lines import AuditLine, audit_lines
from model.access.audit_sheet import write_audit_sheet
from model.access.permissions import Action
from model.errors import UserError


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
        self.count_label = QLabel()
        # The whole record can be narrowed to a period (for an inspection of one quarter).
        today = dt.date.today()
        self.period_box = QCheckBox("只看期间：")
        self.start_edit = date_edit(today.replace(day=1))
        self.end_edit = date_edit(today)
        self.to_label = QLabel("至")
        for widget in (self.period_box, self.start_edit, self.to_label, self.end_edit):
            widget.setVisible(case_id is None)
        self.period_box.toggled.connect(self.reload)
        self.start_edit.dateChanged.connect(self.reload)
        self.end_edit.dateChanged.connect(self.reload)
        lines = self.reload()
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
        top = QHBoxLayout()
        top.addWidget(self.count_label, 1)
        top.addWidget(self.period_box)
        top.addWidget(self.start_edit)
        top.addWidget(self.to_label)
        top.addWidget(self.end_edit)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def period(self) -> tuple[dt.date | None, dt.date | None]:
        """The chosen period, or (None, None) for the whole record."""
        if self._case_id is not None or not self.period_box.isChecked():
            return None, None
        return date_of(self.start_edit), date_of(self.end_edit)

    def reload(self) -> list[AuditLine]:
        """Show the entries of the case, or of the chosen period."""
        start, end = self.period()
        lines = audit_lines(self._sessions, case_id=self._case_id, start=start, end=end)
        self.model.set_lines(lines)
        entries = len({line.seq for line in lines})  # one entry holds an action's rows
        self.count_label.setText(
            f"共 {entries} 条记录（{len(lines)} 行，一次操作所改的各行同一序号）；"
            "记录只增不改，每条带上一条的校验值。"
        )
        return lines

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
            chosen = ask_save_path(
                self, "audit", "导出操作记录", "操作记录.xlsx", "Excel 文件 (*.xlsx)"
            )
            if chosen is None:
                return False
            path = chosen
        try:
            start, end = self.period()
            count = write_audit_sheet(
                self._sessions,
                path,
                self._actor_id,
                case_id=self._case_id,
                start=start,
                end=end,
                today=dt.date.today(),
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
