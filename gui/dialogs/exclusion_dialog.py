"""登记不计入期限的期间 (第九条): kind, start, end or open, reason.

A period overlapping one already recorded is saved, and the caller shows the
confirmation saying those days were already excluded (so the due date moved less or
not at all); an identical one is refused by the service.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QLineEdit, QWidget
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.event_base import CaseEventDialog, date_edit, date_of, hint
from model.cases.events.periods import exclusion_kinds, record_excluded_period


class ExclusionDialog(CaseEventDialog):
    """Record a period not counted toward the limits."""

    TITLE = "登记不计入期限的期间"

    def add_fields(self) -> None:
        """The fields of this event."""
        self.note: str | None = None
        self.kind_box = QComboBox()
        for name, suspends in exclusion_kinds(self._sessions):
            self.kind_box.addItem(name, suspends)
        self.start_edit = date_edit(self._today)
        self.end_edit = date_edit(self._today)
        self.open_box = QCheckBox("尚未结束（中止期间，期限停止计算）")
        self.open_box.toggled.connect(lambda on: self.end_edit.setEnabled(not on))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("例如 被执行人进入破产程序")
        self.form.addRow("期间种类：", self.kind_box)
        self.form.addRow("起始日期：", self.start_edit)
        self.form.addRow("结束日期：", self.end_edit)
        self.form.addRow("", self.open_box)
        self.form.addRow("事由：", self.reason_edit)
        self.form.addRow("", hint("期间开始后才能登记，起始日期不能晚于今天；结束日期可以在今后。"))

    def save(self) -> None:
        """Record the period; keep the overlap confirmation for the caller."""
        recorded = record_excluded_period(
            self._sessions,
            self._case_id,
            self.kind_box.currentText(),
            date_of(self.start_edit),
            None if self.open_box.isChecked() else date_of(self.end_edit),
            self.reason_edit.text(),
            self._actor_id,
            self._today,
        )
        self.note = recorded.note if recorded.overlap_days else None

    @classmethod
    def ask(  # type: ignore[override]  # the caller also shows the overlap confirmation
        cls,
        sessions: sessionmaker[Session],
        case_id: int,
        actor_id: int | None,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> tuple[bool, str | None]:
        """Show the dialog; (saved, the note on days already excluded, if any)."""
        dialog = cls(sessions, case_id, actor_id, today, parent)
        saved = dialog.exec() == QDialog.DialogCode.Accepted
        return saved, dialog.note
