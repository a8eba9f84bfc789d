"""Each event dialog: a good entry is saved; a bad one is shown and nothing is written."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.closing_dialog import ClosingDialog
from gui.dialogs.end_suspension_dialog import EndSuspensionDialog
from gui.dialogs.exclusion_dialog import ExclusionDialog
from gui.dialogs.extension_dialog import ExtensionDialog
from gui.dialogs.transfer_dialog import TransferDialog
from gui.dialogs.void_dialog import VoidDialog
from model.cases.events.extension import record_extension
from model.cases.events.periods import open_period_id
from model.entities import Case, CaseStatus, Track
from tests.factories import make_case, snapshot

D = dt.date
TODAY = D(2026, 6, 1)


def _case(sessions: sessionmaker[Session], track: Track = Track.SIMPLE) -> int:
    with sessions.begin() as s:
        return make_case(s, filing_date=D(2026, 3, 2), track=track).id


def _state(sessions: sessionmaker[Session], case_id: int) -> tuple[object, ...]:
    with sessions() as s:
        return snapshot(s, case_id)


def _get(sessions: sessionmaker[Session], case_id: int) -> Case:
    with sessions() as s:
        case = s.get(Case, case_id)
        assert case is not None
        return case


def _save(dialog) -> None:
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()


def test_exclusion_refused_then_open_suspension_saved(qtbot, sessions) -> None:
    case_id = _case(sessions)
    dialog = ExclusionDialog(sessions, case_id, 1, TODAY)
    qtbot.addWidget(dialog)
    before = _state(sessions, case_id)
    dialog.kind_box.setCurrentText("拍卖、变卖")
    dialog.start_edit.setDate(QDate(2026, 5, 10))
    dialog.end_edit.setDate(QDate(2026, 5, 1))
    dialog.reason_edit.setText("网拍")
    _save(dialog)
    assert dialog.error_label.text() == "结束日期不能早于起始日期。"
    assert not dialog.error_label.isHidden() and dialog.error_field == "end"
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert _state(sessions, case_id) == before
    dialog.kind_box.setCurrentText("中止执行")
    dialog.open_box.setChecked(True)
    assert not dialog.end_edit.isEnabled()
    _save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _get(sessions, case_id).status is CaseStatus.SUSPENDED


def _exclusion(qtbot, sessions, case_id: int, kind: str, start: QDate, end: QDate):
    dialog = ExclusionDialog(sessions, case_id, 1, TODAY)
    qtbot.addWidget(dialog)
    dialog.kind_box.setCurrentText(kind)
    dialog.start_edit.setDate(start)
    dialog.end_edit.setDate(end)
    dialog.reason_edit.setText("网拍")
    _save(dialog)
    return dialog


def test_exclusion_twice_refused_overlap_saved_with_its_note(qtbot, sessions) -> None:
    """Issue 21: the double entry is refused in the dialog; an overlap saved and explained."""
    case_id = _case(sessions)
    first = _exclusion(
        qtbot, sessions, case_id, "拍卖、变卖", QDate(2026, 4, 1), QDate(2026, 4, 10)
    )
    assert first.result() == QDialog.DialogCode.Accepted and first.note is None
    before = _state(sessions, case_id)
    again = _exclusion(
        qtbot, sessions, case_id, "拍卖、变卖", QDate(2026, 4, 1), QDate(2026, 4, 10)
    )
    assert again.result() != QDialog.DialogCode.Accepted
    assert "已登记过相同的期间：拍卖、变卖 2026-04-01 至 2026-04-10" in again.error_label.text()
    assert _state(sessions, case_id) == before
    due = _get(sessions, case_id).due_date
    inside = _exclusion(qtbot, sessions, case_id, "暂缓执行", QDate(2026, 4, 2), QDate(2026, 4, 4))
    assert inside.result() == QDialog.DialogCode.Accepted
    assert inside.note is not None and "其中 3 日与已登记的“拍卖、变卖”期间重叠" in inside.note
    assert "到期日没有变化" in inside.note
    assert _get(sessions, case_id).due_date == due


def test_end_suspension_dialog(qtbot, sessions) -> None:
    case_id = _case(sessions)
    from model.cases.events.periods import record_excluded_period

    record_excluded_period(sessions, case_id, "中止执行", D(2026, 3, 20), None, "x", 1, TODAY)
    period = open_period_id(sessions, case_id)
    assert period is not None
    dialog = EndSuspensionDialog(sessions, period, 1, TODAY)
    qtbot.addWidget(dialog)
    dialog.end_edit.setDate(QDate(2026, 3, 19))
    _save(dialog)
    assert "不能早于起始日期" in dialog.error_label.text()
    dialog.end_edit.setDate(QDate(2026, 3, 29))
    _save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _get(sessions, case_id).due_date == D(2026, 4, 13)


def test_extension_dialog_refuses_the_chief_and_warns_when_late(qtbot, sessions) -> None:
    case_id = _case(sessions, Track.ORDINARY)  # due 2026-09-02
    late_day = D(2026, 8, 30)
    dialog = ExtensionDialog(sessions, case_id, 1, late_day)
    qtbot.addWidget(dialog)
    assert [dialog.title_box.itemText(i) for i in range(dialog.title_box.count())] == [
        "院长", "副院长",
    ]  # fmt: skip
    before = _state(sessions, case_id)
    _save(dialog)
    assert dialog.error_label.text() == "请填写批准人姓名。"
    assert _state(sessions, case_id) == before
    dialog.name_edit.setText("赵明")
    dialog.reason_edit.setText("评估未完成")
    _save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.warning is not None and "仅剩 3 日" in dialog.warning
    assert _get(sessions, case_id).due_date == D(2026, 12, 2)


def test_transfer_dialog(qtbot, sessions) -> None:
    case_id = _case(sessions)
    dialog = TransferDialog(sessions, case_id, 1, TODAY)
    qtbot.addWidget(dialog)
    assert dialog.handler_box.count() == 3  # the ordinary team's judges
    before = _state(sessions, case_id)
    _save(dialog)
    assert dialog.error_label.text() == "请填写移交原因。"
    assert _state(sessions, case_id) == before
    dialog.reason_edit.setText("需处分房产")
    _save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    case = _get(sessions, case_id)
    assert case.track is Track.ORDINARY and case.due_date == D(2026, 9, 2)


def test_transfer_of_an_ordinary_case_is_refused(qtbot, sessions) -> None:
    case_id = _case(sessions, Track.ORDINARY)
    dialog = TransferDialog(sessions, case_id, 1, TODAY)
    qtbot.addWidget(dialog)
    dialog.reason_edit.setText("x")
    _save(dialog)
    assert "只有速执团队的简易案件" in dialog.error_label.text()


def test_closing_dialog_final_closing_needs_its_conditions(qtbot, sessions) -> None:
    case_id = _case(sessions)
    dialog = ClosingDialog(sessions, case_id, 1, D(2026, 6, 10))  # filed 03-02: > 3 months
    qtbot.addWidget(dialog)
    assert not dialog.conditions.isEnabled()
    dialog.method_box.setCurrentText("终结本次执行程序")
    assert dialog.conditions.isEnabled()
    before = _state(sessions, case_id)
    _save(dialog)
    assert dialog.error_label.text().startswith("终结本次执行程序须确认以下条件")
    assert _state(sessions, case_id) == before
    for box in dialog.condition_boxes.values():
        box.setChecked(True)
    _save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _get(sessions, case_id).status is CaseStatus.CLOSED


def test_closing_before_filing_is_refused(qtbot, sessions) -> None:
    case_id = _case(sessions)
    dialog = ClosingDialog(sessions, case_id, 1, TODAY)
    qtbot.addWidget(dialog)
    dialog.date_edit.setDate(QDate(2026, 3, 1))
    _save(dialog)
    assert dialog.error_label.text() == "结案日期不能早于立案日期（2026-03-02）。"


def test_void_dialog(qtbot, sessions) -> None:
    case_id = _case(sessions, Track.ORDINARY)
    record_extension(sessions, case_id, "赵明", "院长", "x", D(2026, 5, 1), 1, today=TODAY)
    dialog = VoidDialog(sessions, case_id, 1)
    qtbot.addWidget(dialog)
    assert dialog.entry_box.currentText() == "延长 3 个月（院长赵明批准）"
    _save(dialog)
    assert dialog.error_label.text() == "请填写更正理由。"
    dialog.reason_edit.setText("录错案件")
    _save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _get(sessions, case_id).due_date == D(2026, 9, 2)


def test_exclusion_dialog_refuses_a_period_that_has_not_begun(qtbot, sessions) -> None:
    case_id = _case(sessions, Track.ORDINARY)
    dialog = ExclusionDialog(sessions, case_id, 1, TODAY)
    qtbot.addWidget(dialog)
    before = _state(sessions, case_id)
    dialog.kind_box.setCurrentText("拍卖、变卖")
    dialog.start_edit.setDate(QDate(2026, 6, 15))
    dialog.end_edit.setDate(QDate(2026, 6, 30))
    dialog.reason_edit.setText("网拍")
    _save(dialog)
    assert dialog.error_label.text().startswith("起始日期（2026-06-15）晚于今天（2026-06-01）")
    assert dialog.error_field == "start" and _state(sessions, case_id) == before
    dialog.start_edit.setDate(QDate(2026, 6, 1))  # begins today, ends ahead
    _save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_extension_dialog_judges_lateness_by_the_approval_date(qtbot, sessions) -> None:
    case_id = _case(sessions, Track.ORDINARY)  # statutory limit 2026-09-02
    dialog = ExtensionDialog(sessions, case_id, 1, D(2026, 9, 10))  # typed after the limit
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("赵明")
    dialog.reason_edit.setText("评估未完成")
    dialog.approved_edit.setDate(QDate(2026, 9, 11))
    _save(dialog)
    assert dialog.error_label.text() == "批准日期不能晚于今天（2026-09-10）。"
    dialog.approved_edit.setDate(QDate(2026, 8, 20))  # approved in time
    _save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.warning is None


def test_closing_dialog_names_the_period_it_would_precede(qtbot, sessions) -> None:
    case_id = _case(sessions, Track.ORDINARY)
    from model.cases.events.periods import record_excluded_period

    record_excluded_period(
        sessions, case_id, "拍卖、变卖", D(2026, 5, 10), D(2026, 5, 20), "网拍", 1, TODAY
    )
    dialog = ClosingDialog(sessions, case_id, 1, TODAY)
    qtbot.addWidget(dialog)
    dialog.date_edit.setDate(QDate(2026, 5, 1))
    before = _state(sessions, case_id)
    _save(dialog)
    assert dialog.error_label.text() == (
        "本案已登记 2026-05-10 开始的拍卖、变卖期间，结案日期（2026-05-01）不能早于该日。"
    )
    assert _state(sessions, case_id) == before


def test_the_closing_dialog_names_its_case(qtbot, sessions) -> None:
    case_id = _case(sessions)
    dialog = ClosingDialog(sessions, case_id, 1, TODAY)
    qtbot.addWidget(dialog)
    number = _get(sessions, case_id).number
    assert dialog.windowTitle() == f"结案 — {number}"
    assert dialog.case_label.text() == number
