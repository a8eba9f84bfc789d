"""执行依据类别: the list of kinds of documents enforced, each marked 非诉 or not, as data."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from model.cases.basis import add_basis_kind, basis_kinds, set_basis_kind_marking
from model.errors import UserError


class BasisKindsDialog(QDialog):
    """Mark kinds 非诉 or not and add new ones; each change is saved at once."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        parent: QWidget | None = None,
        actor_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._actor_id = actor_id
        self.changed_anything = False
        self.setWindowTitle("执行依据类别")
        self.setMinimumWidth(480)
        self.rows = QFormLayout()
        self.boxes: dict[str, QCheckBox] = {}
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText("新类别的名称，例如 支付令")
        self.new_box = QCheckBox("非诉")
        add_button = QPushButton("新增类别")
        add_button.clicked.connect(self.add)
        adder = QHBoxLayout()
        adder.addWidget(self.new_name, 1)
        adder.addWidget(self.new_box)
        adder.addWidget(add_button)
        note = QLabel(
            "勾选“非诉执行”的类别法定期限为 3 个月（《执行工作若干问题的规定》第2条）。"
            "修改只影响此后收案或更正类别的案件；已登记案件保留原法定期限，"
            "需要时在案件详情中更正其执行依据类别。"
        )
        note.setProperty("role", "hint")
        note.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.rows)
        layout.addLayout(adder)
        layout.addWidget(note)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._fill()

    @classmethod
    def ask(
        cls,
        sessions: sessionmaker[Session],
        parent: QWidget | None = None,
        actor_id: int | None = None,
    ) -> bool:
        """Show the dialog; True when anything was saved. Tests replace this seam."""
        dialog = cls(sessions, parent, actor_id)
        dialog.exec()
        return dialog.changed_anything

    def _fill(self) -> None:
        while self.rows.rowCount():
            self.rows.removeRow(0)
        self.boxes.clear()
        for kind in basis_kinds(self._sessions):
            box = QCheckBox("非诉执行")
            box.setChecked(kind.non_litigation)
            box.toggled.connect(lambda on, name=kind.name: self.mark(name, on))
            self.boxes[kind.name] = box
            self.rows.addRow(f"{kind.name}：", box)

    def mark(self, name: str, non_litigation: bool) -> bool:
        """Save one kind's marking; False (and the message) when refused."""
        try:
            set_basis_kind_marking(self._sessions, name, non_litigation, self._actor_id)
        except UserError as error:
            self.error_label.setText(error.message)
            return False
        self.changed_anything = True
        self.error_label.clear()
        return True

    def add(self) -> bool:
        """Add the typed kind at the end of the list."""
        try:
            add_basis_kind(
                self._sessions, self.new_name.text(), self.new_box.isChecked(), self._actor_id
            )
        except UserError as error:
            self.error_label.setText(error.message)
            return False
        self.changed_anything = True
        self.new_name.clear()
        self.new_box.setChecked(False)
        self.error_label.clear()
        self._fill()
        return True
