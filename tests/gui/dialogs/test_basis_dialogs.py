"""执行依据类别 in the window: the list's dialog, the correction from the case detail."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.basis_correction_dialog import BasisCorrectionDialog
from gui.dialogs.basis_kinds_dialog import BasisKindsDialog
from gui.dialogs.case_detail_dialog import CaseDetailDialog
from model.cases.basis import basis_kinds
from model.entities import Case, Track
from tests.factories import make_case, person_by_name, snapshot

D = dt.date
TODAY = D(2026, 6, 1)


def _case(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as s:
        return make_case(s, filing_date=D(2026, 3, 2), track=Track.ORDINARY).id


def _person(sessions: sessionmaker[Session], name: str) -> int:
    with sessions() as s:
        return person_by_name(s, name).id


def _save(dialog) -> None:
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()


def test_correction_dialog_refuses_without_reason_then_recomputes(qtbot, sessions) -> None:
    case_id = _case(sessions)
    dialog = BasisCorrectionDialog(sessions, case_id, _person(sessions, "高博"), TODAY)
    qtbot.addWidget(dialog)
    assert dialog.kind_box.currentData() == "其他"
    assert "仲裁裁决书（非诉）" in [
        dialog.kind_box.itemText(i) for i in range(dialog.kind_box.count())
    ]
    with sessions() as s:
        before = snapshot(s, case_id)
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("仲裁裁决书"))
    _save(dialog)
    assert dialog.error_label.text() == "请填写更正理由。" and dialog.error_field == "reason"
    with sessions() as s:
        assert snapshot(s, case_id) == before
    dialog.reason_edit.setText("执行依据为仲裁裁决书")
    _save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with sessions() as s:
        case = s.get(Case, case_id)
        assert case is not None and case.statutory_due_date == D(2026, 6, 2)


def test_detail_shows_the_kind_and_offers_the_correction(qtbot, monkeypatch, sessions) -> None:
    case_id = _case(sessions)
    clerk = _person(sessions, "高博")
    detail = CaseDetailDialog(sessions, case_id, lambda: clerk, TODAY)
    qtbot.addWidget(detail)
    assert detail.fact_labels["basis"].text() == "其他（法定期限 6 个月）"
    assert detail.buttons["basis"].isEnabled()

    def fake(cls, sessions_arg, case_arg, actor, today, parent=None) -> bool:
        from model.cases.basis import correct_basis_kind

        correct_basis_kind(sessions_arg, case_arg, "行政机关决定", "误选", actor)
        return True

    monkeypatch.setattr(BasisCorrectionDialog, "ask", classmethod(fake))
    detail.buttons["basis"].click()
    assert detail.changed
    assert detail.fact_labels["basis"].text() == "行政机关决定（非诉执行，法定期限 3 个月）"
    assert detail.fact_labels["statutory"].text() == "2026-06-02（剩余 1 日）"  # and days left
    assert "更正执行依据类别" in detail.history_view.toPlainText()
    judge = CaseDetailDialog(sessions, case_id, lambda: _person(sessions, "战殿有"), TODAY)
    qtbot.addWidget(judge)
    assert not judge.buttons["basis"].isEnabled()
    assert "无权更正执行依据类别" in judge.buttons["basis"].toolTip()


def test_kinds_dialog_marks_and_adds(qtbot, sessions) -> None:
    chief = _person(sessions, "王爱军")
    dialog = BasisKindsDialog(sessions, None, chief)
    qtbot.addWidget(dialog)
    assert dialog.boxes["仲裁裁决书"].isChecked()
    assert not dialog.boxes["民事判决书"].isChecked()
    dialog.boxes["民事判决书"].setChecked(True)
    dialog.new_name.setText("支付令")
    assert dialog.add()
    assert not dialog.add() and dialog.error_label.text() == "请填写执行依据类别的名称。"
    kinds = {k.name: k.non_litigation for k in basis_kinds(sessions)}
    assert kinds["民事判决书"] and "支付令" in kinds and dialog.changed_anything
    assert "支付令" in dialog.boxes


def test_kinds_dialog_shows_a_refusal(qtbot, sessions) -> None:
    dialog = BasisKindsDialog(sessions, None, _person(sessions, "高博"))
    qtbot.addWidget(dialog)
    dialog.boxes["民事判决书"].setChecked(True)
    assert "无权修改执行依据类别列表" in dialog.error_label.text()
    assert not {k.name: k.non_litigation for k in basis_kinds(sessions)}["民事判决书"]
