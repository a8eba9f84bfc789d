"""终本财产核查 in the case detail: the schedule with each check's state, the dialog and its
refusals, the link between the 终本 case and its 执恢 case; the reminder settings dialog."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.case_detail_dialog import CaseDetailDialog
from gui.dialogs.property_check_dialog import PropertyCheckDialog
from gui.dialogs.reminder_settings_dialog import ReminderSettingsDialog
from model.cases.events.closing import FINAL_CONDITIONS, close_case
from model.cases.events.property_check import PROPERTY_FOUND
from model.entities import PropertyCheck, Track
from model.reports.reminder_settings import DUE_SOON, reminder_values
from tests.factories import make_case, person_by_name

D = dt.date
TODAY = D(2026, 11, 28)


def _final(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as s:
        case_id = make_case(s, "（2025）吉0605执8号", D(2025, 1, 2), Track.ORDINARY).id
    close_case(sessions, case_id, D(2025, 6, 10), "终结本次执行程序", None,
               dict.fromkeys(FINAL_CONDITIONS, True), today=D(2025, 6, 10))  # fmt: skip
    return case_id


def test_the_detail_shows_each_checks_state_and_records_one(qtbot, monkeypatch, sessions) -> None:
    case_id = _final(sessions)
    dialog = CaseDetailDialog(sessions, case_id, lambda: 1, TODAY)
    qtbot.addWidget(dialog)
    text = dialog.fact_labels["checks"].text()
    assert "第1次 2025-12-10 已逾期" in text and "第3次 2026-12-10 待核查" in text
    assert "第4次 2027-06-10 未到期" in text
    assert text.startswith("第1次核查（应于 2025-12-10）已逾期未登记")
    assert dialog.buttons["property_check"].isEnabled()

    def ask(cls, s, c, actor, today, parent=None):
        check = PropertyCheckDialog(s, c, actor, today, parent)
        qtbot.addWidget(check)
        check.result_box.setCurrentIndex(check.result_box.findData(PROPERTY_FOUND))
        check.try_save()
        return check.outcome

    monkeypatch.setattr(PropertyCheckDialog, "ask_outcome", classmethod(ask))
    said: list[str] = []
    monkeypatch.setattr(dialog, "show_info", said.append)
    dialog.buttons["property_check"].click()
    assert said and "（2026）吉0605执恢1号" in said[0]
    assert "第1次 2025-12-10 已核查（2026-11-28 发现可供执行财产）" in (
        dialog.fact_labels["checks"].text()
    )
    assert "第2次 2026-06-10 已恢复执行" in dialog.fact_labels["checks"].text()
    assert dialog.fact_labels["checks"].text().startswith("已恢复执行，不再核查")
    assert "（2026）吉0605执恢1号" in dialog.fact_labels["link"].text()
    assert not dialog.buttons["property_check"].isEnabled()
    resumed = dialog.fact_labels["link"].text()
    assert resumed
    with sessions() as s:
        new_id = s.scalar(select(PropertyCheck.resumed_case_id))
    other = CaseDetailDialog(sessions, new_id, lambda: 1, TODAY)
    qtbot.addWidget(other)
    assert other.fact_labels["link"].text() == "恢复执行自终本案件 （2025）吉0605执8号"


def test_a_refused_check_is_shown_and_nothing_written(qtbot, sessions) -> None:
    case_id = _final(sessions)
    dialog = PropertyCheckDialog(sessions, case_id, 1, TODAY)
    qtbot.addWidget(dialog)
    dialog.day_edit.setDate(dialog.day_edit.date().addYears(-2))  # 2024: before the closing
    dialog.try_save()
    assert dialog.error_label.isVisibleTo(dialog)
    assert "不能早于终本结案日期（2025-06-10）" in dialog.error_label.text()
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(PropertyCheck)) == 0


def test_reminder_settings_saved_by_the_chief_refused_for_a_judge(qtbot, sessions) -> None:
    with sessions() as s:
        chief, judge = person_by_name(s, "王爱军").id, person_by_name(s, "战殿有").id
    dialog = ReminderSettingsDialog(sessions, judge)
    qtbot.addWidget(dialog)
    assert dialog.edits[DUE_SOON].text() == "7"
    dialog.edits[DUE_SOON].setText("10")
    dialog.try_save()
    assert "无权" in dialog.error_label.text()
    dialog = ReminderSettingsDialog(sessions, chief)
    qtbot.addWidget(dialog)
    dialog.edits[DUE_SOON].setText("十")
    dialog.try_save()
    assert "0 至 90 的整数" in dialog.error_label.text()
    dialog.edits[DUE_SOON].setText("10")
    dialog.try_save()
    assert dialog.result() == dialog.DialogCode.Accepted
    with sessions() as s:
        assert reminder_values(s)[DUE_SOON] == "10"
