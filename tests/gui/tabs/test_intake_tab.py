"""收案 tab through the GUI: a full intake per track, live proposal, override, refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from gui.tabs.intake_tab import IntakeTab
from model.entities import (
    Assignment,
    Case,
    HistoryEntry,
    Party,
    Person,
    Track,
    TriageDecision,
)

TODAY = dt.date(2026, 3, 2)
TABLES = (Case, Party, TriageDecision, Assignment, HistoryEntry)


@pytest.fixture
def actor(sessions: sessionmaker[Session]) -> int:
    with sessions() as s:
        return s.scalar(select(Person.id).where(Person.name == "高博"))  # type: ignore[return-value]


@pytest.fixture
def tab(qtbot, sessions: sessionmaker[Session], actor: int) -> IntakeTab:
    widget = IntakeTab(sessions, lambda: actor, today=lambda: TODAY)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def counts(sessions: sessionmaker[Session]) -> list[int]:
    with sessions() as s:
        return [s.scalar(select(func.count()).select_from(t)) or 0 for t in TABLES]


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    """Type like a clerk: QTest sends ASCII keys; other characters arrive as an input
    method commits them (QTest cannot send keys it has no key code for)."""
    edit.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClicks(edit, char)
        else:
            edit.insert(char)


def fill(
    qtbot,
    tab: IntakeTab,
    number: str = "(2026)吉0605执123号",
    amount: str = "50000",
    kind: str = "自然人",
) -> None:
    form = tab.form
    type_into(qtbot, form.number_edit, number)
    type_into(qtbot, form.applicants.first_edit(), "张三")
    type_into(qtbot, form.respondents.first_edit(), "李四")
    combo = form.respondents.edits()[1]
    combo.setCurrentText(kind)  # type: ignore[attr-defined]
    type_into(qtbot, form.amount_edit, amount)
    type_into(qtbot, form.basis_edit, "（2025）吉0605民初88号民事判决书")
    type_into(qtbot, form.cause_edit, "借款合同纠纷")


def tick(qtbot, tab: IntakeTab, *codes: str) -> None:
    for code in codes:
        qtbot.mouseClick(tab.checklist.box(code), Qt.MouseButton.LeftButton)


def test_simple_intake_by_keyboard(qtbot, tab: IntakeTab, sessions, actor: int) -> None:
    fill(qtbot, tab)
    assert "类型代字 执" in tab.form.parsed_label.text()
    assert "年份 2026" in tab.form.parsed_label.text()
    tick(qtbot, tab, "S2")
    assert tab.panel.track_label.text() == "简易案件 → 执行速执团队"
    assert "团队期限 1 个月" in tab.panel.limits_label.text()
    assert "法定期限 6 个月" in tab.panel.limits_label.text()
    assert "S2" in tab.panel.deciding_label.text()
    assert not tab.panel.chief_label.isVisible()
    assert tab.panel.assign_combo.currentText() == "第一办案组（王爱军） — 在办 0 件（建议）"
    with qtbot.waitSignal(tab.data_changed):
        qtbot.keyClick(tab.form.cause_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert tab.confirm_label.text().startswith(
        "已保存：（2026）吉0605执123号 → 第一办案组（王爱军）"
    )
    assert tab.form.number_edit.text() == "（2026）吉0605执"  # the next case: prefix only
    assert tab.form.number_edit.hasFocus()
    with sessions() as s:
        case = s.scalars(select(Case)).one()
        assert case.track is Track.SIMPLE and case.group.name == "第一办案组"
        assert case.created_by_id == actor
        assert s.scalars(select(TriageDecision.decided_by_id)).one() == actor
    # the load is now shown beside the choice
    tick(qtbot, tab, "S1")
    assert tab.panel.assign_combo.itemText(0) == "第一办案组（王爱军） — 在办 1 件"
    assert "第二办案组" in tab.panel.assign_combo.currentText()
    with qtbot.waitSignal(tab.open_in_deadlines) as opened:
        tab.confirm_label.linkActivated.emit("open")
    assert opened.args == [case.id]


def test_enter_on_the_last_field_saves(qtbot, tab: IntakeTab, sessions) -> None:
    fill(qtbot, tab)
    tick(qtbot, tab, "O1")
    tab.panel.assign_combo.setFocus()
    with qtbot.waitSignal(tab.data_changed):
        qtbot.keyClick(tab.panel.assign_combo, Qt.Key.Key_Return)
    with sessions() as s:
        case = s.scalars(select(Case)).one()
        assert case.track is Track.ORDINARY and case.team.name == "执行普执团队"
        assert case.judge.name == "王爱军"


def test_ordinary_intake_picks_another_judge(qtbot, tab: IntakeTab, sessions) -> None:
    fill(qtbot, tab)
    tick(qtbot, tab, "S1", "O5")
    assert tab.panel.track_label.text() == "普通案件 → 执行普执团队"
    assert "团队期限 6 个月" in tab.panel.limits_label.text()
    texts = [tab.panel.assign_combo.itemText(i) for i in range(tab.panel.assign_combo.count())]
    assert texts == ["王爱军 — 在办 0 件（建议）", "姜福义 — 在办 0 件", "战殿有 — 在办 0 件"]
    tab.panel.assign_combo.setCurrentIndex(2)
    with qtbot.waitSignal(tab.data_changed):
        tab.save_button.click()
    assert "→ 战殿有" in tab.confirm_label.text()
    with sessions() as s:
        assignment = s.scalars(select(Assignment)).one()
        assert assignment.judge_id != assignment.suggested_judge_id


def test_special_intake_is_marked_for_the_chief(qtbot, tab: IntakeTab, sessions) -> None:
    fill(qtbot, tab, amount="1,500,000")
    assert tab.checklist.box("X1").isChecked()  # pre-ticked from the amount
    assert "（建议）" in tab.checklist.label("X1").text()
    assert tab.panel.track_label.text() == "特殊案件 → 执行普执团队"
    assert tab.panel.chief_label.isVisible()
    with qtbot.waitSignal(tab.data_changed):
        tab.save_button.click()
    with sessions() as s:
        decision = s.scalars(select(TriageDecision)).one()
        assert decision.final_track is Track.SPECIAL and decision.suggested == ["X1"]


def test_prefill_follows_the_data_and_can_be_unticked(qtbot, tab: IntakeTab) -> None:
    fill(qtbot, tab, number="(2026)吉0605执保7号", kind="党政机关")
    assert tab.checklist.ticked() == {"S5", "O4"}
    assert tab.panel.track_label.text() == "普通案件 → 执行普执团队"
    tick(qtbot, tab, "O4")  # the clerk unticks the suggestion
    assert tab.checklist.ticked() == {"S5"}
    assert tab.panel.track_label.text() == "简易案件 → 执行速执团队"
    assert "（建议）" in tab.checklist.label("O4").text()
    tab.form.amount_edit.setText("2000000")
    assert tab.checklist.ticked() == {"S5", "X1"}  # a new suggestion; O4 stays as chosen
    tab.form.amount_edit.setText("20")
    assert tab.checklist.ticked() == {"S5"}


def test_nothing_ticked_is_ordinary_by_o6(qtbot, tab: IntakeTab) -> None:
    fill(qtbot, tab)
    assert tab.panel.track_label.text() == "普通案件 → 执行普执团队"
    assert "未勾选任何标准" in tab.panel.deciding_label.text()
    assert "O6" in tab.panel.deciding_label.text()


def test_override_without_then_with_reason(qtbot, tab: IntakeTab, sessions) -> None:
    fill(qtbot, tab)
    tick(qtbot, tab, "S3")
    tab.panel.override_combo.setCurrentIndex(tab.panel.override_combo.findData("ordinary"))
    assert "已调整" in tab.panel.track_label.text()
    assert tab.panel.reason_edit.isEnabled()
    assert "王爱军 — 在办 0 件" in tab.panel.assign_combo.currentText()
    before = counts(sessions)
    tab.save_button.click()
    assert tab.panel.reason_error.isVisible()
    assert "调整理由" in tab.panel.reason_error.text()
    assert "调整理由" in tab.status_label.text()
    assert "调整理由" in tab.save_button.toolTip()
    assert counts(sessions) == before
    type_into(qtbot, tab.panel.reason_edit, "被执行人有房产需处分")
    with qtbot.waitSignal(tab.data_changed):
        tab.save_button.click()
    with sessions() as s:
        decision = s.scalars(select(TriageDecision)).one()
        assert decision.proposed_track is Track.SIMPLE
        assert decision.final_track is Track.ORDINARY
        assert decision.override_reason == "被执行人有房产需处分"


@pytest.mark.parametrize(
    ("field", "setup", "fragment"),
    [
        (
            "filing_date",
            lambda t: t.form.date_edit.setDate(t.form.date_edit.date().addDays(1)),
            "不能晚于今天",
        ),
        ("amount", lambda t: t.form.amount_edit.setText("-100"), "不能为负数"),
        ("amount", lambda t: t.form.amount_edit.setText("十万"), "必须是数字"),
        ("number", lambda t: t.form.number_edit.setText("(2026)吉0605执12a号"), "序号有误"),
        ("number", lambda t: t.form.number_edit.setText("(26)吉0605执123号"), "年份"),
        (
            "applicant_count",
            lambda t: (t.form.applicants.add_row("王五"), t.form.count_spin.setValue(1)),
            "少于",
        ),
    ],
)
def test_refusals_show_in_place_and_write_nothing(
    qtbot,
    tab: IntakeTab,
    sessions,
    field: str,
    setup,
    fragment: str,
) -> None:
    fill(qtbot, tab)
    tick(qtbot, tab, "S2")
    setup(tab)
    before = counts(sessions)
    tab.save_button.click()
    label = tab.form.errors[field]
    assert label.isVisible()
    assert fragment in label.text()
    assert tab.status_label.text().startswith("未保存")
    assert counts(sessions) == before


def test_duplicate_number_is_refused(qtbot, tab: IntakeTab, sessions) -> None:
    fill(qtbot, tab)
    with qtbot.waitSignal(tab.data_changed):
        tab.save_button.click()
    before = counts(sessions)
    fill(qtbot, tab, number="（2026）吉0605执１２３号")
    assert "已经收案" in tab.form.errors["number"].text()
    assert tab.form.errors["number"].isVisible()  # shown as soon as typed
    tab.save_button.click()
    assert counts(sessions) == before


def test_empty_form_explains_what_is_missing(qtbot, tab: IntakeTab, sessions) -> None:
    assert not tab.form.errors["number"].isVisible()  # nothing shouted before typing
    assert "案号" in tab.save_button.toolTip()
    assert "申请执行人" in tab.missing_label.text()
    tab.save_button.click()
    assert "请填写案号" in tab.form.errors["number"].text()
    assert tab.form.number_edit.hasFocus()
    assert counts(sessions) == [0, 0, 0, 0, 0]


def test_foreign_court_warning(qtbot, tab: IntakeTab) -> None:
    type_into(qtbot, tab.form.number_edit, "(2026)辽0102执协5号")
    warning = tab.form.warnings["number"]
    assert warning.isVisible() and "辽0102" in warning.text()


def test_tab_order_runs_from_number_to_save(qtbot, tab: IntakeTab) -> None:
    chain: list[QWidget] = [tab.form.number_edit]
    widget = tab.form.number_edit
    for _ in range(60):
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widget = widget.nextInFocusChain()
        chain.append(widget)
        if widget is tab.save_button:
            break
    assert chain[1] is tab.form.date_edit
    assert tab.form.amount_edit in chain and tab.checklist.code_edit in chain
    assert tab.checklist.box("X3") not in chain  # ticked by typing codes, or clicked
    assert chain.index(tab.form.cause_edit) < chain.index(tab.checklist.code_edit)
    assert chain[-2] is tab.panel.assign_combo
    assert chain[-1] is tab.save_button


def test_screenshot(qtbot, tab: IntakeTab, tmp_path: Path) -> None:
    fill(qtbot, tab, number="(2026)吉0605执保123号", amount="1200000", kind="党政机关")
    tick(qtbot, tab, "S2")
    tab.grab().save(str(tmp_path / "intake.png"))
    tab.grab().save("/tmp/intake_tab.png")
    assert (tmp_path / "intake.png").stat().st_size > 0


def test_reopen_and_retriage_keeps_history(qtbot, tab: IntakeTab, sessions) -> None:
    fill(qtbot, tab)
    tick(qtbot, tab, "S2")
    with qtbot.waitSignal(tab.data_changed):
        tab.save_button.click()
    with sessions() as s:
        case_id = s.scalars(select(Case.id)).one()
    tab.load_case(case_id)
    assert tab.banner.isVisible() and "（2026）吉0605执123号" in tab.banner.text()
    assert not tab.form.isEnabled()
    assert tab.form.applicants.names() == ["张三"]
    assert tab.checklist.ticked() == {"S2"}
    assert "第一办案组（王爱军）" in tab.panel.assign_combo.currentText()
    assert "勾选 S2" in tab.history_label.text()
    tick(qtbot, tab, "O1")  # after the first property search: a house to sell
    assert tab.panel.track_label.text() == "普通案件 → 执行普执团队"
    assert "王爱军 — 在办 0 件（建议）" == tab.panel.assign_combo.currentText()
    with qtbot.waitSignal(tab.data_changed):
        qtbot.keyClick(tab, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert tab.confirm_label.text().startswith("已重新分流：（2026）吉0605执123号 → 普通")
    assert not tab.banner.isVisible() and tab.form.isEnabled()
    with sessions() as s:
        decisions = s.scalars(select(TriageDecision).order_by(TriageDecision.id)).all()
        assert [d.final_track for d in decisions] == [Track.SIMPLE, Track.ORDINARY]
        assert s.get(Case, case_id).team.code == "ordinary"  # type: ignore[union-attr]
    tab.load_case(case_id)
    assert tab.history_label.text().count("勾选") == 2


def test_retriage_override_without_reason_is_refused(qtbot, tab: IntakeTab, sessions) -> None:
    fill(qtbot, tab)
    tick(qtbot, tab, "S2")
    with qtbot.waitSignal(tab.data_changed):
        tab.save_button.click()
    with sessions() as s:
        case_id = s.scalars(select(Case.id)).one()
    tab.load_case(case_id)
    tab.panel.override_combo.setCurrentIndex(tab.panel.override_combo.findData("special"))
    before = counts(sessions)
    tab.save_button.click()
    assert tab.panel.reason_error.isVisible()
    assert counts(sessions) == before
    assert tab.banner.isVisible()  # still on the case


def test_settings_dialog_seam_refreshes_the_checklist(
    qtbot,
    tab: IntakeTab,
    sessions,
    monkeypatch,
) -> None:
    from gui.dialogs.triage_settings_dialog import TriageSettingsDialog
    from model.triage.criteria import save_triage_settings

    def fake_ask(sessions_arg, parent=None, actor_id=None) -> bool:
        save_triage_settings(sessions_arg, "10000", "3", {"S6": "其他简单案件"}, {})
        return True

    monkeypatch.setattr(TriageSettingsDialog, "ask", staticmethod(fake_ask))
    assert not tab.settings_button.isEnabled()  # the clerk may not change the settings
    assert "无权" in tab.settings_button.toolTip()
    chief = IntakeTab(sessions, lambda: 1, today=lambda: TODAY)  # 王爱军, the chief
    qtbot.addWidget(chief)
    tab = chief
    fill(qtbot, tab)  # amount 50000: below the shipped threshold
    assert "X1" not in tab.checklist.ticked()
    with qtbot.waitSignal(tab.data_changed):
        tab.settings_button.click()
    assert tab.checklist.label("S6").text() == "其他简单案件"
    assert "X1" in tab.checklist.ticked()  # 50000 ≥ the new 10000 threshold


def test_a_full_disk_keeps_the_clerks_input_and_says_so(
    qtbot, tab: IntakeTab, store, sessions
) -> None:
    from tests.model.storage.test_storage_errors import fill_the_disk

    fill_the_disk(store)
    before = counts(sessions)
    fill(qtbot, tab, number="（2026）吉0605执777号")
    tab.form.basis_edit.setText("长" * 30000)  # more than the full disk can take
    tick(qtbot, tab, "S2")
    tab.save_button.click()
    assert "磁盘空间已满" in tab.status_label.text()
    assert tab.form.number_edit.text() == "（2026）吉0605执777号"  # still there to retry
    assert counts(sessions) == before


def test_the_basis_kind_sets_the_statutory_limit(qtbot, tab: IntakeTab, sessions) -> None:
    fill(qtbot, tab)
    tick(qtbot, tab, "O1")
    box = tab.form.basis_kind_box
    assert box.currentText() == "其他"
    assert "法定期限 6 个月" in tab.panel.limits_label.text()
    box.setCurrentIndex(box.findData("仲裁裁决书"))
    assert box.currentText() == "仲裁裁决书（非诉）"
    qtbot.waitUntil(lambda: "法定期限 3 个月" in tab.panel.limits_label.text())
    with qtbot.waitSignal(tab.data_changed):
        tab.save_button.click()
    with sessions() as s:
        case = s.scalars(select(Case)).one()
        assert (case.basis_kind, case.non_litigation) == ("仲裁裁决书", True)
        assert case.statutory_due_date == dt.date(2026, 6, 2)


def test_the_kinds_list_is_edited_through_its_dialog(
    qtbot, tab: IntakeTab, sessions, monkeypatch
) -> None:
    from gui.dialogs.basis_kinds_dialog import BasisKindsDialog
    from model.cases.basis import add_basis_kind

    def fake_ask(sessions_arg, parent=None, actor_id=None) -> bool:
        add_basis_kind(sessions_arg, "支付令", False, actor_id)
        return True

    monkeypatch.setattr(BasisKindsDialog, "ask", staticmethod(fake_ask))
    assert not tab.kinds_button.isEnabled()  # a clerk may not change the list
    assert "无权修改执行依据类别列表" in tab.kinds_button.toolTip()
    chief = IntakeTab(sessions, lambda: 1, today=lambda: TODAY)
    qtbot.addWidget(chief)
    with qtbot.waitSignal(chief.data_changed):
        chief.kinds_button.click()
    box = chief.form.basis_kind_box
    assert box.itemText(box.count() - 1) == "支付令"


def test_an_unexpected_database_error_is_told_in_chinese_and_the_form_kept(
    qtbot, tab: IntakeTab, store, sessions, tmp_path: Path, monkeypatch
) -> None:
    """Issue 21: no raw IntegrityError reaches a clerk; the details go to the log."""
    log = tmp_path / "zhixing-tuandui.log"
    monkeypatch.setenv("ZT_LOG_FILE", str(log))
    with store.engine.begin() as connection:  # a constraint the program knows nothing of
        connection.exec_driver_sql(
            "CREATE TRIGGER boom BEFORE INSERT ON cases "
            "BEGIN SELECT RAISE(ABORT, 'constraint failed: cases_id_check'); END"
        )
    before = counts(sessions)
    fill(qtbot, tab, number="（2026）吉0605执778号")
    tick(qtbot, tab, "S2")
    tab.save_button.click()
    shown = tab.status_label.text()
    assert "数据库操作出现意外错误（IntegrityError）" in shown and "请重试" in shown
    assert "constraint" not in shown and str(log) in shown
    assert tab.form.number_edit.text() == "（2026）吉0605执778号"
    assert counts(sessions) == before
    assert "cases_id_check" in log.read_text(encoding="utf-8")
