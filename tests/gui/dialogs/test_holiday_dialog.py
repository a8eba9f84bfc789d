"""The holiday calendar editor: list a year, add an arrangement, mark it complete, remove."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.holiday_dialog import HolidayDialog
from model.calendar.holidays import holiday_days
from model.calendar.workdays import load_calendar

D = dt.date


def _dialog(qtbot, sessions: sessionmaker[Session]) -> HolidayDialog:
    dialog = HolidayDialog(sessions, today=D(2026, 11, 28))
    qtbot.addWidget(dialog)
    return dialog


def test_lists_a_seeded_year(qtbot, sessions: sessionmaker[Session]) -> None:
    dialog = _dialog(qtbot, sessions)
    assert dialog.year_box.value() == 2027 and dialog.model.rowCount() == 0
    dialog.year_box.setValue(2026)
    assert dialog.complete_box.isChecked()
    texts = [dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())]
    assert "2026-10-07" in texts
    row = texts.index("2026-10-10")
    assert dialog.model.index(row, 2).data() == "调休上班"
    assert dialog.model.index(row, 1).data() == "星期六"


def test_add_a_new_year(qtbot, sessions: sessionmaker[Session]) -> None:
    dialog = _dialog(qtbot, sessions)
    dialog.name_edit.setText("春节")
    dialog.days_edit.setPlainText("2027-02-06至2027-02-08, 2027-02-10")
    dialog.add_button.click()
    assert dialog.error_label.isHidden()
    assert dialog.model.rowCount() == 4 and dialog.changed
    dialog.kind_box.setCurrentIndex(1)
    dialog.days_edit.setPlainText("2027-02-09")  # a Tuesday: not a make-up day
    dialog.add_button.click()
    assert "调休上班日应为周六或周日" in dialog.error_label.text()
    assert len(holiday_days(sessions, 2027)) == 4
    dialog.complete_box.setChecked(True)
    with sessions() as s:
        assert 2027 in load_calendar(s).known_years
    dialog.view.selectRow(0)
    dialog.remove_button.click()
    assert dialog.model.rowCount() == 3


def test_model_passes_the_model_tester(qtmodeltester, qtbot, sessions) -> None:
    dialog = _dialog(qtbot, sessions)
    dialog.year_box.setValue(2026)
    qtmodeltester.check(dialog.model)
