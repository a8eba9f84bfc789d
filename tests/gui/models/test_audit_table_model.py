"""The audit table model passes Qt's model checks and shows the entries."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.models.audit_table_model import AuditTableModel
from model.access.audit_lines import audit_lines


def test_audit_table_model(qtmodeltester, sessions) -> None:
    model = AuditTableModel()
    lines = audit_lines(sessions)[:20]
    model.set_lines(lines)
    qtmodeltester.check(model)
    assert model.rowCount() == 20
    assert model.data(model.index(0, 2)) == "系统"
    assert model.data(model.index(0, 3)) == "新增"
    assert model.headerData(6, Qt.Orientation.Horizontal) == "变更内容"
