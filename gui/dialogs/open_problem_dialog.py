"""数据库无法正常打开: say why, and offer what can be done (restore, read-only, take over).

``open_with_recovery`` is the start-up path of the window: it opens the store and, when
that is refused, asks the user through ``OpenProblemDialog.ask`` (the seam tests
replace) until the store is open or the user gives up.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from model.errors import DatabaseOpenError, UserError
from model.storage.backup import latest_good_backup, restore_backup
from model.storage.engine import database_url, sqlite_path
from model.storage.integrity import check_at_open
from model.storage.lock import DatabaseLockedError, acquire_lock
from model.storage.store import Store, open_store

TITLE = "数据库无法正常打开"
RESTORE, READ_ONLY, TAKE_OVER, QUIT = "restore", "read_only", "take_over", "quit"
LABELS = {
    RESTORE: "从备份恢复",
    READ_ONLY: "以只读方式打开",
    TAKE_OVER: "接管数据库",
    QUIT: "退出",
}


class OpenProblemDialog(QDialog):
    """The reason the database did not open, and one button per way forward."""

    def __init__(self, message: str, choices: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setMinimumWidth(480)
        self.choice: str = QUIT
        self.message_label = QLabel(message)
        self.message_label.setWordWrap(True)
        self.message_label.setProperty("role", "warning")
        buttons = QDialogButtonBox()
        self.buttons: dict[str, QPushButton] = {}
        for key in choices:
            role = (
                QDialogButtonBox.ButtonRole.RejectRole
                if key == QUIT
                else QDialogButtonBox.ButtonRole.AcceptRole
            )
            button = buttons.addButton(LABELS[key], role)
            button.clicked.connect(lambda _checked=False, key=key: self._choose(key))
            self.buttons[key] = button
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)

    def _choose(self, key: str) -> None:
        self.choice = key
        if key == QUIT:
            self.reject()
        else:
            self.accept()

    @staticmethod
    def ask(message: str, choices: Sequence[str], parent: QWidget | None = None) -> str:
        """Show the dialog; the key of the chosen way forward (QUIT when closed)."""
        dialog = OpenProblemDialog(message, choices, parent)
        dialog.exec()
        return dialog.choice


def _restore_latest(path: Path, message: str) -> str | None:
    """Offer the newest good backup; None when restored, else the message to show."""
    backup = latest_good_backup(path)
    if backup is None:
        return f"{message}\n\n备份文件夹中没有可用的完好备份。"
    cases = "未知" if backup.cases is None else f"{backup.cases} 件案件"
    offer = (
        f"{message}\n\n最近的完好备份：{backup.taken:%Y-%m-%d %H:%M}（{cases}）。"
        "恢复前会先把当前文件保存到备份文件夹，不会删除它。"
    )
    if OpenProblemDialog.ask(offer, [RESTORE, QUIT]) != RESTORE:
        return ""
    try:
        lock = acquire_lock(path)
    except DatabaseOpenError as error:
        return error.message
    try:
        restore_backup(backup.path, path)
    except UserError as error:
        return f"恢复没有完成：{error.message}"
    finally:
        lock.release()
    return None


def open_with_recovery(target: str | Path) -> tuple[Store | None, str]:
    """Open the store, offering restore, read-only or take-over when it is refused.

    Returns the store, or None and the message still to show ("" when the user chose
    to quit after reading the reason).
    """
    read_only = take_over = False
    path = sqlite_path(database_url(target))
    for _attempt in range(5):
        try:
            store = open_store(
                target, read_only=read_only, take_over_lock=take_over, check=check_at_open(path)
            )
            return store, ""
        except DatabaseLockedError as error:
            choices = [TAKE_OVER, READ_ONLY, QUIT] if error.stale else [READ_ONLY, QUIT]
            choice = OpenProblemDialog.ask(error.message, choices)
            if choice == QUIT:
                return None, ""
            read_only, take_over = choice == READ_ONLY, choice == TAKE_OVER
        except DatabaseOpenError as error:
            if not getattr(error, "offer_restore", False) or path is None or read_only:
                return None, error.message
            problem = _restore_latest(path, error.message)
            if problem is not None:
                return None, problem
    return None, "多次尝试后仍无法打开数据库。"
