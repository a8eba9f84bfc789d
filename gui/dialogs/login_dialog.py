"""登录: the chief's password on first start, name and password after, a new password on demand.

One dialog, three pages: 首次使用 (set the chief's password), 登录 (name and password)
and 设置新密码 (after the chief reset it). A wrong password shows the refusal, with the
wait when there have been several; the dialog stays open until a login succeeds or the
user gives up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from gui.widgets.messages import error_label
from model.access.users import (
    LoggedIn,
    change_password,
    chief,
    login,
    login_names,
    needs_first_start,
    set_up_chief,
)
from model.errors import UserError

FIRST, LOGIN, CHANGE = range(3)


def _password_edit(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    return edit


class LoginDialog(QDialog):
    """Who is working: logs a user in (or sets up the first login) and returns who."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        parent: QWidget | None = None,
        *,
        name: str | None = None,
        reason: str = "",
        cancel_text: str = "退出",
        now: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        """``cancel_text``: 退出 at start and on a lock, 取消 when switching user."""
        super().__init__(parent)
        self._sessions = sessions
        self._now = now
        self.user: LoggedIn | None = None
        self.setWindowTitle("登录 — 执行团队办案管理")
        self.setMinimumWidth(420)

        self.reason_label = QLabel(reason)
        self.reason_label.setProperty("role", "warning")
        self.reason_label.setWordWrap(True)
        self.reason_label.setVisible(bool(reason))

        self.pages = QStackedWidget()
        # 首次使用
        first = QWidget()
        first_form = QFormLayout(first)
        found = chief(sessions)
        self._chief_name = found[1] if found else ""
        first_note = QLabel(
            f"首次使用：请为执行局局长 {self._chief_name} 设置登录密码（至少 6 位）。"
            "之后由局长为其他人员开设账号。"
        )
        first_note.setWordWrap(True)
        self.first_password = _password_edit("新密码")
        self.first_again = _password_edit("再输入一次")
        first_form.addRow(first_note)
        first_form.addRow("密码：", self.first_password)
        first_form.addRow("确认密码：", self.first_again)
        self.pages.addWidget(first)
        # 登录
        page = QWidget()
        login_form = QFormLayout(page)
        self.name_box = QComboBox()
        self.name_box.setEditable(True)
        self.name_box.addItems(login_names(sessions))
        if name:
            self.name_box.setCurrentText(name)
        self.password_edit = _password_edit()
        login_form.addRow("姓名：", self.name_box)
        login_form.addRow("密码：", self.password_edit)
        self.pages.addWidget(page)
        # 设置新密码
        change = QWidget()
        change_form = QFormLayout(change)
        change_note = QLabel("您的密码由局长设置或重置，请设置自己的新密码（至少 6 位）。")
        change_note.setWordWrap(True)
        self.new_password = _password_edit("新密码")
        self.new_again = _password_edit("再输入一次")
        change_form.addRow(change_note)
        change_form.addRow("新密码：", self.new_password)
        change_form.addRow("确认新密码：", self.new_again)
        self.pages.addWidget(change)

        self.error_label = error_label()
        self.error_label.show()  # cleared, not hidden, between attempts
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("登录")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.pages)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._show_page(FIRST if needs_first_start(sessions) else LOGIN)

    def _show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self.ok_button.setText({FIRST: "设置并登录", LOGIN: "登录", CHANGE: "保存新密码"}[page])
        focus = {FIRST: self.first_password, LOGIN: self.password_edit, CHANGE: self.new_password}
        if page == LOGIN and not self.name_box.currentText():
            self.name_box.setFocus()
        else:
            focus[page].setFocus()

    def submit(self) -> bool:
        """Act on the current page; True when someone is now logged in."""
        try:
            page = self.pages.currentIndex()
            if page == FIRST:
                set_up_chief(self._sessions, self.first_password.text(), self.first_again.text())
                self.name_box.addItem(self._chief_name)
                self.name_box.setCurrentText(self._chief_name)
                self.password_edit.setText(self.first_password.text())
                page = LOGIN
            if page == LOGIN:
                user = login(
                    self._sessions,
                    self.name_box.currentText(),
                    self.password_edit.text(),
                    now=self._now,
                )
                if user.must_change:
                    self._pending = user
                    self.error_label.clear()
                    self._show_page(CHANGE)
                    return False
                return self._done(user)
            change_password(
                self._sessions,
                self._pending.person_id,
                self.password_edit.text(),
                self.new_password.text(),
                self.new_again.text(),
            )
            return self._done(self._pending)
        except UserError as error:
            self.error_label.setText(error.message)
            if self.pages.currentIndex() == LOGIN:
                self.password_edit.selectAll()
                self.password_edit.setFocus()
            return False

    def _done(self, user: LoggedIn) -> bool:
        self.user = LoggedIn(user.person_id, user.name, user.rank_label, False)
        self.error_label.clear()
        self.accept()
        return True

    @classmethod
    def ask(
        cls,
        sessions: sessionmaker[Session],
        parent: QWidget | None = None,
        *,
        name: str | None = None,
        reason: str = "",
        cancel_text: str = "退出",
    ) -> LoggedIn | None:
        """Show the dialog until someone logs in; None when they gave up. Tests replace this."""
        dialog = cls(sessions, parent, name=name, reason=reason, cancel_text=cancel_text)
        dialog.exec()
        return dialog.user


LAST_LOGIN = "login/last_name"


def last_login(settings: QSettings) -> str | None:
    """The name of whoever last logged in on this PC, to offer at the next login."""
    last = settings.value(LAST_LOGIN)
    return str(last) if last else None


def remember_login(settings: QSettings, user: LoggedIn) -> None:
    """The next start offers this name (a name only: never a password)."""
    settings.setValue(LAST_LOGIN, user.name)
    settings.sync()
