"""分流标准 checklist: the criteria grouped 简易 / 普通 / 特殊, with their full texts."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from model.entities import Track
from model.triage.criteria import CriterionInfo

GROUP_TITLES = {
    Track.SIMPLE: "简易案件（执行速执团队，1个月）",
    Track.ORDINARY: "普通案件（执行普执团队，6个月）",
    Track.SPECIAL: "特殊案件（执行普执团队，6个月，需局长关注）",
}
SUGGESTED_TINT = "background-color: #fff4d6; border-radius: 3px;"
SUGGESTED_MARK = "（建议）"
CODE_PATTERN = re.compile(r"[A-Za-z]\d+")


def typed_codes(text: str) -> list[str]:
    """The criteria codes in what the clerk typed: "s2 o1", "S2O1", "S2、O1" → S2, O1."""
    return [code.upper() for code in CODE_PATTERN.findall(text)]


class _TextLabel(QLabel):
    """A criterion's wrapped text; a click on it toggles its checkbox."""

    clicked = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Toggle the checkbox, as a click on a checkbox's own text would."""
        self.clicked.emit()
        event.accept()


class TriageChecklist(QWidget):
    """The checkboxes of the active criteria; pre-ticked suggestions are marked and untickable."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._boxes: dict[str, QCheckBox] = {}
        self._labels: dict[str, QLabel] = {}
        self._texts: dict[str, str] = {}
        self._suggested: set[str] = set()
        self._user: dict[str, bool] = {}  # codes the clerk ticked or unticked by hand
        self._applying = False
        self._typed: set[str] = set()  # codes ticked through the code field
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # Typing the codes is the keyboard's way to the checklist: fifteen checkboxes
        # would be fifteen Tab stops, so they take clicks only.
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("输入代码勾选，例如 S2 O1（不分大小写）")
        self.code_edit.setAccessibleName("按代码勾选分流标准")
        self.code_edit.textChanged.connect(self._codes_typed)
        self.code_hint = QLabel()
        self.code_hint.setProperty("role", "warning")
        self.code_hint.setVisible(False)
        codes_row = QFormLayout()
        codes_row.addRow("按代码勾选(&C)：", self.code_edit)
        codes_row.addRow("", self.code_hint)
        outer.addLayout(codes_row)
        self._layout = QVBoxLayout()
        self._layout.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._layout)

    def set_criteria(self, criteria: list[CriterionInfo] | tuple[CriterionInfo, ...]) -> None:
        """Build the checklist; keeps what was ticked where the code is still there."""
        ticked = self.ticked()
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._boxes.clear()
        self._labels.clear()
        self._texts = {c.code: c.text for c in criteria}
        for track in Track:
            group = QGroupBox(GROUP_TITLES[track], self)
            grid = QGridLayout(group)
            grid.setColumnStretch(1, 1)
            grid.setVerticalSpacing(6)
            for row, criterion in enumerate(c for c in criteria if c.track is track):
                box = QCheckBox(criterion.code, group)
                box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
                box.setAccessibleName(f"{criterion.code} {criterion.text}")
                box.setToolTip(criterion.text)
                box.toggled.connect(lambda on, code=criterion.code: self._toggled(code, on))
                label = _TextLabel(criterion.text, group)
                label.setWordWrap(True)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
                label.setBuddy(box)
                label.clicked.connect(box.toggle)
                grid.addWidget(box, row, 0, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(label, row, 1)
                self._boxes[criterion.code] = box
                self._labels[criterion.code] = label
            self._layout.addWidget(group)
        self._layout.addStretch(1)
        self._applying = True
        for code, box in self._boxes.items():
            box.setChecked(code in ticked)
        self._applying = False
        self._mark()

    def boxes(self) -> list[QCheckBox]:
        """The checkboxes in checklist order (for the tab chain and tests)."""
        return list(self._boxes.values())

    def box(self, code: str) -> QCheckBox:
        """One criterion's checkbox."""
        return self._boxes[code]

    def label(self, code: str) -> QLabel:
        """One criterion's text label."""
        return self._labels[code]

    def ticked(self) -> set[str]:
        """The codes ticked now."""
        return {code for code, box in self._boxes.items() if box.isChecked()}

    def set_ticked(self, codes: set[str] | tuple[str, ...], suggested: set[str]) -> None:
        """Show a recorded checklist exactly (re-triage): no automatic ticks over it."""
        self._applying = True
        self._suggested = set(suggested) & set(self._boxes)
        self._user = {code: code in set(codes) for code in self._boxes}
        for code, box in self._boxes.items():
            box.setChecked(code in set(codes))
        self._applying = False
        self._mark()
        self.changed.emit()

    def set_suggested(self, codes: set[str]) -> None:
        """Pre-tick newly suggested criteria and untick ones no longer suggested,
        unless the clerk chose otherwise by hand."""
        codes = set(codes) & set(self._boxes)
        if codes == self._suggested:
            return
        self._applying = True
        for code in codes - self._suggested:
            if code not in self._user:
                self._boxes[code].setChecked(True)
        for code in self._suggested - codes:
            if code not in self._user:
                self._boxes[code].setChecked(False)
        self._applying = False
        self._suggested = codes
        self._mark()
        self.changed.emit()

    def suggested(self) -> set[str]:
        """The codes intake suggests for the case as typed."""
        return set(self._suggested)

    def _codes_typed(self, text: str) -> None:
        """Tick each code as it appears in the field; untick one deleted from it."""
        codes = typed_codes(text)
        unknown = [code for code in codes if code not in self._boxes]
        self.code_hint.setText(f"没有代码为 {'、'.join(unknown)} 的标准" if unknown else "")
        self.code_hint.setVisible(bool(unknown))
        wanted = {code for code in codes if code in self._boxes}
        for code in wanted - self._typed:
            self._boxes[code].setChecked(True)
            self._user[code] = True
        for code in self._typed - wanted:
            self._boxes[code].setChecked(False)
            self._user[code] = False
        self._typed = wanted

    def clear(self) -> None:
        """Untick everything and forget the clerk's choices (a new case)."""
        self.code_edit.blockSignals(True)
        self.code_edit.clear()
        self.code_edit.blockSignals(False)
        self.code_hint.setVisible(False)
        self._typed = set()
        self._applying = True
        for box in self._boxes.values():
            box.setChecked(False)
        self._applying = False
        self._suggested = set()
        self._user = {}
        self._mark()
        self.changed.emit()

    def _toggled(self, code: str, on: bool) -> None:
        if not self._applying:
            self._user[code] = on
            self.changed.emit()

    def _mark(self) -> None:
        for code, label in self._labels.items():
            suggested = code in self._suggested
            label.setText(self._texts[code] + (f" {SUGGESTED_MARK}" if suggested else ""))
            label.setStyleSheet(SUGGESTED_TINT if suggested else "")
            self._boxes[code].setStyleSheet(SUGGESTED_TINT if suggested else "")
