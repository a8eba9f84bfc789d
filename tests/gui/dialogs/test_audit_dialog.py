"""操作记录 dialog: a case's entries, the chain check, the export (refused to a clerk)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from gui.dialogs.audit_dialog import AuditDialog
from model.access import audit
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


def test_the_whole_record_narrowed_to_a_period_and_exported(
    qtbot, store, sessions, tmp_path: Path
) -> None:
    from openpyxl import load_workbook
    from PySide6.QtCore import QDate

    make_entries(sessions)
    with store.engine.begin() as connection:  # date the first entries in an earlier year
        connection.execute(text("UPDATE audit_entries SET at = '2025-01-15 09:00:00'"))
    make_entries(sessions)  # entries of today
    dialog = AuditDialog(sessions, 1)
    qtbot.addWidget(dialog)
    everything = dialog.model.rowCount()
    assert not dialog.period_box.isHidden()
    dialog.start_edit.setDate(QDate(2025, 1, 1))
    dialog.end_edit.setDate(QDate(2025, 1, 31))
    dialog.period_box.setChecked(True)
    in_january = dialog.model.rowCount()
    assert 0 < in_january < everything
    entries = len({dialog.model.line_at(row).seq for row in range(in_january)})
    assert f"共 {entries} 条记录（{in_january} 行" in dialog.count_label.text()
    out = tmp_path / "一月.xlsx"
    assert dialog.export(out)
    assert f"已导出 {in_january} 条" in dialog.check_label.text()
    assert load_workbook(out, read_only=True).worksheets[0].max_row > in_january
