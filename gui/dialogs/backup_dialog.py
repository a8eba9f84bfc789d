"""备份与恢复: the list of backups, a backup now to a chosen place, a restore."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.file_dialogs import ask_save_path
from gui.models.backup_table_model import BackupTableModel
from model.errors import UserError
from model.storage.backup import backup_folder, list_backups, restore_backup, write_backup
from model.storage.maintenance import check_database
from model.storage.store import Store


class BackupDialog(QDialog):
    """Backups of the open database; ``restored`` fires after a restore."""

    restored = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("备份与恢复")
        self.resize(640, 420)
        self.model = BackupTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.verticalHeader().hide()
        folder = backup_folder(store.path) if store.path else None
        self.folder_label = QLabel(f"自动备份保存在：{folder}" if folder else "")
        self.folder_label.setProperty("role", "hint")
        self.folder_label.setWordWrap(True)
        self.message_label = QLabel("")
        self.message_label.setWordWrap(True)
        self.backup_button = QPushButton("立即备份到…")
        self.restore_button = QPushButton("恢复所选备份…")
        self.check_button = QPushButton("检查数据库")
        self.close_button = QPushButton("关闭")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.check_button.clicked.connect(self.check_now)
        self.close_button.clicked.connect(self.accept)
        self.restore_button.setEnabled(False)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.check_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.table)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)
        if store.read_only:
            self.restore_button.setToolTip("只读方式打开时不能恢复")
        self.refresh()

    def refresh(self) -> None:
        """Reload the list of backups."""
        self.model.set_backups(list_backups(self.store.path) if self.store.path else [])
        self._selection_changed()

    def _selection_changed(self) -> None:
        selected = bool(self.table.selectionModel().selectedRows())
        self.restore_button.setEnabled(selected and not self.store.read_only)

    def _say(self, text: str, role: str) -> None:
        self.message_label.setText(text)
        self.message_label.setProperty("role", role)
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)

    def backup_now(self) -> None:
        """Write a verified backup to a place the user chooses (a USB stick)."""
        if self.store.path is None:
            return
        suggested = f"{self.store.path.stem}-备份-{dt.datetime.now():%Y%m%d-%H%M}.sqlite"
        target = self.choose_target(self, suggested)
        if target is None:
            return
        try:
            cases = write_backup(self.store.path, target)
        except UserError as error:
            self._say(error.message, "error")
            return
        self._say(f"已备份到“{target}”（{cases} 件案件，已校验完好）。", "hint")

    def restore_selected(self) -> None:
        """Restore the selected backup after a confirmation; the current file is kept."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.store.path is None or self.store.read_only:
            return
        backup = self.model.backup(rows[0].row())
        question = (
            f"用 {backup.taken:%Y-%m-%d %H:%M} 的备份（{backup.cases} 件案件）替换当前数据？\n\n"
            "恢复前会先把当前数据备份到备份文件夹。"
        )
        if not self.confirm(self, question):
            return
        try:
            kept = restore_backup(backup.path, self.store.path)
        except UserError as error:
            self._say(error.message, "error")
            return
        self.refresh()
        self._say(f"已恢复。恢复前的数据保存在“{kept}”。", "hint")
        self.restored.emit()

    def check_now(self) -> None:
        """检查数据库: the full integrity and foreign-key checks."""
        if self.store.path is None:
            return
        report = check_database(self.store.path)
        if report.sound:
            self._say(f"数据库完好：共 {report.cases} 件案件。", "hint")
        else:
            self._say("检查发现问题：\n" + "\n".join(report.findings[:8]), "error")

    @staticmethod
    def choose_target(parent: QWidget, suggested: str) -> Path | None:
        """Ask where to write a backup (seam for tests)."""
        return ask_save_path(parent, "backup", "备份到", suggested, "数据库备份 (*.sqlite)")

    @staticmethod
    def confirm(parent: QWidget, question: str) -> bool:
        """Ask before restoring (seam for tests)."""
        answer = QMessageBox.question(parent, "恢复备份", question)
        return answer == QMessageBox.StandardButton.Yes

    @classmethod
    def ask(cls, store: Store, parent: QWidget | None = None, check: bool = False) -> bool:
        """Show the dialog (running the check first when ``check``); True after a restore."""
        dialog = cls(store, parent)
        if check:
            dialog.check_now()
        restored: list[bool] = []
        dialog.restored.connect(lambda: restored.append(True))
        dialog.exec()
        return bool(restored)
