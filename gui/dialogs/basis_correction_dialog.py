"""更正执行依据类别: another kind, with a reason; the statutory date is recomputed."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from gui.dialogs.event_base import CaseEventDialog, hint
from model.cases.basis import basis_kinds, correct_basis_kind
from model.entities import Case


class BasisCorrectionDialog(CaseEventDialog):
    """Correct the kind of document enforced (执行依据类别) of one case."""

    TITLE = "更正执行依据类别"

    def add_fields(self) -> None:
        """The kinds (the case's own chosen) and the reason."""
        with self._sessions() as s:
            case = s.get(Case, self._case_id)
            current = case.basis_kind if case is not None else ""
        self.kind_box = QComboBox()
        for kind in basis_kinds(self._sessions):
            self.kind_box.addItem(kind.label, kind.name)
        self.kind_box.setCurrentIndex(max(self.kind_box.findData(current), 0))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("例如 立案时误选，执行依据实为仲裁裁决书")
        self.form.addRow("现为：", hint(current or "其他"))
        self.form.addRow("改为：", self.kind_box)
        self.form.addRow("更正理由：", self.reason_edit)
        self.form.addRow(
            "", hint("标有（非诉）的类别法定期限 3 个月，其余 6 个月；法定到期日随之重算。")
        )

    def save(self) -> None:
        """Record the correction."""
        correct_basis_kind(
            self._sessions,
            self._case_id,
            self.kind_box.currentData(),
            self.reason_edit.text(),
            self._actor_id,
        )
