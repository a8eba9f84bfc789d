"""分流建议: the live proposal, the override with its reason, and the assignment choice."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from model.cases.assignment import Suggestion
from model.entities import Track
from model.triage.rule import Proposal

TEAM_OF_TRACK = {
    Track.SIMPLE: "执行速执团队",
    Track.ORDINARY: "执行普执团队",
    Track.SPECIAL: "执行普执团队",
}
CHIEF_MARK = "⚑ 特殊案件：需局长关注"
KEEP = "按建议"


def limits_text(track: Track, non_litigation: bool) -> str:
    """团队期限 and 法定期限 of a track, as the panel shows them."""
    statutory = 3 if non_litigation else 6
    kind = "非诉执行" if non_litigation else "执行案件"
    return f"团队期限 {track.limit_months} 个月；法定期限 {statutory} 个月（{kind}）"


def _key(group_id: int | None, judge_id: int | None) -> str:
    """A choice as combo-box data: "group:judge" (plain text compares reliably)."""
    return f"{group_id or ''}:{judge_id}"


class EnterComboBox(QComboBox):
    """A combo box that reports Return/Enter (the last field of the form saves on it)."""

    return_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Return/Enter saves; every other key as usual."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.return_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ProposalPanel(QGroupBox):
    """Shows the proposal; lets the clerk override it with a reason and pick the handler."""

    track_changed = Signal()  # the final track may have changed
    return_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("分流建议与分案", parent)
        self._proposal: Proposal | None = None
        self._suggestion: Suggestion | None = None
        self._texts: dict[str, str] = {}
        self._non_litigation = False
        self._hand_picked = False  # the clerk chose a handler other than the default
        layout = QVBoxLayout(self)
        self.track_label = QLabel()
        self.track_label.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.limits_label = QLabel()
        self.deciding_label = QLabel()
        self.deciding_label.setWordWrap(True)
        self.deciding_label.setProperty("role", "hint")
        self.chief_label = QLabel(CHIEF_MARK)
        self.chief_label.setProperty("role", "badge")
        self.chief_label.setVisible(False)
        for widget in (self.track_label, self.limits_label, self.deciding_label, self.chief_label):
            layout.addWidget(widget)

        form = QFormLayout()
        self.override_combo = QComboBox()
        self.override_combo.addItem(KEEP, None)
        for track in Track:
            self.override_combo.addItem(f"调整为{track.label}", track.value)
        self.override_combo.setAccessibleName("调整分流类型")
        self.override_combo.currentIndexChanged.connect(self._override_changed)
        form.addRow("分流类型(&T)：", self.override_combo)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("调整分流类型时必须写明理由")
        self.reason_edit.setAccessibleName("调整理由")
        self.reason_edit.setEnabled(False)
        form.addRow("调整理由(&R)：", self.reason_edit)
        self.reason_error = QLabel()
        self.reason_edit.textChanged.connect(lambda _t: self.reason_error.setVisible(False))
        self.reason_error.setProperty("role", "error")
        self.reason_error.setWordWrap(True)
        self.reason_error.setVisible(False)
        form.addRow("", self.reason_error)
        self.assign_combo = EnterComboBox()
        self.assign_combo.setAccessibleName("分案")
        self.assign_combo.return_pressed.connect(self.return_pressed)
        self.assign_combo.activated.connect(self._picked)
        form.addRow("分案(&A)：", self.assign_combo)
        self.team_label = QLabel()
        self.team_label.setProperty("role", "hint")
        form.addRow("", self.team_label)
        self.assign_error = QLabel()
        self.assign_error.setProperty("role", "error")
        self.assign_error.setWordWrap(True)
        self.assign_error.setVisible(False)
        form.addRow("", self.assign_error)
        layout.addLayout(form)

    # --- the proposal ---------------------------------------------------------

    def set_proposal(self, proposal: Proposal, texts: dict[str, str], non_lit: bool) -> None:
        """Show a new proposal (live, as the checklist changes)."""
        self._proposal = proposal
        self._texts = texts
        self._non_litigation = non_lit
        self._show()

    def _show(self) -> None:
        if self._proposal is None:
            return
        final = self.final_track()
        proposal = self._proposal
        overridden = final is not proposal.track
        text = f"{final.label}案件 → {TEAM_OF_TRACK[final]}"
        if overridden:
            text += f"（建议为{proposal.track.label}，已调整）"
        self.track_label.setText(text)
        self.limits_label.setText(limits_text(final, self._non_litigation))
        deciding = "；".join(
            f"{code} {self._texts.get(code, '')}".strip() for code in proposal.deciding_codes
        )
        prefix = "未勾选任何标准，按" if proposal.by_default else "依据："
        self.deciding_label.setText(f"{prefix}{deciding}")
        self.chief_label.setVisible(final is Track.SPECIAL)
        self.reason_edit.setEnabled(overridden)
        if not overridden:
            self.reason_error.setVisible(False)

    def proposal(self) -> Proposal | None:
        """The proposal shown."""
        return self._proposal

    def final_track(self) -> Track:
        """The proposal's track, or the override."""
        value = self.override_combo.currentData()
        if value is not None:
            return Track(value)
        return self._proposal.track if self._proposal else Track.ORDINARY

    def override(self) -> tuple[Track | None, str]:
        """(override track or None, reason) as the services take them."""
        value = self.override_combo.currentData()
        return (Track(value) if value is not None else None), self.reason_edit.text()

    def set_override(self, track: Track | None, reason: str) -> None:
        """Show a recorded override (re-triage)."""
        index = self.override_combo.findData(track.value if track else None)
        self.override_combo.setCurrentIndex(max(0, index))
        self.reason_edit.setText(reason)

    def set_override_value(self, value: str | None, reason: str) -> None:
        """Show an override kept as its stored value (a restored draft)."""
        self.set_override(Track(value) if value else None, reason)

    def show_reason_error(self, message: str) -> None:
        """The override's reason is missing."""
        self.reason_error.setText(message)
        self.reason_error.setVisible(bool(message))

    def _override_changed(self) -> None:
        self._show()
        self.track_changed.emit()

    # --- the assignment -------------------------------------------------------

    def _picked(self, _index: int) -> None:
        self._hand_picked = True

    def hand_picked(self) -> bool:
        """The clerk picked the handler themself (kept while the team stays the same)."""
        return self._hand_picked

    def set_suggestion(self, suggestion: Suggestion, keep: tuple[int | None, int] | None) -> None:
        """List every choice with its load; preselect ``keep`` if offered, else the suggestion."""
        self._suggestion = suggestion
        self.assign_combo.blockSignals(True)
        self.assign_combo.clear()
        for choice in suggestion.choices:
            mark = "（建议）" if choice == suggestion.suggested else ""
            self.assign_combo.addItem(
                f"{choice.text}{mark}", _key(choice.group_id, choice.judge_id)
            )
        index = self.assign_combo.findData(_key(*keep)) if keep is not None else -1
        if index < 0:
            index = suggestion.choices.index(suggestion.suggested)
        self.assign_combo.setCurrentIndex(index)
        self.assign_combo.blockSignals(False)
        kind = "办案组" if suggestion.by_group else "员额法官"
        self.team_label.setText(f"{suggestion.team_name}：按在办案件数最少的{kind}建议")
        self.assign_error.setVisible(False)

    def show_assignment_error(self, message: str) -> None:
        """No team or handler can take the case."""
        self._suggestion = None
        self.assign_combo.clear()
        self.team_label.setText("")
        self.assign_error.setText(message)
        self.assign_error.setVisible(True)

    def suggestion(self) -> Suggestion | None:
        """The suggestion listed."""
        return self._suggestion

    def chosen(self) -> tuple[int | None, int | None]:
        """(group_id, judge_id) picked."""
        data = self.assign_combo.currentData()
        if not data:
            return None, None
        group, judge = data.split(":")
        return (int(group) if group else None), int(judge)

    def chosen_label(self) -> str:
        """The picked choice's label, without its load."""
        if self._suggestion is None:
            return ""
        group_id, judge_id = self.chosen()
        found = self._suggestion.find(group_id, judge_id)
        return found.label if found else ""

    def reset(self) -> None:
        """Back to 按建议 with no reason and no handler chosen (a new case): the next
        listing preselects its own suggestion, never the previous case's handler."""
        self._hand_picked = False
        self._suggestion = None
        self.override_combo.setCurrentIndex(0)
        self.reason_edit.clear()
        self.reason_error.setVisible(False)
