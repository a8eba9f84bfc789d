"""服务器数据库: which PostgreSQL server the program opens at start (the password is asked)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QWidget

from gui.dialogs.event_base import EventDialog
from gui.server_setting import SETTING, stored_server
from model.storage.server_address import DEFAULT_PORT, ServerAddress, server_address


class ServerDialog(EventDialog):
    """Address of the office's server; kept without its password, used from the next start."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__("服务器数据库", parent)
        self._settings = settings
        current = stored_server(settings)
        self.host_edit = QLineEdit(current.host if current else "")
        self.host_edit.setPlaceholderText("例如 192.168.1.10")
        self.port_edit = QLineEdit(str(current.port if current else DEFAULT_PORT))
        self.database_edit = QLineEdit(current.database if current else "zhixing")
        self.user_edit = QLineEdit(current.user if current else "zhixing")
        self.form.addRow("服务器地址：", self.host_edit)
        self.form.addRow("端口：", self.port_edit)
        self.form.addRow("数据库：", self.database_edit)
        self.form.addRow("用户名：", self.user_edit)
        hint = QLabel(
            "密码不保存：每次启动时询问。保存后从下次启动起连接该服务器；"
            "清空“服务器地址”并保存，则改回使用本机数据库文件。"
        )
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        self.form.addRow("", hint)

    def save(self) -> None:
        """Keep the address (never a password), or forget it when the host is empty."""
        if not self.host_edit.text().strip():
            self._settings.remove(SETTING)
            return
        address = server_address(
            self.host_edit.text(),
            self.port_edit.text(),
            self.database_edit.text(),
            self.user_edit.text(),
        )
        self._settings.setValue(SETTING, address.stored)

    @classmethod
    def ask(cls, settings: QSettings, parent: QWidget | None = None) -> bool:
        """Show the dialog; True when the choice was saved."""
        return bool(cls(settings, parent).exec())

    @staticmethod
    def ask_password(address: ServerAddress, parent: QWidget | None = None) -> str | None:
        """The server password for this start, or None when the user gives up."""
        password, ok = QInputDialog.getText(
            parent,
            "连接服务器数据库",
            f"服务器 {address.host}:{address.port} 数据库 {address.database}\n"
            f"用户 {address.user} 的密码：",
            QLineEdit.EchoMode.Password,
        )
        return password if ok else None
