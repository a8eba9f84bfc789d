"""The case detail dialog: facts, clocks, history, and each event button."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.case_detail_dialog import CaseDetailDialog
from gui.dialogs.closing_dialog import ClosingDialog
from gui.dialogs.end_suspension_dialog import EndSuspensionDialog
from gui.dialogs.exclusion_dialog import ExclusionDialog
from gui.dialogs.extension_dialog import ExtensionDialog
from gui.dialogs.transfer_dialog import TransferDialog
from gui.dialogs.void_dialog import VoidDialog
from model.cases.events.closing import FINAL_CONDITIONS, close_case
from model.cases.events.periods import record_excluded_period
from model.entities import Track
from tests.factories import make_case

D = dt.date
TODAY = D(2026, 6, 1)


def _dialog(qtbot, sessions: sessionmaker[Session], case_id: int) -> CaseDetailDialog:
    dialog = CaseDetailDialog(sessions, case_id, lambda: 1, TODAY)
    qtbot.addWidget(dialog)
    return dialog


def test_shows_facts_clocks_and_history(qtbot, sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        case_id = make_case(s, "（2026）吉0605执7号", D(2026, 5, 5), respondents="甲公司").id
    record_excluded_period(sessions, case_id, "拍卖、变卖", D(2026, 5, 10), D(2026, 5, 11),
                           "网拍", 1, TODAY)  # fmt: skip
    dialog = _dialog(qtbot, sessions, case_id)
    assert dialog.windowTitle() == "案件详情 — （2026）吉0605执7号"
    assert dialog.fact_labels["due"].text() == "2026-06-08（剩余 7 日）"
    assert dialog.fact_labels["statutory"].text() == "2026-11-09（剩余 161 日）"
    assert "甲公司" in dialog.fact_labels["parties"].text()
    assert "王爱军" in dialog.history_view.toPlainText()  # actor id 1
    assert "拍卖、变卖 2026-05-10 至 2026-05-11" in dialog.history_view.toPlainText()
    assert dialog.missing_label.isHidden()
    assert dialog.buttons["transfer"].isEnabled()
    assert not dialog.buttons["end_suspension"].isEnabled()


def test_event_buttons_open_their_dialogs(qtbot, monkeypatch, sessions) -> None:
    with sessions.begin() as s:
        case_id = make_case(s, filing_date=D(2026, 5, 5)).id
    dialog = _dialog(qtbot, sessions, case_id)
    calls: list[str] = []

    def fake(name: str, result: object):
        return classmethod(lambda cls, *a, **k: (calls.append(name), result)[1])

    monkeypatch.setattr(ExclusionDialog, "ask", fake("exclusion", (False, None)))
    monkeypatch.setattr(ExtensionDialog, "ask", fake("extension", (True, "逾期申请")))
    monkeypatch.setattr(TransferDialog, "ask", fake("transfer", False))
    monkeypatch.setattr(ClosingDialog, "ask", fake("closing", False))
    monkeypatch.setattr(VoidDialog, "ask", fake("void", False))
    warnings: list[str] = []
    monkeypatch.setattr(dialog, "show_warning", warnings.append)
    for key in ("exclusion", "extension", "transfer", "closing", "void"):
        dialog.buttons[key].click()
    assert calls == ["exclusion", "extension", "transfer", "closing", "void"]
    assert warnings == ["逾期申请"] and dialog.changed
    dialog.buttons["retriage"].click()
    assert dialog.retriage and dialog.result() == dialog.DialogCode.Accepted


def test_a_period_over_days_already_excluded_is_confirmed_with_the_note(
    qtbot, monkeypatch, sessions
) -> None:
    with sessions.begin() as s:
        case_id = make_case(s, filing_date=D(2026, 5, 5)).id
    record_excluded_period(sessions, case_id, "拍卖、变卖", D(2026, 5, 10), D(2026, 5, 20),
                           "网拍", 1, TODAY)  # fmt: skip
    dialog = _dialog(qtbot, sessions, case_id)
    notes: list[str] = []
    monkeypatch.setattr(dialog, "show_note", notes.append)

    def ask(cls, s, c, actor, today, parent=None):
        exclusion = ExclusionDialog(s, c, actor, today, parent)
        qtbot.addWidget(exclusion)
        exclusion.kind_box.setCurrentText("暂缓执行")
        exclusion.start_edit.setDate(QDate(2026, 5, 12))
        exclusion.end_edit.setDate(QDate(2026, 5, 14))
        exclusion.reason_edit.setText("暂缓")
        exclusion.try_save()
        return exclusion.result() == QDialog.DialogCode.Accepted, exclusion.note

    monkeypatch.setattr(ExclusionDialog, "ask", classmethod(ask))
    due = dialog.fact_labels["due"].text()
    dialog.buttons["exclusion"].click()
    assert len(notes) == 1 and "这些日子此前已不计入期限" in notes[0]
    assert "到期日没有变化" in notes[0]
    assert dialog.changed and dialog.fact_labels["due"].text() == due
    assert "暂缓执行 2026-05-12 至 2026-05-14" in dialog.history_view.toPlainText()


def test_suspended_case_and_its_end(qtbot, monkeypatch, sessions) -> None:
    with sessions.begin() as s:
        case_id = make_case(s, filing_date=D(2026, 5, 5)).id
    record_excluded_period(sessions, case_id, "中止执行", D(2026, 5, 20), None, "破产", 1, TODAY)
    dialog = _dialog(qtbot, sessions, case_id)
    assert dialog.fact_labels["due"].text() == "期限中止（中止时剩余 16 日）"
    assert dialog.buttons["end_suspension"].isEnabled()
    seen: list[int] = []
    monkeypatch.setattr(
        EndSuspensionDialog, "ask", classmethod(lambda cls, s, p, *a: (seen.append(p), False)[1])
    )
    dialog.buttons["end_suspension"].click()
    assert seen == [dialog.detail.open_period_id]


def test_final_closing_shows_the_property_checks(qtbot, sessions) -> None:
    with sessions.begin() as s:
        case_id = make_case(s, filing_date=D(2026, 1, 5), track=Track.ORDINARY).id
    close_case(sessions, case_id, D(2026, 5, 6), "终结本次执行程序", 1,
               dict.fromkeys(FINAL_CONDITIONS, True), today=TODAY)  # fmt: skip
    dialog = _dialog(qtbot, sessions, case_id)
    assert dialog.fact_labels["checks"].text().startswith("下次核查 2026-11-06")
    assert not dialog.buttons["closing"].isEnabled()
    assert dialog.buttons["void"].isEnabled()


def test_missing_holiday_year_is_said(qtbot, sessions) -> None:
    with sessions.begin() as s:
        case_id = make_case(s, filing_date=D(2026, 10, 12), track=Track.ORDINARY).id
    dialog = _dialog(qtbot, sessions, case_id)
    assert not dialog.missing_label.isHidden()
    assert dialog.missing_label.text() == "2027年节假日安排尚未录入，到期日仅按周末顺延。"


def test_a_case_changed_by_another_clerk_is_refused_with_the_newer_state(
    qtbot, monkeypatch, sessions
) -> None:
    with sessions.begin() as s:
        case_id = make_case(s, filing_date=D(2026, 5, 5)).id
    dialog = _dialog(qtbot, sessions, case_id)
    # Another clerk, at another PC, closes the case while this window shows it open.
    close_case(sessions, case_id, D(2026, 5, 20), "执行完毕", 1, today=TODAY)
    shown: list[ClosingDialog] = []

    def ask(cls, s, c, actor, today, parent=None) -> bool:
        closing = ClosingDialog(s, c, actor, today, parent)
        qtbot.addWidget(closing)
        closing.try_save()  # the user presses 保存 in the closing dialog
        shown.append(closing)
        return False

    monkeypatch.setattr(ClosingDialog, "ask", classmethod(ask))
    dialog.buttons["closing"].setEnabled(True)
    dialog.buttons["closing"].click()
    message = shown[0].error_label.text()
    assert shown[0].error_label.isVisibleTo(shown[0])
    assert "已被 王爱军 于" in message and "结案" in message and "请刷新后重试" in message


def test_overdue_stands_out(qtbot, sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        late = make_case(s, "（2026）吉0605执8号", D(2026, 4, 20)).id  # due 05-20
        fine = make_case(s, "（2026）吉0605执9号", D(2026, 5, 20)).id
    dialog = _dialog(qtbot, sessions, late)
    label = dialog.fact_labels["due"]
    assert "已超期" in label.text()
    assert "#f6c4c0" in label.styleSheet() and "bold" in label.styleSheet()
    assert _dialog(qtbot, sessions, fine).fact_labels["due"].styleSheet() == ""
