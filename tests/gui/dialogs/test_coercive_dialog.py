"""登记强制措施 through the window: the police officer's button, the dialog, a refusal."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.case_detail_dialog import CaseDetailDialog
from gui.dialogs.coercive_dialog import CoerciveDialog
from model.entities import CoerciveMeasure, HistoryEntry, Person
from tests.factories import make_case

D = dt.date
TODAY = D(2026, 4, 1)


def person(sessions: sessionmaker[Session], name: str) -> int:
    with sessions() as s:
        return s.scalar(select(Person.id).where(Person.name == name))  # type: ignore[return-value]


def new_case(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as s:
        return make_case(s, filing_date=D(2026, 3, 2)).id  # 第一办案组: police 邹本刚


def count(sessions: sessionmaker[Session]) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(CoerciveMeasure)) or 0


def test_the_groups_officer_comes_first_and_a_measure_is_saved(qtbot, sessions) -> None:
    case_id = new_case(sessions)
    police = person(sessions, "邹本刚")
    dialog = CoerciveDialog(sessions, case_id, police, TODAY)
    qtbot.addWidget(dialog)
    assert dialog.officer_box.currentText() == "邹本刚"
    assert dialog.officer_box.count() == 3
    dialog.kind_box.setCurrentText("扣押")
    dialog.day_edit.setDate(QDate(2026, 4, 2))  # tomorrow: refused, nothing written
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert "执行日期" in dialog.error_label.text() and not dialog.error_label.isHidden()
    assert count(sessions) == 0
    dialog.day_edit.setDate(QDate(2026, 3, 30))
    dialog.note_edit.setText("扣押车辆一台")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    with sessions() as s:
        lines = list(s.scalars(select(HistoryEntry.summary)))
    assert any("强制措施：扣押（2026-03-30，司法警察 邹本刚），扣押车辆一台" in x for x in lines)


def test_the_button_is_for_police_and_leaders_not_clerks(qtbot, monkeypatch, sessions) -> None:
    case_id = new_case(sessions)
    police, clerk = person(sessions, "邹本刚"), person(sessions, "高博")
    as_clerk = CaseDetailDialog(sessions, case_id, lambda: clerk, TODAY)
    qtbot.addWidget(as_clerk)
    assert not as_clerk.buttons["coercive"].isEnabled()
    assert as_clerk.buttons["coercive"].toolTip()  # says why
    as_police = CaseDetailDialog(sessions, case_id, lambda: police, TODAY)
    qtbot.addWidget(as_police)
    assert as_police.buttons["coercive"].isEnabled()
    asked: list[int] = []
    monkeypatch.setattr(
        CoerciveDialog, "ask", classmethod(lambda cls, s, cid, *a: (asked.append(cid), True)[1])
    )
    as_police.buttons["coercive"].click()
    assert asked == [case_id] and as_police.changed
