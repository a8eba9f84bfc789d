"""执行到位款 through the window: the dialog refuses bad amounts, the detail lists and totals."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.case_detail_dialog import CaseDetailDialog
from gui.dialogs.closing_dialog import ClosingDialog
from gui.dialogs.payment_dialog import PaymentDialog
from model.cases.events.payment import record_payment
from model.entities import Payment, Person
from tests.factories import make_case

D = dt.date
TODAY = D(2026, 4, 1)


def person(sessions: sessionmaker[Session], name: str) -> int:
    with sessions() as s:
        return s.scalar(select(Person.id).where(Person.name == name))  # type: ignore[return-value]


def new_case(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as s:
        return make_case(s, filing_date=D(2026, 3, 2)).id


def count(sessions: sessionmaker[Session]) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(Payment)) or 0


def click_ok(dialog: PaymentDialog) -> None:
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()


def test_bad_amounts_stay_in_the_dialog_and_a_good_one_is_saved(qtbot, sessions) -> None:
    case_id = new_case(sessions)
    clerk = person(sessions, "高博")
    dialog = PaymentDialog(sessions, case_id, clerk, TODAY)
    qtbot.addWidget(dialog)
    assert dialog.total_label.text() == "0.00 元"
    for text, message in (("12.345", "超过两位小数"), ("-3", "不能为负数"), ("三百", "不是数字")):
        dialog.amount_edit.setText(text)
        click_ok(dialog)
        assert message in dialog.error_label.text() and not dialog.error_label.isHidden()
    assert count(sessions) == 0
    dialog.amount_edit.setText("3,000.5")
    dialog.day_edit.setDate(QDate(2026, 3, 30))
    dialog.note_edit.setText("扣划存款")
    click_ok(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with sessions() as s:
        paid = s.scalars(select(Payment)).one()
    assert (paid.amount_fen, paid.received_on, paid.note) == (300050, D(2026, 3, 30), "扣划存款")


def test_the_detail_lists_the_money_and_a_paid_in_full_closing_shows_it(
    qtbot, monkeypatch, sessions
) -> None:
    case_id = new_case(sessions)
    clerk = person(sessions, "高博")
    record_payment(sessions, case_id, D(2026, 3, 10), "100", "首期", clerk, TODAY)
    record_payment(sessions, case_id, D(2026, 3, 20), "0.5", "", clerk, TODAY)
    detail = CaseDetailDialog(sessions, case_id, lambda: clerk, TODAY)
    qtbot.addWidget(detail)
    assert detail.fact_labels["payments"].text() == (
        "2026-03-10 100.00 元（首期）；2026-03-20 0.50 元。合计执行到位 100.50 元。"
    )
    asked: list[int] = []
    monkeypatch.setattr(
        PaymentDialog, "ask", classmethod(lambda cls, s, cid, *a: (asked.append(cid), True)[1])
    )
    assert detail.buttons["payment"].isEnabled()
    detail.buttons["payment"].click()
    assert asked == [case_id] and detail.changed
    closing = ClosingDialog(sessions, case_id, clerk, TODAY)
    qtbot.addWidget(closing)
    closing.method_box.setCurrentText("执行完毕")
    assert closing.received_label.text() == "已登记执行到位款 100.50 元"
    assert not closing.received_label.isHidden()
    closing.method_box.setCurrentText("终结执行")
    assert closing.received_label.isHidden()
    closing.method_box.setCurrentText("执行完毕")
    click_ok(closing)  # type: ignore[arg-type]
    detail.reload()
    assert detail.fact_labels["closing"].text() == "2026-04-01 执行完毕（执行到位 100.50 元）"


def test_police_see_the_button_disabled_with_the_reason(qtbot, sessions) -> None:
    case_id = new_case(sessions)
    police = person(sessions, "邹本刚")
    detail = CaseDetailDialog(sessions, case_id, lambda: police, TODAY)
    qtbot.addWidget(detail)
    assert not detail.buttons["payment"].isEnabled()
    assert "登记执行到位款" in detail.buttons["payment"].toolTip()
