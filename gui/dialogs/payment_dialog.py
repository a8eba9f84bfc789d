"""登记执行到位款: the day received, the amount in 元 (to the fen) and a note."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit

from gui.dialogs.event_base import CaseEventDialog, date_edit, date_of
from model.cases.events.payment import received_total, record_payment, yuan


class PaymentDialog(CaseEventDialog):
    """Record an amount received on a case."""

    TITLE = "登记执行到位款"

    def add_fields(self) -> None:
        """The fields of this event, and what the case has received so far."""
        self.day_edit = date_edit(self._today)
        # Text, not a spin box: a QDoubleSpinBox is a float, and money is kept exact.
        self.amount_edit = QLineEdit()
        self.amount_edit.setPlaceholderText("单位：元，可到分，例如 12500.50")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("例如：扣划被执行人银行存款")
        with self._sessions() as session:
            total = received_total(session, self._case_id)
        self.total_label = QLabel(f"{yuan(total)} 元")
        self.form.addRow("到位日期：", self.day_edit)
        self.form.addRow("到位金额（元）：", self.amount_edit)
        self.form.addRow("说明：", self.note_edit)
        self.form.addRow("此前累计到位：", self.total_label)

    def save(self) -> None:
        """Record the amount."""
        record_payment(
            self._sessions,
            self._case_id,
            date_of(self.day_edit),
            self.amount_edit.text(),
            self.note_edit.text(),
            self._actor_id,
            today=self._today,
        )
