"""操作记录 dialog: a case's entries, the chain check, the export (refused to a clerk)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from gui.dialogs.audit_dialog import AuditDialog
from model import audit
from tests.factories import make_case


def make_entries(sessions) -> int:
    with sessions.begin() as s:
        audit.acting_as(s, 7)
        return make_case(s).id


def test_a_cases_entries_check_and_export(qtbot, sessions, tmp_path: Path) -> None:
    case_id = make_entries(sessions)
    dialog = AuditDialog(sessions, 1, case_id)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle().startswith("操作记录 — （")
    assert dialog.model.rowCount() >= 1
    assert dialog.model.line_at(0).actor == "高博"
    assert dialog.check()
    assert "操作记录完整" in dialog.check_label.text()
    out = tmp_path / "记录.xlsx"
    assert dialog.export(out) and out.exists()


def test_a_clerk_cannot_export_and_a_tampered_chain_is_reported(
    qtbot, store, sessions, tmp_path: Path
) -> None:
    case_id = make_entries(sessions)
    dialog = AuditDialog(sessions, 7, case_id)
    qtbot.addWidget(dialog)
    assert not dialog.export_button.isEnabled() and "无权" in dialog.export_button.toolTip()
    out = tmp_path / "记录.xlsx"
    assert not dialog.export(out) and not out.exists()
    assert "无权" in dialog.check_label.text()
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE audit_entries SET actor_id = 1 WHERE seq = 2"))
    assert not dialog.check()
    assert "第 2 条" in dialog.check_label.text()
