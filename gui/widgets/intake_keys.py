"""收案 by keyboard: where Return and Tab go in the intake tab, and Ctrl+S.

Return is the quick way through a case (number, date, names, amount, basis, cause, its
执行依据类别, the criteria codes, the handler, save); Tab visits every field, the
applicant count and the add-party buttons included. The order is measured by
tests/gui/tabs/test_intake_keyboard.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QWidget

if TYPE_CHECKING:
    from gui.tabs.intake_tab import IntakeTab


class ReturnMovesOn(QObject):
    """Return in a drop-down (执行依据类别) moves to the next field, as in a text field."""

    def __init__(self, combo: QComboBox, target: QWidget) -> None:
        super().__init__(combo)
        self._target = target
        combo.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Return/Enter: on to the target; everything else as usual."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._target.setFocus()
                return True
        return False


def wire_keys(tab: IntakeTab) -> None:
    """Ctrl+S saves; Return moves to the next field that a case usually needs."""
    form = tab.form
    QShortcut(
        QKeySequence.StandardKey.Save,
        tab,
        tab.save,
        context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
    )
    tab.panel.return_pressed.connect(tab.save)
    for edit in (form.number_edit, form.amount_edit, form.basis_edit):
        edit.returnPressed.connect(tab.focusNextChild)
    # The applicant count follows the names, so Return skips it (Tab still visits it).
    form.applicants.last_return.connect(lambda: form.respondents.first_edit().setFocus())
    form.respondents.last_return.connect(form.amount_edit.setFocus)
    form.cause_edit.returnPressed.connect(form.basis_kind_box.setFocus)
    ReturnMovesOn(form.basis_kind_box, tab.checklist.code_edit)  # owned by the combo
    tab.checklist.code_edit.returnPressed.connect(tab.panel.assign_combo.setFocus)


def tab_chain(tab: IntakeTab) -> list[QWidget]:
    """The widgets Tab visits, in order: the form, the criteria codes, the decision, save."""
    return [
        *tab.form.focus_chain(),
        tab.checklist.code_edit,
        tab.panel.override_combo,
        tab.panel.reason_edit,
        tab.panel.assign_combo,
        tab.save_button,
    ]
