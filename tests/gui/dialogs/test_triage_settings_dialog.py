"""分流设置 dialog: thresholds and criteria texts as data, refusals shown, nothing half-saved."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.triage_settings_dialog import TriageSettingsDialog
from gui.models.criteria_model import ACTIVE, TEXT
from model.triage.criteria import load_triage_context


def test_model(qtmodeltester, qtbot, sessions: sessionmaker[Session]) -> None:
    dialog = TriageSettingsDialog(sessions)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 15
    assert dialog.model.index(0, 0).data() == "S1"
    assert dialog.model.index(14, 1).data() == "特殊"


def test_edit_texts_thresholds_and_add(qtbot, sessions: sessionmaker[Session]) -> None:
    dialog = TriageSettingsDialog(sessions)
    qtbot.addWidget(dialog)
    assert dialog.large_edit.text() == "1000000"
    assert dialog.many_edit.text() == "10"
    model = dialog.model
    assert model.setData(model.index(5, TEXT), "其他简单案件")
    assert model.setData(
        model.index(4, ACTIVE), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    dialog.large_edit.setText("2,000,000")
    dialog.many_edit.setText("20")
    dialog.track_combo.setCurrentIndex(2)
    dialog.new_text.setText("涉外案件")
    assert dialog.add()
    assert model.rowCount() == 16
    assert dialog.apply()
    assert dialog.changed_anything
    context = load_triage_context(sessions)
    assert context.texts["S6"] == "其他简单案件"
    assert "S5" not in context.texts
    assert context.texts["X4"] == "涉外案件"
    assert context.thresholds.large_amount == Decimal("2000000")
    assert context.thresholds.many_applicants == 20


def test_refusal_is_shown_and_writes_nothing(qtbot, sessions: sessionmaker[Session]) -> None:
    dialog = TriageSettingsDialog(sessions)
    qtbot.addWidget(dialog)
    dialog.model.setData(dialog.model.index(0, TEXT), "改过的表述")
    dialog.large_edit.setText("-5")
    assert not dialog.apply()
    assert "标的额标准" in dialog.error_label.text()
    assert load_triage_context(sessions).texts["S1"].startswith("银行")
    dialog.new_text.setText("   ")
    assert not dialog.add()
    assert "不能为空" in dialog.error_label.text()
