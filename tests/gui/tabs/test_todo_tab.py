"""The 待办 tab: grouped items, Enter and double-click open the case, the item's action one
click away (a property check that resumes enforcement), and the window opening on it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.case_detail_dialog import CaseDetailDialog, DetailOutcome
from gui.dialogs.property_check_dialog import PropertyCheckDialog
from gui.main_window import MainWindow
from gui.tabs.todo_tab import TodoTab
from model.cases.events.closing import FINAL_CONDITIONS, close_case
from model.cases.events.property_check import PROPERTY_FOUND
from model.entities import Case, Track
from model.reports.reminders import ReminderKind
from tests.factories import make_case, person_by_name

D = dt.date
TODAY = D(2026, 11, 28)


def _seed(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions.begin() as s:
        final = make_case(
            s,
            "（2025）吉0605执8号",
            D(2025, 1, 2),
            Track.ORDINARY,
            respondents="长白山木业有限公司",
        ).id  # 姜福义
        soon = make_case(s, "（2026）吉0605执9号", D(2026, 11, 2)).id  # 第一办案组, 王爱军
    close_case(sessions, final, D(2026, 6, 10), "终结本次执行程序", None,
               dict.fromkeys(FINAL_CONDITIONS, True), today=D(2026, 6, 10))  # fmt: skip
    return {"final": final, "soon": soon}


def _tab(qtbot, sessions: sessionmaker[Session], name: str = "王爱军") -> TodoTab:
    with sessions() as s:
        person = person_by_name(s, name).id
    tab = TodoTab(sessions, lambda: person, today=lambda: TODAY)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: not tab.loading() and tab.refresh_button.isEnabled())
    return tab


def _texts(tab: TodoTab, column: int = 0) -> list[str]:
    return [tab.model.index(r, column).data() for r in range(tab.model.rowCount())]


def test_the_chief_sees_everyone_grouped_by_judge(qtbot, sessions) -> None:
    _seed(sessions)
    tab = _tab(qtbot, sessions)
    assert _texts(tab) == [
        "王爱军（3 项）",
        "临期",
        "移交或结案",
        "节假日",
        "姜福义（1 项）",
        "终本复查",
    ]
    assert tab.view.columnSpan(0, 0) == tab.model.columnCount()  # a heading spans the table
    assert "共 4 项" in tab.summary_label.text()
    assert "各承办法官：王爱军 3，姜福义 1" in tab.summary_label.text()
    row = _texts(tab).index("终本复查")
    assert tab.model.index(row, 1).data() == "（2025）吉0605执8号"
    assert "长白山木业有限公司" in tab.model.index(row, 2).data()
    assert "2026-12-10" in tab.model.index(row, 3).data()
    assert tab.model.index(row, 4).data() == "2026-12-10"
    assert tab.model.index(row, 6).data() == "姜福义"


def test_a_judge_sees_their_own_grouped_by_kind(qtbot, sessions) -> None:
    _seed(sessions)
    tab = _tab(qtbot, sessions, "姜福义")  # 副局长: sees all, by judge
    assert _texts(tab)[0] == "王爱军（3 项）"
    tab = _tab(qtbot, sessions, "战殿有")
    assert _texts(tab) == []
    assert "没有待办事项" in tab.summary_label.text()
    tab = _tab(qtbot, sessions, "高博")  # clerk of 第一办案组 and of the ordinary team
    assert _texts(tab) == ["临期（1 项）", "临期", "移交或结案（1 项）", "移交或结案",
                           "终本复查（1 项）", "终本复查"]  # fmt: skip


def test_enter_and_double_click_open_the_case(qtbot, monkeypatch, sessions) -> None:
    cases = _seed(sessions)
    tab = _tab(qtbot, sessions)
    opened: list[int] = []
    monkeypatch.setattr(
        CaseDetailDialog,
        "ask",
        classmethod(
            lambda cls, s, case_id, *a: (opened.append(case_id), DetailOutcome(False, False))[1]
        ),
    )
    tab.show()
    assert tab.select_case(cases["final"])
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert opened == [cases["final"]]
    row = tab.model.row_of_case(cases["soon"])
    rect = tab.view.visualRect(tab.model.index(row, 1))
    viewport, left = tab.view.viewport(), Qt.MouseButton.LeftButton
    qtbot.mouseClick(viewport, left, pos=rect.center())  # a double-click's first press
    qtbot.mouseDClick(viewport, left, pos=rect.center())
    assert opened == [cases["final"], cases["soon"]]


def test_a_property_check_that_finds_property_becomes_a_resumed_case(
    qtbot, monkeypatch, sessions
) -> None:
    cases = _seed(sessions)
    tab = _tab(qtbot, sessions)
    assert tab.select_case(cases["final"])
    assert tab.current().kind is ReminderKind.PROPERTY_CHECK  # type: ignore[union-attr]
    button = tab.action_buttons[0]
    assert button.text() == "登记财产核查…" and button.isEnabled() and not button.isHidden()

    def ask(cls, s, case_id, actor, today, parent=None):
        dialog = PropertyCheckDialog(s, case_id, actor, today, parent)
        qtbot.addWidget(dialog)
        dialog.result_box.setCurrentIndex(dialog.result_box.findData(PROPERTY_FOUND))
        dialog.note_edit.setText("发现被执行人名下车辆一辆")
        dialog.try_save()
        return dialog.outcome

    monkeypatch.setattr(PropertyCheckDialog, "ask_outcome", classmethod(ask))
    said: list[str] = []
    monkeypatch.setattr(tab, "show_message", lambda title, text: said.append(text))
    with qtbot.waitSignal(tab.data_changed):
        button.click()
    qtbot.waitUntil(lambda: "终本复查" not in _texts(tab))  # the cause is gone
    assert said and "（2026）吉0605执恢1号" in said[0]
    with sessions() as s:
        resumed = s.scalar(select(Case).where(Case.type_code == "执恢"))
        assert resumed is not None and resumed.filing_date == TODAY
        assert resumed.judge_id is not None


def test_transfer_or_close_offers_both(qtbot, sessions) -> None:
    cases = _seed(sessions)
    tab = _tab(qtbot, sessions)
    row = _texts(tab).index("移交或结案")
    tab.view.selectRow(row)
    assert [b.text() for b in tab.action_buttons] == ["移交普执团队…", "结案…"]
    assert tab.current().case_id == cases["soon"]  # type: ignore[union-attr]
    tab.view.selectRow(0)  # a heading: nothing to act on
    assert not tab.open_button.isEnabled()


def test_the_window_opens_on_todo_with_the_count(qtbot, store, qsettings) -> None:
    _seed(store.sessions)
    window = MainWindow(store, qsettings)
    qtbot.addWidget(window)
    window.show()
    assert window.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: window.tabs.tabText(0).startswith("待办（"))
    assert window.tabs.tabText(0) == f"待办（{len(window.todo_tab.reminders)}）"


def test_a_list_read_sets_the_buttons_once_and_they_follow_the_selected_item(
    qtbot, sessions, monkeypatch
) -> None:
    """Each action button's permission is a query: a read sets them once, not twice."""
    _seed(sessions)
    updates: list[None] = []
    original = TodoTab._update_buttons

    def counted(self: TodoTab) -> None:
        updates.append(None)
        original(self)

    monkeypatch.setattr(TodoTab, "_update_buttons", counted)
    tab = _tab(qtbot, sessions)
    assert len(updates) == 1
    assert tab.current() is not None and tab.action_buttons[0].text() == "结案…"  # 临期
    updates.clear()
    with qtbot.waitSignal(tab.loaded):
        tab.refresh()  # the same list again: the same item selected, the buttons set once
    assert len(updates) == 1 and tab.action_buttons[0].text() == "结案…"
    tab.view.selectRow(_texts(tab).index("终本复查"))
    assert tab.action_buttons[0].text() == "登记财产核查…"
