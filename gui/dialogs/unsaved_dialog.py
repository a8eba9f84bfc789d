"""未保存的收案: save, discard or stay, asked before the window closes over a typed case."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget


class Unsaved(Enum):
    """The clerk's answer."""

    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class UnsavedDialog:
    """The question; ``ask`` is the seam tests replace."""

    @staticmethod
    def ask(parent: QWidget | None, what: str) -> Unsaved:
        """保存 / 放弃 / 取消 for the case being typed (Esc is 取消)."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("未保存的收案")
        box.setText(f"收案表单中的案件尚未保存：{what}")
        box.setInformativeText("关闭前是否保存？")
        save = box.addButton("保存(&S)", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("放弃(&D)", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return Unsaved.SAVE
        if clicked is discard:
            return Unsaved.DISCARD
        return Unsaved.CANCEL


class RestoreDraftDialog:
    """At start: a draft the last run left behind (a crash, a power cut)."""

    @staticmethod
    def ask(parent: QWidget | None, what: str) -> bool:
        """True: put it back into the intake form."""
        answer = QMessageBox.question(
            parent,
            "未保存的收案",
            f"上次关闭时收案表单中有未保存的案件：{what}\n\n是否恢复到收案表单？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes
