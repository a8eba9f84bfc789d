"""收案 by keyboard: a whole ordinary intake typed and counted, and the keys that make it short."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from gui.tabs.intake_tab import IntakeTab
from model.entities import Case, Person, Track, TriageDecision

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def tab(qtbot, sessions: sessionmaker[Session]) -> IntakeTab:
    with sessions() as s:
        clerk = s.scalar(select(Person.id).where(Person.name == "高博"))
    widget = IntakeTab(sessions, lambda: clerk, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(widget.form.number_edit.hasFocus)
    return widget


class Keyboard:
    """Keys sent to whatever has the focus, counted as a clerk would press them."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.count = 0

    def press(self, *keys: Qt.Key | str) -> None:
        for key in keys:
            focused = QApplication.focusWidget()
            assert focused is not None
            self.qtbot.keyClick(focused, key)
            self.count += 1

    def chord(self, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
        focused = QApplication.focusWidget()
        self.qtbot.keyClick(focused, key, modifier)
        self.count += 1

    def type(self, text: str) -> None:
        for char in text:
            self.press(char)

    def commit(self, text: str) -> None:
        """Chinese text as the input method commits it (names: outside the count)."""
        focused = QApplication.focusWidget()
        assert isinstance(focused, QLineEdit)
        focused.insert(text)


def test_ordinary_intake_with_keys_only(qtbot, tab: IntakeTab, sessions) -> None:
    """The README's figure: the keys of a complete ordinary intake after the suffix and
    the parties' names (target ≤ 30)."""
    keys = Keyboard(qtbot)
    assert tab.form.number_edit.text() == "（2026）吉0605执"  # court code and year filled in
    keys.type("123")  # the suffix
    suffix = keys.count
    keys.press(Qt.Key.Key_Return)  # → 立案日期 (today)
    assert tab.form.date_edit.hasFocus()
    keys.press(Qt.Key.Key_Tab)  # one Tab leaves the date
    assert tab.form.applicants.first_edit().hasFocus()
    keys.commit("张三")
    keys.press(Qt.Key.Key_Return)  # → 被执行人 (the applicant count follows the names)
    assert tab.form.respondents.first_edit().hasFocus()
    keys.commit("李四")
    keys.press(Qt.Key.Key_Return)  # → 标的额
    assert tab.form.amount_edit.hasFocus()
    keys.type("50000")
    keys.press(Qt.Key.Key_Return)  # → 执行依据 (optional)
    keys.press(Qt.Key.Key_Return)  # → 案由 (optional)
    keys.press(Qt.Key.Key_Return)  # → 执行依据类别 (其他 until chosen)
    assert tab.form.basis_kind_box.hasFocus()
    keys.press(Qt.Key.Key_Home)  # 民事判决书, the first of the list
    assert tab.form.basis_kind_box.currentText() == "民事判决书"
    keys.press(Qt.Key.Key_Return)  # → 按代码勾选
    assert tab.checklist.code_edit.hasFocus()
    keys.type("o1s2")  # two criteria by their codes
    assert tab.checklist.ticked() == {"O1", "S2"}
    keys.press(Qt.Key.Key_Return)  # → 分案, the suggestion preselected
    assert tab.panel.assign_combo.hasFocus()
    assert "（建议）" in tab.panel.assign_combo.currentText()
    with qtbot.waitSignal(tab.data_changed):
        keys.press(Qt.Key.Key_Return)  # saves
    after_names = keys.count - suffix
    assert after_names == 20  # README "日常操作" gives this figure
    assert after_names <= 30
    with sessions() as s:
        case = s.scalars(select(Case)).one()
        assert case.number == "（2026）吉0605执123号"
        assert case.applicant_names == "张三" and case.respondent_names == "李四"
        assert case.amount == 50000
        assert case.track is Track.ORDINARY and case.judge is not None
        assert case.basis_kind == "民事判决书"
        assert set(s.scalars(select(TriageDecision)).one().ticked) == {"O1", "S2"}
    assert tab.form.number_edit.hasFocus()  # ready for the next case


def test_default_handler_is_always_the_new_suggestion(qtbot, tab: IntakeTab, sessions) -> None:
    """A case saved to a judge other than the suggestion does not carry over to the next
    form: the next form preselects the suggestion of the loads as they now are."""
    tab.form.number_edit.setText("（2026）吉0605执1号")
    tab.form.applicants.first_edit().setText("张三")
    tab.form.respondents.first_edit().setText("李四")
    tab.checklist.code_edit.setText("O1")
    combo = tab.panel.assign_combo
    assert combo.currentText() == "王爱军 — 在办 0 件（建议）"
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the clerk picks 姜福义 instead
    assert combo.currentText().startswith("姜福义")
    with qtbot.waitSignal(tab.data_changed):
        tab.save_button.click()
    tab.form.number_edit.setText("（2026）吉0605执2号")
    tab.form.applicants.first_edit().setText("王五")
    tab.form.respondents.first_edit().setText("赵六")
    tab.checklist.code_edit.setText("O1")
    assert combo.currentText().endswith("在办 0 件（建议）")  # not 姜福义 (1 case)
    assert not combo.currentText().startswith("姜福义")
    with qtbot.waitSignal(tab.data_changed):
        tab.save_button.click()
    tab.checklist.code_edit.setText("O2")
    assert combo.currentText().endswith("在办 0 件（建议）")


def test_a_hand_picked_handler_survives_a_change_within_the_team(qtbot, tab: IntakeTab) -> None:
    tab.checklist.code_edit.setText("O1")
    combo = tab.panel.assign_combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    tab.checklist.code_edit.setText("O1 X2")  # special: still the ordinary team
    assert combo.currentText().startswith("姜福义")


def test_codes_tick_and_untick_as_typed(qtbot, tab: IntakeTab) -> None:
    edit = tab.checklist.code_edit
    qtbot.keyClicks(edit, "s2 x1")
    assert tab.checklist.ticked() == {"S2", "X1"}
    assert tab.panel.track_label.text() == "特殊案件 → 执行普执团队"
    edit.setText("s2")
    assert tab.checklist.ticked() == {"S2"}
    qtbot.keyClicks(edit, " s9")
    assert tab.checklist.code_hint.isVisible() and "S9" in tab.checklist.code_hint.text()
    tab.new_case()
    assert edit.text() == "" and tab.checklist.ticked() == set()


def test_number_prefix_and_its_completion(qtbot, tab: IntakeTab) -> None:
    edit = tab.form.number_edit
    qtbot.keyClicks(edit, "7")
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.text() == "（2026）吉0605执7号"  # 号 added on leaving
    assert "序号 7" in tab.form.parsed_label.text()
    edit.setText("（2026）吉0605执")
    edit.end(False)
    edit.insert("保")
    qtbot.keyClicks(edit, "12")
    assert tab.form.draft().number == "（2026）吉0605执保12号"
    edit.setText("（2026）吉0605执")
    edit.end(False)
    qtbot.keyClicks(edit, "(2025)")  # a whole number typed over the prefix replaces it
    assert edit.text() == "(2025)"


def test_the_bare_prefix_is_no_case_number_yet(qtbot, tab: IntakeTab) -> None:
    assert tab.form.is_blank()
    assert tab.form.draft().number == ""
    tab.save_button.click()
    assert "请填写案号" in tab.form.errors["number"].text()
