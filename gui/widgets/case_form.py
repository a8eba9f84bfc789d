"""案件信息: the fields of a new case, each with its message in place."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.widgets.date_edit import DateEdit
from gui.widgets.party_list import PartyList
from model.cases.basis import BasisKindInfo
from model.cases.draft import CaseDraft
from model.cases.numbers import CaseNumber
from model.entities import BASIS_OTHER

FIELDS = (
    "number",
    "filing_date",
    "applicants",
    "applicant_count",
    "respondents",
    "amount",
    "basis",
    "cause",
    "basis_kind",
)


def _day(date: QDate) -> dt.date:
    """A QDate as a Python date (PySide6 types ``toPython`` as object)."""
    day = date.toPython()
    assert isinstance(day, dt.date)
    return day


NON_LITIGATION_ROLE = Qt.ItemDataRole.UserRole + 1
"""Where each 执行依据类别 item keeps whether it is 非诉."""


def _message_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class CaseForm(QGroupBox):
    """The case's data; ``draft()`` reads it, ``show_check`` puts messages beside fields."""

    changed = Signal()
    layout_changed = Signal()  # party rows added or removed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("案件信息", parent)
        self._touched: set[str] = set()
        self._prefix = ""  # "(2026)吉0605执": the part of a case number that rarely changes
        outer = QVBoxLayout(self)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        outer.addLayout(form)
        self.errors: dict[str, QLabel] = {name: _message_label() for name in FIELDS}
        self.warnings: dict[str, QLabel] = {name: _message_label() for name in FIELDS}

        self.number_edit = QLineEdit()
        self.number_edit.setPlaceholderText("例如（2026）吉0605执123号，括号和数字可用半角")
        self.number_edit.setAccessibleName("案号")
        self.parsed_label = QLabel()
        self.parsed_label.setProperty("role", "hint")
        # Wrapped, like every message under a field: an unwrapped line would widen the
        # pane past the window and cut off the buttons at its right edge.
        self.parsed_label.setWordWrap(True)
        self.date_edit = DateEdit()
        self.date_edit.setAccessibleName("立案日期")
        self.applicants = PartyList("申请执行人", with_type=False)
        self.count_spin = QSpinBox()
        self.count_spin.setRange(1, 100000)
        self.count_spin.setSuffix(" 人")
        self.count_spin.setAccessibleName("申请执行人数")
        self.respondents = PartyList("被执行人", with_type=True)
        self.amount_edit = QLineEdit()
        self.amount_edit.setPlaceholderText("单位：元，例如 125000.50")
        self.amount_edit.setAccessibleName("标的额")
        self.basis_edit = QLineEdit()
        self.basis_edit.setPlaceholderText("例如（2025）吉0605民初88号民事判决书")
        self.basis_edit.setAccessibleName("执行依据")
        self.cause_edit = QLineEdit()
        self.cause_edit.setPlaceholderText("例如 借款合同纠纷")
        self.cause_edit.setAccessibleName("案由")
        self.basis_kind_box = QComboBox()
        self.basis_kind_box.setAccessibleName("执行依据类别")
        self.basis_kind_box.setToolTip(
            "执行依据的种类；标有（非诉）的为非诉讼生效法律文书，法定期限 3 个月，其余 6 个月。"
        )
        self.set_basis_kinds((BasisKindInfo(BASIS_OTHER, False),))
        self.kinds_button = QToolButton()
        self.kinds_button.setText("编辑列表…")
        self.kinds_button.setToolTip("修改执行依据类别列表及各类别是否属于非诉执行")
        kind_row = QWidget()
        kind_layout = QHBoxLayout(kind_row)
        kind_layout.setContentsMargins(0, 0, 0, 0)
        kind_layout.addWidget(self.basis_kind_box, 1)
        kind_layout.addWidget(self.kinds_button)

        rows: list[tuple[str, QWidget, str | None]] = [
            ("案号(&N)：", self.number_edit, "number"),
            ("立案日期(&D)：", self.date_edit, "filing_date"),
            ("申请执行人：", self.applicants, "applicants"),
            ("申请执行人数：", self.count_spin, "applicant_count"),
            ("被执行人：", self.respondents, "respondents"),
            ("标的额（元）：", self.amount_edit, "amount"),
            ("执行依据：", self.basis_edit, "basis"),
            ("案由：", self.cause_edit, "cause"),
            ("执行依据类别：", kind_row, "basis_kind"),
        ]
        for label, widget, name in rows:
            if name is None:
                form.addRow(label, widget)
                continue
            # The messages sit under their field and take no room while hidden.
            cell = QWidget()
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 0)
            cell_layout.setSpacing(2)
            extra = [self.parsed_label] if name == "number" else []
            for part in (widget, *extra, self.errors[name], self.warnings[name]):
                cell_layout.addWidget(part)
            form.addRow(label, cell)
            buddy = form.labelForField(cell)
            if isinstance(buddy, QLabel):
                buddy.setBuddy(widget)
        for name in FIELDS:
            self.errors[name].setProperty("role", "error")
            self.warnings[name].setProperty("role", "warning")

        self.number_edit.textChanged.connect(self._number_typed)
        self.number_edit.editingFinished.connect(self._complete_number)
        self.date_edit.dateChanged.connect(lambda: self._edited("filing_date"))
        self.applicants.changed.connect(self._applicants_changed)
        self.count_spin.valueChanged.connect(lambda: self._edited("applicant_count"))
        self.respondents.changed.connect(lambda: self._edited("respondents"))
        self.amount_edit.textChanged.connect(lambda: self._edited("amount"))
        self.basis_edit.textChanged.connect(lambda: self._edited("basis"))
        self.cause_edit.textChanged.connect(lambda: self._edited("cause"))
        self.basis_kind_box.currentIndexChanged.connect(lambda: self._edited("basis_kind"))
        for party_list in (self.applicants, self.respondents):
            party_list.rows_changed.connect(self.layout_changed)
        self._auto_count = True
        self.count_spin.valueChanged.connect(self._count_edited)

    def set_basis_kinds(self, kinds: tuple[BasisKindInfo, ...]) -> None:
        """The 执行依据类别 list (data the office edits); the choice is kept where it can be."""
        current = self.basis_kind_box.currentData() or BASIS_OTHER
        self.basis_kind_box.blockSignals(True)
        self.basis_kind_box.clear()
        for kind in kinds:
            self.basis_kind_box.addItem(kind.label, kind.name)
            self.basis_kind_box.setItemData(
                self.basis_kind_box.count() - 1, kind.non_litigation, NON_LITIGATION_ROLE
            )
        self.basis_kind_box.blockSignals(False)
        self._choose_kind(current)

    def _choose_kind(self, name: str) -> None:
        index = self.basis_kind_box.findData(name or BASIS_OTHER)
        if index < 0:
            index = self.basis_kind_box.findData(BASIS_OTHER)
        self.basis_kind_box.setCurrentIndex(max(index, 0))

    def non_litigation(self) -> bool:
        """Whether the chosen kind is 非诉 (3-month statutory limit)."""
        return bool(self.basis_kind_box.currentData(NON_LITIGATION_ROLE))

    def focus_chain(self) -> list[QWidget]:
        """The fields in the order Tab visits them."""
        return [
            self.number_edit,
            self.date_edit,
            *self.applicants.edits(),
            self.count_spin,
            *self.respondents.edits(),
            self.amount_edit,
            self.basis_edit,
            self.cause_edit,
            self.basis_kind_box,
        ]

    def set_prefix(self, prefix: str) -> None:
        """The case-number prefix a new form starts with, e.g. "(2026)吉0605执"."""
        self._prefix = prefix

    def prefix(self) -> str:
        """The prefix a new form starts with."""
        return self._prefix

    def _number_typed(self, text: str) -> None:
        # A whole number typed or pasted after the prefix replaces it: "(2026)吉0605执(" → "(".
        rest = text[len(self._prefix) :] if self._prefix and text.startswith(self._prefix) else ""
        if rest[:1] in ("(", "（"):
            self.number_edit.setText(rest)
            return
        if text != self._prefix:
            self._edited("number")
        else:
            self.changed.emit()

    def _complete_number(self) -> None:
        """Leaving the field adds the closing 号 the clerk may leave out."""
        text = self.number_edit.text()
        if text != self._prefix and _number_text(text) != text:
            self.number_edit.setText(_number_text(text))

    def _typed_number(self) -> str:
        """The number as meant; the bare prefix counts as nothing typed yet."""
        text = self.number_edit.text()
        return "" if self._prefix and text.strip() == self._prefix else _number_text(text)

    def is_blank(self) -> bool:
        """Nothing typed beyond what a new form starts with (no draft worth keeping)."""
        draft = self.draft()
        return (
            self.number_edit.text().strip() in ("", self._prefix)
            and not any(n.strip() for n in draft.applicants)
            and not any(n.strip() for n, _kind in draft.respondents)
            and not str(draft.amount or "").strip()
            and not draft.basis.strip()
            and not draft.cause.strip()
        )

    def _edited(self, name: str) -> None:
        self._touched.add(name)
        self.changed.emit()

    def _applicants_changed(self) -> None:
        # The count follows the names until the clerk sets it by hand.
        named = sum(1 for n in self.applicants.names() if n.strip())
        if self._auto_count and named > self.count_spin.value():
            self.count_spin.blockSignals(True)
            self.count_spin.setValue(named)
            self.count_spin.blockSignals(False)
        self._edited("applicants")

    def _count_edited(self) -> None:
        self._auto_count = False

    def draft(self) -> CaseDraft:
        """The case as typed."""
        return CaseDraft(
            number=self._typed_number(),
            filing_date=_day(self.date_edit.date()),
            applicants=self.applicants.names(),
            applicant_count=self.count_spin.value(),
            respondents=self.respondents.entries(),
            amount=self.amount_edit.text(),
            basis=self.basis_edit.text(),
            cause=self.cause_edit.text(),
            basis_kind=self.basis_kind_box.currentData() or "",
        )

    def set_draft(self, draft: CaseDraft) -> None:
        """Fill the form from a saved case."""
        self.number_edit.setText(draft.number)
        day = draft.filing_date or dt.date.today()
        self.date_edit.setDate(QDate(day.year, day.month, day.day))
        self.applicants.set_entries([(n, "") for n in draft.applicants])
        self.respondents.set_entries(list(draft.respondents))
        self.count_spin.setValue(draft.applicant_count or 1)
        amount = draft.amount
        self.amount_edit.setText(_amount_text(amount) if amount is not None else "")
        self.basis_edit.setText(draft.basis)
        self.cause_edit.setText(draft.cause)
        self._choose_kind(draft.basis_kind)

    def clear(self, today: dt.date) -> None:
        """An empty form for the next case: the case number starts with the prefix, the
        filing date is today."""
        self.number_edit.blockSignals(True)
        self.number_edit.setText(self._prefix)
        self.number_edit.blockSignals(False)
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.applicants.set_entries([])
        self.respondents.set_entries([])
        self.count_spin.setValue(1)
        self._auto_count = True
        for edit in (self.amount_edit, self.basis_edit, self.cause_edit):
            edit.clear()
        self._choose_kind(BASIS_OTHER)
        self._touched.clear()
        self.show_check({}, {}, None)

    def touch_all(self) -> None:
        """Show every field's message (a save was attempted)."""
        self._touched.update(FIELDS)

    def show_check(
        self, errors: dict[str, str], warnings: dict[str, str], number: CaseNumber | None
    ) -> None:
        """Messages beside the fields the clerk has touched; the parsed case number."""
        for name in FIELDS:
            error = errors.get(name, "") if name in self._touched else ""
            self.errors[name].setText(error)
            self.errors[name].setVisible(bool(error))
            warning = warnings.get(name, "") if not error else ""
            self.warnings[name].setText(warning)
            self.warnings[name].setVisible(bool(warning))
        if number is not None:
            self.parsed_label.setText(
                f"年份 {number.year}，法院代字 {number.court_code}，类型代字 {number.type_code}，"
                f"序号 {number.sequence} → {number.normal}"
            )
        else:
            self.parsed_label.setText("")
        self.parsed_label.setVisible(number is not None)


def _number_text(text: str) -> str:
    """The case number as the clerk means it: "…执123" ends in 号 ("…执123号")."""
    stripped = text.strip()
    closed = ")" in stripped or "）" in stripped  # the year is complete: a sequence follows
    return stripped + "号" if closed and stripped[-1:].isdigit() else text


def _amount_text(amount: str | Decimal) -> str:
    return str(amount)
