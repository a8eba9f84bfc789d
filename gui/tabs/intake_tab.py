"""收案 tab: the case form, the triage checklist, the live proposal and the assignment."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.basis_kinds_dialog import BasisKindsDialog
from gui.dialogs.triage_settings_dialog import TriageSettingsDialog
from gui.permission_gate import gate
from gui.widgets.case_form import CaseForm
from gui.widgets.intake_keys import focus_first_problem, tab_chain, wire_keys
from gui.widgets.proposal_panel import ProposalPanel
from gui.widgets.triage_checklist import TriageChecklist
from model.access.permissions import Action
from model.cases.assignment import load_suggestion
from model.cases.basis import basis_kinds
from model.cases.draft import FIELD_LABELS, DraftCheck, DraftError, check_draft
from model.cases.intake import IntakeRequest, TriageRequest, save_intake
from model.cases.numbers import number_prefix
from model.cases.retriage import LoadedCase, load_case, retriage_case
from model.entities import CaseStatus, Track
from model.errors import UserError
from model.triage.criteria import TriageContext, load_triage_context
from model.triage.rule import propose


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


class IntakeTab(QWidget):
    """收案: enter a case, tick the checklist, see the proposal, assign, save; or re-triage."""

    data_changed = Signal()
    open_in_deadlines = Signal(int)
    saved = Signal(int)  # the case just saved (or re-triaged)
    draft_changed = Signal()  # the typed (unsaved) case changed: gui.intake_draft keeps it

    def __init__(
        self,
        sessions: sessionmaker[Session],
        operator: Callable[[], int | None],
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._operator = operator
        self._today = today
        self._context: TriageContext = load_triage_context(sessions)
        self._check = DraftCheck()
        self._loaded: LoadedCase | None = None  # the case being re-triaged
        self._listed_track: Track | None = None
        self._last_saved: int | None = None

        self.banner = QLabel()
        self.banner.setStyleSheet("background: #e8f0fe; padding: 6px; font-weight: bold;")
        self.banner.setVisible(False)

        self.form = CaseForm()
        self.form.set_basis_kinds(basis_kinds(sessions))
        self.form.set_prefix(number_prefix(self._context.court_code, today().year))
        self.history_box = QGroupBox("分流记录（此前的决定均予保留）")
        self.history_label = QLabel()
        self.history_label.setWordWrap(True)
        QVBoxLayout(self.history_box).addWidget(self.history_label)
        self.history_box.setVisible(False)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        self.panel = ProposalPanel()
        left_layout.addWidget(self.form)
        left_layout.addWidget(self.panel)
        left_layout.addWidget(self.history_box)
        left_layout.addStretch(1)

        self.checklist = TriageChecklist()
        self.checklist.set_criteria(self._context.criteria)
        checklist_box = QGroupBox(
            "分流标准（勾选符合的各项；标“（建议）”的由收案信息预先勾选，可取消）"
        )
        QVBoxLayout(checklist_box).addWidget(self.checklist)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(_scroll(left))
        splitter.addWidget(_scroll(checklist_box))
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setChildrenCollapsible(False)

        self.confirm_label = QLabel()
        self.confirm_label.setTextFormat(Qt.TextFormat.RichText)
        self.confirm_label.linkActivated.connect(self._open_saved)
        self.status_label = QLabel()
        self.status_label.setProperty("role", "error")
        self.status_label.setWordWrap(True)
        self.missing_label = QLabel()
        self.missing_label.setProperty("role", "hint")
        self.settings_button = QPushButton("分流设置…")
        self.settings_button.setToolTip("修改标的额、申请执行人数标准和分流标准的表述")
        self.settings_button.clicked.connect(self._edit_settings)
        self.kinds_button = self.form.kinds_button
        self.kinds_button.clicked.connect(self._edit_kinds)
        self.new_button = QPushButton("新案件")
        self.new_button.setToolTip("清空表单，登记下一件案件")
        self.new_button.clicked.connect(self.new_case)
        self.save_button = QPushButton("保存 (Ctrl+S)")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        bar = QHBoxLayout()
        messages = QVBoxLayout()
        messages.addWidget(self.confirm_label)
        messages.addWidget(self.status_label)
        bar.addLayout(messages, 1)
        bar.addWidget(self.missing_label)
        for button in (self.settings_button, self.new_button, self.save_button):
            bar.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addLayout(bar)

        self.form.changed.connect(self._recheck)
        self.form.layout_changed.connect(self._apply_tab_order)
        self.checklist.changed.connect(self._update_proposal)
        self.panel.track_changed.connect(self._update_assignment)
        QShortcut(
            QKeySequence.StandardKey.Save,
            self,
            self.save,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        wire_keys(self)
        for signal in (
            self.form.changed,
            self.checklist.changed,
            self.panel.track_changed,
            self.panel.reason_edit.textChanged,
        ):
            signal.connect(self.draft_changed)
        self.new_case()
        self._apply_permissions()

    # --- public interface -------------------------------------------------------

    def is_retriage(self) -> bool:
        """A saved case is loaded for re-triage (not a new case being typed)."""
        return self._loaded is not None

    def has_unsaved(self) -> bool:
        """A new case has been typed and not saved: closing would lose it."""
        return self._loaded is None and not self.form.is_blank()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown (after login, or switched to): the cursor waits in 案号."""
        super().showEvent(event)
        focused = QApplication.focusWidget()
        if focused is None or not self.isAncestorOf(focused):
            self.form.number_edit.setFocus()

    def refresh(self) -> None:
        """Reload criteria, thresholds and loads from the database."""
        context = load_triage_context(self._sessions)
        if context.criteria != self._context.criteria:
            self.checklist.set_criteria(context.criteria)
        self._context = context
        self.form.set_basis_kinds(basis_kinds(self._sessions))
        prefix = number_prefix(context.court_code, self._today().year)
        if self.form.number_edit.text() == self.form.prefix():
            self.form.number_edit.setText(prefix)
        self.form.set_prefix(prefix)
        self._listed_track = None
        self._recheck()
        self._apply_permissions()

    def _apply_permissions(self) -> None:
        """Disable what the current user may not do (the services refuse it too)."""
        actor = self._operator()
        gate([self.settings_button], self._sessions, actor, Action.EDIT_SETTINGS)
        gate([self.kinds_button], self._sessions, actor, Action.EDIT_BASIS_KINDS)
        closed = self._loaded is not None and self._loaded.status is CaseStatus.CLOSED
        gate([self.save_button], self._sessions, actor, Action.INTAKE, not closed)

    def load_case(self, case_id: int) -> None:
        """Load a saved case for re-triage; its earlier decisions are listed below it."""
        try:
            loaded = load_case(self._sessions, case_id)
        except UserError as error:
            self.status_label.setText(error.message)
            return
        self._loaded = loaded
        self.form.set_draft(loaded.draft)
        self.form.setEnabled(False)
        self.checklist.set_ticked(loaded.ticked, set(loaded.suggested))
        proposal = self.panel.proposal()
        override = (
            loaded.final_track if proposal and proposal.track is not loaded.final_track else None
        )
        self.panel.set_override(override, loaded.override_reason or "")
        self._listed_track = None
        self._update_assignment()
        closed = loaded.status is CaseStatus.CLOSED
        self.banner.setText(
            f"重新分流：{loaded.number}（{loaded.status.label}）— 案件信息在此不可修改"
            + ("；已结案件不能重新分流" if closed else "")
        )
        self.banner.setVisible(True)
        self.history_label.setText("\n".join(d.text for d in loaded.decisions) or "（无）")
        self.history_box.setVisible(True)
        self.save_button.setText("保存重新分流 (Ctrl+S)")
        gate([self.save_button], self._sessions, self._operator(), Action.INTAKE, not closed)
        self.status_label.clear()
        self.confirm_label.clear()
        self.checklist.code_edit.setFocus()

    def new_case(self) -> None:
        """Clear the form for the next case."""
        self._loaded = None
        self.banner.setVisible(False)
        self.history_box.setVisible(False)
        self.form.setEnabled(True)
        self.form.clear(self._today())
        self.checklist.clear()
        self.panel.reset()
        self.save_button.setText("保存 (Ctrl+S)")
        gate([self.save_button], self._sessions, self._operator(), Action.INTAKE)
        self.status_label.clear()
        self._listed_track = None
        self._recheck()
        self._apply_tab_order()
        self.form.number_edit.setFocus()
        self.draft_changed.emit()

    # --- live checks ---------------------------------------------------------------

    def _recheck(self) -> bool:
        """Check the form against the database; False (and why, shown) when it cannot be read."""
        case_id = self._loaded.case_id if self._loaded else None
        try:
            self._check, suggested = check_draft(
                self._sessions, self.form.draft(), self._today(), case_id
            )
        except UserError as error:  # the server is gone: say so, keep what was typed
            self.status_label.setText(f"未保存：{error.message}")
            return False
        self.form.show_check(self._check.errors, self._check.warnings, self._check.number)
        if self._loaded is None:
            self.checklist.set_suggested(suggested)
        self._update_proposal()
        return True

    def _update_proposal(self) -> None:
        proposal = propose(self.checklist.ticked(), self._context.tracks)
        self.panel.set_proposal(proposal, self._context.texts, self.form.non_litigation())
        self._update_assignment()

    def _update_assignment(self) -> None:
        track = self.panel.final_track()
        if track is not self._listed_track:
            before = self.panel.suggestion()
            # Only a handler the clerk picked by hand survives a new listing: the
            # default is always the suggestion of the loads as they are now.
            keep = self.panel.chosen() if before is not None and self.panel.hand_picked() else None
            if self._loaded is not None and before is None:
                keep = (self._loaded.group_id, self._loaded.judge_id)
            try:
                suggestion = load_suggestion(self._sessions, track)
            except UserError as error:
                self.panel.show_assignment_error(error.message)
            else:
                same_team = before is not None and before.team_id == suggestion.team_id
                if self._loaded is not None and suggestion.team_id == self._loaded.team_id:
                    keep = (self._loaded.group_id, self._loaded.judge_id)
                elif not same_team:
                    keep = None
                self.panel.set_suggestion(suggestion, keep)  # type: ignore[arg-type]  # keep is set on every branch that reaches here
            self._listed_track = track
        self._update_missing()

    def _problems(self) -> list[str]:
        problems = [] if self._loaded else [FIELD_LABELS[f] for f in self._check.errors]
        override, reason = self.panel.override()
        proposal = self.panel.proposal()
        if override is not None and proposal and override is not proposal.track:
            if not reason.strip():
                problems.append("调整理由")
        if self.panel.suggestion() is None:
            problems.append("分案")
        return problems

    def _update_missing(self) -> None:
        problems = self._problems()
        text = f"尚需填写或改正：{'、'.join(problems)}" if problems else "可以保存"
        self.missing_label.setText(text)
        self.save_button.setToolTip(text)

    # --- saving --------------------------------------------------------------------

    def save(self) -> None:
        """Save the new case (or the re-triage); a refusal shows why and writes nothing."""
        if not self.save_button.isEnabled():
            return
        self.form.touch_all()
        if not self._recheck():
            self.confirm_label.clear()
            return
        override, reason = self.panel.override()
        problems = self._problems()
        if problems:
            if "调整理由" in problems:
                self.panel.show_reason_error("把分流类型调整为建议以外的类型，必须写明调整理由。")
            self.status_label.setText(f"未保存：请先填写或改正 {'、'.join(problems)}。")
            self.confirm_label.clear()
            focus_first_problem(self, self._check.errors, self._loaded is None)
            return
        group_id, judge_id = self.panel.chosen()
        ticked = tuple(sorted(self.checklist.ticked()))
        asked = TriageRequest(ticked, override, reason, group_id, judge_id)
        label = self.panel.chosen_label()
        try:
            if self._loaded is None:
                case_id = save_intake(
                    self._sessions,
                    IntakeRequest(self.form.draft(), asked),
                    self._operator(),
                    self._today(),
                )
                number = self._check.number.normal if self._check.number else ""
                done = f"已保存：{number} → {label}"
            else:
                result = retriage_case(
                    self._sessions,
                    self._loaded.case_id,
                    asked,
                    self._operator(),
                    expected_version=self._loaded.version,
                )
                case_id = result.case_id
                done = f"已重新分流：{result.number} → {result.track.label}，{result.handler}"
        except DraftError as error:
            self.form.show_check(error.errors, {}, self._check.number)
            self.status_label.setText(f"未保存：{error.message}")
            return
        except UserError as error:
            if error.field == "override_reason":
                self.panel.show_reason_error(error.message)
            self.status_label.setText(f"未保存：{error.message}")
            return
        self._last_saved = case_id
        self.new_case()
        self.confirm_label.setText(f'{done}　<a href="open">在“期限”中查看</a>')
        self.data_changed.emit()
        self.saved.emit(case_id)

    def _open_saved(self, _link: str = "") -> None:
        if self._last_saved is not None:
            self.open_in_deadlines.emit(self._last_saved)

    def _edit_settings(self) -> None:
        if TriageSettingsDialog.ask(self._sessions, self, self._operator()):
            self.refresh()
            self.data_changed.emit()

    def _edit_kinds(self) -> None:
        if BasisKindsDialog.ask(self._sessions, self, self._operator()):
            self.refresh()
            self.data_changed.emit()

    def _apply_tab_order(self) -> None:
        for first, second in itertools.pairwise(tab_chain(self)):
            QWidget.setTabOrder(first, second)
