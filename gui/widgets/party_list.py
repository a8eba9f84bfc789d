"""申请执行人 / 被执行人: a short list of name fields (with 类型 for respondents)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from model.entities import PARTY_TYPES


class PartyList(QWidget):
    """One or more parties; ``with_type`` adds the 被执行人类型 choice to each row."""

    changed = Signal()
    rows_changed = Signal()  # a row was added or removed: the tab order needs redoing
    last_return = Signal()  # Return pressed in the last row: the form moves on

    def __init__(self, noun: str, with_type: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._noun = noun
        self._with_type = with_type
        self._rows: list[tuple[QWidget, QLineEdit, QComboBox | None]] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.add_button = QPushButton(f"＋ 再添加一名{noun}")
        self.add_button.setToolTip(f"添加一名{noun}")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        self._layout.addWidget(self.add_button)
        self.add_row()

    def add_row(self, name: str = "", kind: str = "", focus: bool = False) -> QLineEdit:
        """Append a row; the name field."""
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit(name, row)
        edit.setPlaceholderText(f"{self._noun}姓名或名称")
        edit.setAccessibleName(self._noun)
        edit.textChanged.connect(self.changed)
        edit.returnPressed.connect(self._return_pressed)
        layout.addWidget(edit, 1)
        combo: QComboBox | None = None
        if self._with_type:
            combo = QComboBox(row)
            combo.addItems(PARTY_TYPES)
            combo.setAccessibleName(f"{self._noun}类型")
            combo.setCurrentIndex(max(0, combo.findText(kind)) if kind else 0)
            combo.currentIndexChanged.connect(self.changed)
            layout.addWidget(combo)
        remove = QPushButton("删除", row)
        remove.setToolTip(f"删除这名{self._noun}")
        remove.clicked.connect(lambda: self._remove(row))
        layout.addWidget(remove)
        self._layout.insertWidget(len(self._rows), row)
        self._rows.append((row, edit, combo))
        self._update_buttons()
        self.rows_changed.emit()
        if focus:
            edit.setFocus()
        self.changed.emit()
        return edit

    def _remove(self, row: QWidget) -> None:
        if len(self._rows) <= 1:
            return
        self._rows = [r for r in self._rows if r[0] is not row]
        row.setParent(None)
        row.deleteLater()
        self._update_buttons()
        self.rows_changed.emit()
        self.changed.emit()

    def _update_buttons(self) -> None:
        for row, _, _ in self._rows:
            button = row.findChild(QPushButton)
            if button is not None:
                button.setEnabled(len(self._rows) > 1)

    def _return_pressed(self) -> None:
        self.last_return.emit()

    def names(self) -> list[str]:
        """The names typed, blanks included (the service drops them)."""
        return [edit.text() for _, edit, _ in self._rows]

    def entries(self) -> list[tuple[str, str]]:
        """(name, type) of each row; type is "" without the type choice."""
        return [(e.text(), c.currentText() if c else "") for _, e, c in self._rows]

    def set_entries(self, entries: list[tuple[str, str]]) -> None:
        """Replace the rows (at least one, empty)."""
        for row, _, _ in self._rows:
            row.setParent(None)
            row.deleteLater()
        self._rows = []
        for name, kind in entries or [("", "")]:
            self.add_row(name, kind)
        self.changed.emit()

    def first_edit(self) -> QLineEdit:
        """The first name field (for focus and tab order)."""
        return self._rows[0][1]

    def edits(self) -> list[QWidget]:
        """Every focusable field in order, for the tab chain."""
        widgets: list[QWidget] = []
        for _, edit, combo in self._rows:
            widgets.append(edit)
            if combo is not None:
                widgets.append(combo)
        widgets.append(self.add_button)
        return widgets
