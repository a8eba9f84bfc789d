"""The unsaved 收案 form, kept in QSettings as it is typed, so a crash or a power cut loses
nothing: the next start offers it back. A draft is what the clerk typed beyond a new
form's defaults; it is forgotten once saved or discarded.

Kept in the user's settings rather than the database: it is one clerk's unfinished
typing on one PC, not a record of the bureau (and may not even be valid yet).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, QTimer

if TYPE_CHECKING:
    from gui.tabs.intake_tab import IntakeTab

KEY = "intake/draft"
WRITE_DELAY_MS = 400  # a pause in typing; a crash loses at most the last keystrokes


def draft_state(tab: IntakeTab) -> dict[str, Any] | None:
    """What the clerk typed into a new case, or None when there is nothing to keep
    (an untouched form, or a saved case being re-triaged)."""
    if tab.is_retriage() or tab.form.is_blank():
        return None
    draft = dataclasses.asdict(tab.form.draft())
    draft["filing_date"] = draft["filing_date"].isoformat() if draft["filing_date"] else None
    override, reason = tab.panel.override()
    return {
        "draft": draft,
        "number_text": tab.form.number_edit.text(),
        "ticked": sorted(tab.checklist.ticked()),
        "suggested": sorted(tab.checklist.suggested()),
        "codes": tab.checklist.code_edit.text(),
        "override": override.value if override else None,
        "reason": reason,
    }


def restore_state(tab: IntakeTab, state: dict[str, Any]) -> None:
    """Put a kept draft back into a new form."""
    # Here, not at the top: the window's start asks only whether a draft is kept.
    from model.cases.draft import CaseDraft

    tab.new_case()
    fields = {f.name for f in dataclasses.fields(CaseDraft)}
    values = {k: v for k, v in state["draft"].items() if k in fields}
    if values.get("filing_date"):
        values["filing_date"] = dt.date.fromisoformat(values["filing_date"])
    values["respondents"] = [tuple(entry) for entry in values.get("respondents", [])]
    tab.form.set_draft(CaseDraft(**values))
    tab.form.number_edit.setText(state.get("number_text", ""))
    tab.checklist.code_edit.blockSignals(True)
    tab.checklist.code_edit.setText(state.get("codes", ""))
    tab.checklist.code_edit.blockSignals(False)
    tab.checklist.set_ticked(set(state.get("ticked", [])), set(state.get("suggested", [])))
    tab.panel.set_override_value(state.get("override"), state.get("reason", ""))
    tab.form.number_edit.setFocus()


def describe(state: dict[str, Any]) -> str:
    """One line naming the draft, for the question at start."""
    draft = state["draft"]
    number = draft.get("number") or state.get("number_text") or "（案号未填）"
    parties = "、".join(n for n in draft.get("applicants", []) if n.strip())
    return f"{number}" + (f"，申请执行人 {parties}" if parties else "")


class DraftKeeper(QObject):
    """Writes the intake form's draft to QSettings a moment after each change."""

    def __init__(self, tab: IntakeTab, settings: QSettings) -> None:
        super().__init__(tab)
        self._tab = tab
        self._settings = settings
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(WRITE_DELAY_MS)
        self._timer.timeout.connect(self.write)
        tab.draft_changed.connect(self._timer.start)

    def write(self) -> None:
        """Keep the draft now (or forget it when the form holds none)."""
        self._timer.stop()
        state = draft_state(self._tab)
        if state is None:
            self._settings.remove(KEY)
        else:
            self._settings.setValue(KEY, json.dumps(state, ensure_ascii=False, default=str))
        self._settings.sync()

    def forget(self) -> None:
        """The clerk discarded the draft."""
        self._timer.stop()
        self._settings.remove(KEY)
        self._settings.sync()


def kept_draft(settings: QSettings) -> dict[str, Any] | None:
    """The draft a previous run left, if any (an unreadable one is dropped)."""
    text = settings.value(KEY)
    if not text:
        return None
    try:
        state = json.loads(str(text))
    except ValueError:
        state = None
    if not isinstance(state, dict) or not isinstance(state.get("draft"), dict):
        settings.remove(KEY)
        return None
    return state


def forget_kept(settings: QSettings) -> None:
    """Drop the kept draft (declined at start)."""
    settings.remove(KEY)
    settings.sync()
