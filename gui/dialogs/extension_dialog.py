"""延长期限: months, the approver (院长 or 副院长) and the reason; a late request warns."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QSpinBox, QWidget
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.event_base import CaseEventDialog, date_edit, date_of, hint
from model.cases.events.extension import APPROVER_TITLES, record_extension


class ExtensionDialog(CaseEventDialog):
    """Record an approved extension."""

    TITLE = "登记延长期限"

    def add_fields(self) -> None:
        """The fields of this event."""
        self.warning: str | None = None
        self.months_box = QSpinBox()
        self.months_box.setRange(1, 12)
        self.months_box.setValue(3)
        self.months_box.setSuffix(" 个月")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("批准延长的院领导姓名")
        self.title_box = QComboBox()
        self.title_box.addItems(APPROVER_TITLES)
        self.title_box.setToolTip("延长期限须由院长或副院长批准，执行局局长无权批准。")
        self.approved_edit = date_edit(self._today)
        self.reason_edit = QLineEdit()
        self.form.addRow("延长：", self.months_box)
        self.form.addRow("批准人：", self.name_edit)
        self.form.addRow("职务：", self.title_box)
        self.form.addRow("批准日期：", self.approved_edit)
        self.form.addRow("延长理由：", self.reason_edit)
        self.form.addRow(
            "", hint("批准日期距法定期限届满不足 5 日的，标记为逾期申请（按批准日期判断）。")
        )

    def save(self) -> None:
        """Record the extension; keep the late-request warning for the caller."""
        result = record_extension(
            self._sessions,
            self._case_id,
            self.name_edit.text(),
            self.title_box.currentText(),
            self.reason_edit.text(),
            date_of(self.approved_edit),
            self._actor_id,
            months=self.months_box.value(),
            today=self._today,
        )
        self.warning = result.warning

    @classmethod
    def ask(  # type: ignore[override]  # the caller also shows the late-request warning
        cls,
        sessions: sessionmaker[Session],
        case_id: int,
        actor_id: int | None,
        today: dt.date,
        parent: QWidget | None = None,
    ) -> tuple[bool, str | None]:
        """Show the dialog; (saved, late-request warning)."""
        dialog = cls(sessions, case_id, actor_id, today, parent)
        saved = dialog.exec() == QDialog.DialogCode.Accepted
        return saved, dialog.warning
