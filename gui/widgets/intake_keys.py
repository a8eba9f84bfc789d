"""收案 by keyboard: where Return and Tab go in the intake tab, and Ctrl+S.

Return is the quick way through a case (number, date, names, amount, basis, cause, its
执行依据类别, the criteria codes, the handler, save); Tab visits every field, the
applicant count and the add-party buttons included. The order is measured by
tests/gui/tabs/test_intake_keyboard.py.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QPushButton, QWidget

from gui.widgets.case_form import CaseForm
from gui.widgets.proposal_panel import ProposalPanel
from gui.widgets.triage_checklist import TriageChecklist


class KeyedIntake(Protocol):
    """What the keyboard path uses of the intake tab (``gui.tabs.intake_tab.IntakeTab``)."""

    form: CaseForm
    panel: ProposalPanel
    checklist: TriageChecklist
    save_button: QPushButton

    def save(self) -> None:
        """Save the case."""

    def focusNextChild(self) -> bool:
        """Move the focus on, as Tab does."""


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


def wire_keys(tab: KeyedIntake) -> None:
    """Return moves to the next field that a case usually needs (Ctrl+S is the tab's own)."""
    form = tab.form
    tab.panel.return_pressed.connect(tab.save)
    for edit in (form.number_edit, form.amount_edit, form.basis_edit):
        edit.returnPressed.connect(tab.focusNextChild)
    # The applicant count follows the names, so Return skips it (Tab still visits it).
    form.applicants.last_return.connect(lambda: form.respondents.first_edit().setFocus())
    form.respondents.last_return.connect(form.amount_edit.setFocus)
    form.cause_edit.returnPressed.connect(form.basis_kind_box.setFocus)
    ReturnMovesOn(form.basis_kind_box, tab.checklist.code_edit)  # owned by the combo
    tab.checklist.code_edit.returnPressed.connect(tab.panel.assign_combo.setFocus)


def tab_chain(tab: KeyedIntake) -> list[QWidget]:
    """The widgets Tab visits, in order: the form, the criteria codes, the decision, save."""
    return [
        *tab.form.focus_chain(),
        tab.checklist.code_edit,
        tab.panel.override_combo,
        tab.panel.reason_edit,
        tab.panel.assign_combo,
        tab.save_button,
    ]


def focus_first_problem(tab: KeyedIntake, errors: Collection[str], new_case: bool) -> None:
    """After a refused save, the cursor goes to the first field in error (or the reason)."""
    if new_case:
        form = tab.form
        order = {
            "number": form.number_edit,
            "filing_date": form.date_edit,
            "applicants": form.applicants.first_edit(),
            "applicant_count": form.count_spin,
            "respondents": form.respondents.first_edit(),
            "amount": form.amount_edit,
        }
        for name, widget in order.items():
            if name in errors:
                widget.setFocus()
                return
    tab.panel.reason_edit.setFocus()
