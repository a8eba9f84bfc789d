"""The 期限 tab: counts, colours, filters, search, the chief's lists, events through the GUI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.case_detail_dialog import CaseDetailDialog, DetailOutcome
from gui.models.deadline_table_model import COLUMNS, URGENCY_COLOURS
from gui.tabs.deadlines_tab import DeadlinesTab
from model.cases.queries import PAST_STATUTORY, PAST_TRACK, ChiefList
from model.entities import Track
from tests.factories import make_case, person_by_name

D = dt.date
TODAY = D(2026, 6, 1)


def _seed(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions.begin() as s:
        return {
            "overdue": make_case(s, "（2026）吉0605执1号", D(2026, 4, 20),
                                 respondents="长白山木业有限公司").id,
            "week": make_case(s, "（2026）吉0605执2号", D(2026, 5, 5), group="第二办案组").id,
            "month": make_case(s, "（2026）吉0605执3号", D(2026, 5, 20)).id,
            "special": make_case(s, "（2026）吉0605执4号", D(2026, 3, 2), Track.SPECIAL,
                                 assigned=False).id,
            "late": make_case(s, "（2026）吉0605执5号", D(2026, 9, 1), Track.ORDINARY,
                              judge="战殿有").id,
        }  # fmt: skip


def _tab(qtbot, sessions: sessionmaker[Session]) -> DeadlinesTab:
    tab = DeadlinesTab(sessions, lambda: 1, today=lambda: TODAY)
    qtbot.addWidget(tab)
    _settled(qtbot, tab)
    return tab


def _settled(qtbot, tab: DeadlinesTab) -> None:
    """Wait for the totals, counted in the background."""
    qtbot.waitUntil(lambda: not tab.summary_pending())


def _numbers(tab: DeadlinesTab) -> list[str]:
    return [tab.model.index(r, 0).data()[-3:] for r in range(tab.model.rowCount())]


def test_the_tab_reads_its_list_once_when_built_and_again_per_sort(
    qtbot, sessions: sessionmaker[Session], monkeypatch
) -> None:
    from gui.models import deadline_table_model

    _seed(sessions)
    reads: list[str] = []
    original = deadline_table_model.fetch_case_rows

    def counted(*arguments: Any, **options: Any) -> Any:
        reads.append(arguments[4] if len(arguments) > 4 else "urgency")
        return original(*arguments, **options)

    monkeypatch.setattr(deadline_table_model, "fetch_case_rows", counted)
    tab = _tab(qtbot, sessions)
    # The view sorts when sorting is enabled on it, before the filter is set: those two
    # reads were thrown away at every start (issue 20).
    assert reads == ["urgency"]
    assert _numbers(tab) == ["执1号", "执2号", "执3号", "执4号", "执5号"]
    tab.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)  # 案号 clicked
    assert reads == ["urgency", "number"]
    assert _numbers(tab) == ["执5号", "执4号", "执3号", "执2号", "执1号"]


def test_counts_and_order_at_the_top(qtbot, sessions: sessionmaker[Session]) -> None:
    _seed(sessions)
    tab = _tab(qtbot, sessions)
    assert (tab.counts.overdue, tab.counts.within_7, tab.counts.within_30) == (1, 1, 1)
    assert tab.chips.chips["overdue"].text() == "已超期 1 件(&1)"
    assert _numbers(tab) == ["执1号", "执2号", "执3号", "执4号", "执5号"]
    # 执5号 is due 2027-03-01: 2027 has no holiday data, and the tab says so.
    assert not tab.banner.isHidden()
    assert "2027年节假日安排尚未录入" in tab.banner_label.text()


def test_filters_narrow_the_list(qtbot, sessions: sessionmaker[Session]) -> None:
    _seed(sessions)
    tab = _tab(qtbot, sessions)
    tab.filters.track_box.setCurrentIndex(tab.filters.track_box.findData(Track.SPECIAL))
    assert _numbers(tab) == ["执4号"]
    tab.filters.track_box.setCurrentIndex(0)
    with sessions() as s:
        judge = person_by_name(s, "战殿有").id
    tab.filters.judge_box.setCurrentIndex(tab.filters.judge_box.findData(judge))
    assert _numbers(tab) == ["执5号"]
    _settled(qtbot, tab)
    assert not tab.banner.isHidden() and tab.total_label.text() == "共 1 件"
    tab.filters.judge_box.setCurrentIndex(0)
    tab.filters.group_box.setCurrentIndex(tab.filters.group_box.findText("执行速执团队 第二办案组"))
    assert _numbers(tab) == ["执2号"]
    tab.filters.group_box.setCurrentIndex(0)
    tab.filters.status_box.setCurrentIndex(tab.filters.status_box.findText("已结"))
    assert _numbers(tab) == []
    _settled(qtbot, tab)
    assert tab.total_label.text() == "共 0 件"


def test_search_filters_as_the_user_types(qtbot, sessions: sessionmaker[Session]) -> None:
    _seed(sessions)
    tab = _tab(qtbot, sessions)
    for character in "木业":  # typed one character at a time (keyClicks is ASCII-only)
        tab.filters.search_edit.insert(character)
    qtbot.waitUntil(lambda: _numbers(tab) == ["执1号"])
    tab.filters.search_edit.setText("执3")
    qtbot.waitUntil(lambda: _numbers(tab) == ["执3号"])
    tab.filters.search_edit.clear()
    qtbot.waitUntil(lambda: len(_numbers(tab)) == 5)


def test_the_list_shows_before_its_totals_and_the_newest_totals_win(
    qtbot, sessions: sessionmaker[Session]
) -> None:
    _seed(sessions)
    tab = _tab(qtbot, sessions)
    with qtbot.waitSignal(tab.summary_shown):
        tab.filters.track_box.setCurrentIndex(tab.filters.track_box.findData(Track.SIMPLE))
        assert _numbers(tab) == ["执1号", "执2号", "执3号"]  # the page is there at once
        tab.filters.track_box.setCurrentIndex(tab.filters.track_box.findData(Track.ORDINARY))
    _settled(qtbot, tab)
    assert tab.total_label.text() == "共 1 件" and _numbers(tab) == ["执5号"]
    assert (tab.counts.overdue, tab.counts.within_7, tab.counts.within_30) == (0, 0, 0)


def test_totals_that_cannot_be_read_are_said_so(
    qtbot, monkeypatch, sessions: sessionmaker[Session]
) -> None:
    import gui.tabs.deadlines_tab as module
    from model.errors import UserError

    _seed(sessions)
    tab = _tab(qtbot, sessions)

    def locked(*_args: object) -> int:
        raise UserError("数据库正忙")

    monkeypatch.setattr(module, "count_cases", locked)
    tab.filters.track_box.setCurrentIndex(tab.filters.track_box.findData(Track.SPECIAL))
    _settled(qtbot, tab)
    assert tab.total_label.text().startswith("统计未完成：数据库正忙")
    assert _numbers(tab) == ["执4号"]  # the list itself is shown


def test_chief_lists(qtbot, sessions: sessionmaker[Session]) -> None:
    _seed(sessions)
    tab = _tab(qtbot, sessions)
    tab.filters.list_box.setCurrentIndex(tab.filters.list_box.findData(ChiefList.TRANSFER_DUE))
    assert _numbers(tab) == ["执1号"]
    tab.filters.list_box.setCurrentIndex(tab.filters.list_box.findData(ChiefList.UNASSIGNED))
    assert _numbers(tab) == ["执4号"]
    tab.filters.list_box.setCurrentIndex(tab.filters.list_box.findData(ChiefList.SPECIAL))
    assert _numbers(tab) == ["执4号"]


def test_open_case_reloads_and_asks_for_retriage(
    qtbot, monkeypatch, sessions: sessionmaker[Session]
) -> None:
    ids = _seed(sessions)
    tab = _tab(qtbot, sessions)
    seen: list[int] = []
    monkeypatch.setattr(
        CaseDetailDialog,
        "ask",
        classmethod(lambda cls, *a, **k: (seen.append(a[1]), DetailOutcome(True, True))[1]),
    )
    tab.show_case(ids["month"])
    assert tab.view.selectionModel().selectedRows()[0].row() == 2
    with qtbot.waitSignals([tab.data_changed, tab.retriage_requested]):
        tab._open_selected()
    assert seen == [ids["month"]]


def test_show_case_clears_filters_that_hide_it(qtbot, sessions: sessionmaker[Session]) -> None:
    ids = _seed(sessions)
    tab = _tab(qtbot, sessions)
    tab.filters.track_box.setCurrentIndex(tab.filters.track_box.findData(Track.SPECIAL))
    tab.show_case(ids["week"])
    assert tab.filters.track_box.currentIndex() == 0
    rows = tab.view.selectionModel().selectedRows()
    assert tab.model.case_id(rows[0].row()) == ids["week"]


def test_export_writes_the_filtered_list(
    qtbot, monkeypatch, tmp_path: Path, sessions: sessionmaker[Session]
) -> None:
    _seed(sessions)
    tab = _tab(qtbot, sessions)
    target = tmp_path / "list.xlsx"
    monkeypatch.setattr(DeadlinesTab, "ask_export_path", staticmethod(lambda parent: target))
    tab.filters.track_box.setCurrentIndex(tab.filters.track_box.findData(Track.SIMPLE))
    with qtbot.waitSignal(tab.exported) as exported:  # the status bar reports it
        tab.export_button.click()
    assert target.exists()
    assert "已导出 3 件" in exported.args[0] and exported.args[1] == str(target)


def test_banner_button_opens_the_holiday_editor(
    qtbot, monkeypatch, sessions: sessionmaker[Session]
) -> None:
    from gui.dialogs.holiday_dialog import HolidayDialog
    from model.calendar.holidays import set_year_complete

    _seed(sessions)
    tab = _tab(qtbot, sessions)
    assert not tab.banner.isHidden()

    def entered(cls, sessions_, actor_id=None, parent=None) -> bool:
        set_year_complete(sessions_, 2027, True)
        return True

    monkeypatch.setattr(HolidayDialog, "ask", classmethod(entered))
    with qtbot.waitSignal(tab.data_changed):
        tab.holiday_button.click()
    _settled(qtbot, tab)
    assert tab.banner.isHidden()


def test_a_clerk_cannot_open_the_holiday_editor_but_exports(qtbot, sessions) -> None:
    tab = DeadlinesTab(sessions, lambda: 7, today=lambda: TODAY)  # 高博, a clerk
    qtbot.addWidget(tab)
    assert not tab.holidays_button.isEnabled()
    assert "无权修改节假日安排" in tab.holidays_button.toolTip()
    assert tab.export_button.isEnabled()


def test_a_judge_sees_only_their_cases_and_police_their_groups(qtbot, sessions) -> None:
    with sessions.begin() as s:
        mine = make_case(s, group="第三办案组").number  # judge 战殿有, police 付兆强
        make_case(s, group="第一办案组")
    for actor in ("战殿有", "付兆强"):
        with sessions() as s:
            actor_id = person_by_name(s, actor).id
        tab = DeadlinesTab(sessions, lambda a=actor_id: a, today=lambda: TODAY)
        qtbot.addWidget(tab)
        assert _numbers(tab) == [mine[-3:]]
        assert not tab.filters.judge_box.isEnabled() and "只看" in tab.filters.judge_box.toolTip()
        tab.show_case(999)  # clearing the filters keeps the scope
        assert _numbers(tab) == [mine[-3:]]


def test_each_limit_has_its_count_filter_and_colour(qtbot, sessions: sessionmaker[Session]) -> None:
    """A 非诉 case past its 3-month statutory limit is 超审限, not 超期: red, and says why."""
    ids = _seed(sessions)
    with sessions.begin() as s:
        # filed 02-06: statutory 05-06 (3 months), track 08-06 (6 months)
        ids["non_litigation"] = make_case(
            s, "（2026）吉0605执6号", D(2026, 2, 6), Track.ORDINARY, non_litigation=True
        ).id
    tab = _tab(qtbot, sessions)
    assert (tab.counts.track_overdue, tab.counts.statutory_overdue) == (1, 1)
    assert "超审限 <b>1</b> 件" in tab.limits_label.text()
    assert _numbers(tab)[0] == "执6号"  # the nearer limit, the statutory one, orders it first
    model = tab.model
    assert model.headerData(11, Qt.Orientation.Horizontal) == "法定剩余天数"
    assert (model.index(0, 10).data(), model.index(0, 11).data()) == ("66", "-26")
    assert (
        model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole).color() == URGENCY_COLOURS["overdue"]
    )
    tip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "超审限：法定期限于 2026-05-06 届满，已超 26 日"
    tab.filters.past_box.setCurrentIndex(tab.filters.past_box.findData(PAST_STATUTORY))
    assert _numbers(tab) == ["执6号"]
    tab.filters.past_box.setCurrentIndex(tab.filters.past_box.findData(PAST_TRACK))
    assert _numbers(tab) == ["执1号"]
    _settled(qtbot, tab)
    assert tab.total_label.text() == "共 1 件"


def test_a_chip_narrows_the_list_to_its_cases(qtbot, sessions: sessionmaker[Session]) -> None:
    _seed(sessions)
    tab = _tab(qtbot, sessions)
    tab.show()
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)  # focus and Alt+n need it
    chips = tab.chips.chips
    assert chips["week"].text() == "7日内到期 1 件(&2)"
    qtbot.mouseClick(chips["week"], Qt.MouseButton.LeftButton)
    assert _numbers(tab) == ["执2号"] and chips["week"].isChecked()
    assert tab.filters.due_box.currentText() == "7日内到期"
    assert tab.view.hasFocus() and tab.view.selectionModel().selectedRows()[0].row() == 0
    _settled(qtbot, tab)
    assert tab.total_label.text() == "共 1 件"
    qtbot.keyClick(tab.view, "3", Qt.KeyboardModifier.AltModifier)  # Alt+3: 8至30日内到期
    qtbot.waitUntil(lambda: _numbers(tab) == ["执3号"])  # (a mnemonic clicks with animation)
    assert not chips["week"].isChecked()
    qtbot.mouseClick(chips["month"], Qt.MouseButton.LeftButton)  # again: every case
    assert len(_numbers(tab)) == 5 and tab.filters.due_box.currentData() is None
    tab.filters.due_box.setCurrentIndex(tab.filters.due_box.findData("overdue"))
    assert _numbers(tab) == ["执1号"] and chips["overdue"].isChecked()


def test_names_take_the_spare_width(qtbot, sessions: sessionmaker[Session]) -> None:
    _seed(sessions)
    tab = _tab(qtbot, sessions)
    tab.resize(1366, 600)
    tab.show()
    qtbot.waitExposed(tab)
    header = tab.view.horizontalHeader()
    keys = [key for key, _ in COLUMNS]
    names = header.sectionSize(keys.index("applicants"))
    assert names >= 150
    assert header.sectionSize(keys.index("status")) < names
    assert header.length() <= tab.view.viewport().width()  # no sideways scrolling
