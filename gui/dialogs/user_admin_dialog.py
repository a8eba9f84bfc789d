"""登录账号管理: the chief opens logins, resets passwords and sets the idle-lock time."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from gui.models.account_table_model import AccountTableModel
from gui.permission_gate import gate
from gui.table_views import make_table_view, select_row
from model.access.permissions import Action
from model.access.users import accounts, idle_minutes, set_idle_minutes, set_password_for
from model.errors import UserError


class UserAdminDialog(QDialog):
    """Accounts of the roster's people; what the user may not change is disabled."""

    def __init__(
        self, sessions: sessionmaker[Session], actor_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._sessions, self._actor_id = sessions, actor_id
        self.setWindowTitle("登录账号管理")
        self.resize(620, 460)
        self.model = AccountTableModel(self)
        self.view = make_table_view(self.model)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("初始密码（至少 6 位，本人下次登录时须修改）")
        self.set_button = QPushButton("开设账号 / 重置密码")
        self.set_button.clicked.connect(self.set_password)
        row = QHBoxLayout()
        row.addWidget(self.password_edit, 1)
        row.addWidget(self.set_button)
        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(1, 240)
        self.idle_spin.setSuffix(" 分钟")
        self.idle_spin.setValue(idle_minutes(sessions))
        self.idle_button = QPushButton("保存")
        self.idle_button.clicked.connect(self.save_idle)
        idle = QHBoxLayout()
        idle.addWidget(QLabel("无操作自动锁定："))
        idle.addWidget(self.idle_spin)
        idle.addWidget(self.idle_button)
        idle.addStretch(1)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        layout.addLayout(idle)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)
        gate([self.password_edit, self.set_button], sessions, actor_id, Action.MANAGE_USERS)
        gate([self.idle_spin, self.idle_button], sessions, actor_id, Action.EDIT_SETTINGS)
        self.refresh()

    def refresh(self) -> None:
        """Reload the accounts."""
        self.model.set_rows(accounts(self._sessions))
        self.view.resizeColumnsToContents()

    def _say(self, text: str, error: bool) -> None:
        self.message_label.setProperty("role", "error" if error else "hint")
        self.message_label.style().polish(self.message_label)
        self.message_label.setText(text)

    def set_password(self) -> bool:
        """Open a login for the selected person, or reset theirs."""
        index = self.view.currentIndex()
        if not index.isValid():
            self._say("请先在列表中选择一名人员。", True)
            return False
        person = self.model.row_at(index.row())
        try:
            set_password_for(
                self._sessions, self._actor_id, person.person_id, self.password_edit.text()
            )
        except UserError as error:
            self._say(error.message, True)
            return False
        self.password_edit.clear()
        self.refresh()
        select_row(self.view, index.row())
        self._say(f"已为{person.name}设置密码；本人下次登录时须改为自己的密码。", False)
        return True

    def save_idle(self) -> bool:
        """Store the idle-lock time."""
        try:
            set_idle_minutes(self._sessions, self._actor_id, self.idle_spin.value())
        except UserError as error:
            self._say(error.message, True)
            return False
        self._say(
            f"已保存：{self.idle_spin.value()} 分钟无操作后自动锁定（下次登录起生效）。", False
        )
        return True

    @classmethod
    def ask(
        cls, sessions: sessionmaker[Session], actor_id: int, parent: QWidget | None = None
    ) -> None:
        """Show the dialog until closed. Tests replace this seam."""
        cls(sessions, actor_id, parent).exec()
