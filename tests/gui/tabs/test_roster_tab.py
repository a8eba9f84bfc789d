"""人员名册 tab driven with qtbot: it shows the roster, edits it, and shows refusals."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.group_dialog import GroupDialog, GroupForm
from gui.dialogs.leader_dialog import LeaderDialog
from gui.dialogs.person_dialog import PersonDialog, PersonForm
from gui.dialogs.team_members_dialog import TeamMembersDialog
from gui.tabs.roster_tab import RosterTab
from model.entities import Person, Role, Team
from tests.model.roster.test_edits import pid, snapshot, tid


@pytest.fixture
def tab(qtbot, sessions: sessionmaker[Session]) -> RosterTab:
    widget = RosterTab(sessions, lambda: None)
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def answers(*values: Any, errors: list[str] | None = None) -> Callable[..., Any]:
    """A fake ask(): returns the given answers in turn, recording the error it was shown."""
    queue: Iterator[Any] = iter(values)

    def ask(*args: Any, **kwargs: Any) -> Any:
        if errors is not None:
            errors.append(args[-1])
        return next(queue)

    return ask


def column(model: Any, col: int) -> list[str]:
    return [model.index(row, col).data() for row in range(model.rowCount())]


def test_shows_both_teams_groups_alias_and_duties(tab: RosterTab, qtmodeltester) -> None:
    teams = tab.team_model
    assert column(teams, 0) == ["执行速执团队", "执行普执团队"]
    assert column(teams, 1) == ["王爱军", "王爱军"]
    assert column(teams, 2) == ["王爱军、姜福义、战殿有"] * 2
    assert column(teams, 4) == ["高博、宋云鹏、刘伟", "高博、宋云鹏、刘伟、王鑫"]
    assert column(tab.group_model, 0) == ["第一办案组", "第二办案组", "第三办案组"]
    assert [column(tab.group_model, c)[1] for c in (2, 3, 4)] == ["姜福义", "佟海冬", "宋云鹏"]
    people = tab.people_model
    row = column(people, 0).index("佟海冬")
    assert people.index(row, 3).data() == "佟海东"
    assert (
        people.index(row, 0).data(Qt.ItemDataRole.ToolTipRole).startswith("佟海冬（又作 佟海东）")
    )
    assert people.index(0, 2).data() == "党组成员、执行局局长"
    tab.select_person(pid(tab._sessions, "佟海冬"))
    assert Role(tab.duties_panel.role_box.currentData()) is Role.POLICE
    text = tab.duties_panel.text_view.toPlainText()
    assert "强制迁出" in text and "除依职责" in text
    tab.select_person(pid(tab._sessions, "高博"))
    assert "文书上网" in tab.duties_panel.text_view.toPlainText()
    for model in (teams, people, tab.group_model):
        qtmodeltester.check(model)


def test_ordinary_team_shows_wang_xin_and_no_groups(tab: RosterTab) -> None:
    assert "王鑫" not in column(tab.people_model, 0)
    tab.select_team(tid(tab._sessions, "ordinary"))
    assert "王鑫" in column(tab.people_model, 0)
    assert tab.group_model.rowCount() == 0
    assert "尚无" in tab.groups_box.title()


def test_add_person(tab: RosterTab, qtbot, monkeypatch) -> None:
    form = PersonForm("李  明", Role.CLERK, "书记员", (), (tid(tab._sessions, "fast"),))
    monkeypatch.setattr(PersonDialog, "ask", answers(form))
    with qtbot.waitSignal(tab.data_changed):
        qtbot.mouseClick(tab.add_person_button, Qt.MouseButton.LeftButton)
    assert "李明" in column(tab.people_model, 0)
    assert tab.selected_person().name == "李明"
    assert "已新增" in tab.message_label.text()


def test_edit_a_position(tab: RosterTab, qtbot, monkeypatch) -> None:
    tab.select_person(pid(tab._sessions, "高博"))
    person = tab.selected_person()
    form = PersonForm(person.name, person.role, "一级书记员", person.aliases, person.team_ids)
    monkeypatch.setattr(PersonDialog, "ask", answers(form))
    with qtbot.waitSignal(tab.data_changed):
        qtbot.mouseClick(tab.edit_person_button, Qt.MouseButton.LeftButton)
    with tab._sessions() as s:
        assert s.scalars(select(Person.position).where(Person.name == "高博")).one() == "一级书记员"
    assert tab.selected_person().position == "一级书记员"


def test_deactivate_and_enable(tab: RosterTab, qtbot) -> None:
    tab.select_team(tid(tab._sessions, "ordinary"))
    tab.select_person(pid(tab._sessions, "王鑫"))
    assert tab.active_button.text() == "停用"
    with qtbot.waitSignal(tab.data_changed):
        qtbot.mouseClick(tab.active_button, Qt.MouseButton.LeftButton)
    row = tab.people_model.row_of(pid(tab._sessions, "王鑫"))
    assert tab.people_model.index(row, 6).data() == "停用"
    assert tab.people_model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert tab.active_button.text() == "启用"
    assert "王鑫" not in column(tab.team_model, 4)[1]
    with qtbot.waitSignal(tab.data_changed):
        qtbot.mouseClick(tab.active_button, Qt.MouseButton.LeftButton)
    assert tab.people_model.index(row, 6).data() == "在岗"


def test_deactivating_a_group_judge_is_refused_in_the_window(tab: RosterTab, qtbot) -> None:
    before = snapshot(tab._sessions)
    tab.select_person(pid(tab._sessions, "姜福义"))
    with qtbot.assertNotEmitted(tab.data_changed):
        qtbot.mouseClick(tab.active_button, Qt.MouseButton.LeftButton)
    assert "请先修改或停用该办案组" in tab.message_label.text()
    assert tab.message_label.isVisible()
    assert snapshot(tab._sessions) == before


def test_add_a_group_to_the_ordinary_team(tab: RosterTab, qtbot, monkeypatch) -> None:
    s = tab._sessions
    ordinary = tid(s, "ordinary")
    tab.select_team(ordinary)
    form = GroupForm(ordinary, "普执第一组", pid(s, "姜福义"), pid(s, "付兆强"), pid(s, "王鑫"))
    monkeypatch.setattr(GroupDialog, "ask", answers(form))
    with qtbot.waitSignal(tab.data_changed):
        qtbot.mouseClick(tab.add_group_button, Qt.MouseButton.LeftButton)
    assert column(tab.group_model, 0) == ["普执第一组"]
    assert tab.selected_group().clerk_name == "王鑫"
    assert column(tab.team_model, 5)[1] == "1 个"


@pytest.mark.parametrize("name", ["佟海东", "高 博"])
def test_duplicate_name_is_refused_with_its_message(
    tab: RosterTab,
    qtbot,
    monkeypatch,
    name: str,
) -> None:
    before = snapshot(tab._sessions)
    form = PersonForm(name, Role.POLICE, "", (), ())
    shown: list[str] = []
    monkeypatch.setattr(PersonDialog, "ask", answers(form, None, errors=shown))
    with qtbot.assertNotEmitted(tab.data_changed):
        qtbot.mouseClick(tab.add_person_button, Qt.MouseButton.LeftButton)
    message = tab.message_label.text()
    assert ("已登记为“佟海冬”的别名" if name == "佟海东" else "名册中已有“高博”") in message
    assert shown == ["", message]  # the dialog came back with the reason
    assert tab.message_label.property("role") == "error"
    assert snapshot(tab._sessions) == before


def test_group_with_a_police_officer_as_judge_is_refused(
    tab: RosterTab,
    qtbot,
    monkeypatch,
) -> None:
    s = tab._sessions
    before = snapshot(s)
    form = GroupForm(tid(s, "ordinary"), "新组", pid(s, "付兆强"), None, None)
    monkeypatch.setattr(GroupDialog, "ask", answers(form, None))
    with qtbot.assertNotEmitted(tab.data_changed):
        qtbot.mouseClick(tab.add_group_button, Qt.MouseButton.LeftButton)
    assert "付兆强是司法警察，不能担任办案组的员额法官" in tab.message_label.text()
    assert snapshot(s) == before


def test_edit_group_members_and_name(tab: RosterTab, qtbot, monkeypatch) -> None:
    s = tab._sessions
    tab.select_group(tab.group_model.group_at(0).id)
    group = tab.selected_group()
    form = GroupForm(group.team_id, "速执一组", group.judge_id, pid(s, "付兆强"), group.clerk_id)
    monkeypatch.setattr(GroupDialog, "ask", answers(form))
    with qtbot.waitSignal(tab.data_changed):
        qtbot.mouseClick(tab.edit_group_button, Qt.MouseButton.LeftButton)
    assert column(tab.group_model, 0)[0] == "速执一组"
    assert column(tab.group_model, 3)[0] == "付兆强"


def test_deactivate_group(tab: RosterTab, qtbot) -> None:
    tab.select_group(tab.group_model.group_at(2).id)
    with qtbot.waitSignal(tab.data_changed):
        qtbot.mouseClick(tab.group_active_button, Qt.MouseButton.LeftButton)
    assert column(tab.group_model, 5)[2] == "停用"
    assert tab.group_active_button.text() == "启用办案组"


def test_team_members_and_leader(tab: RosterTab, qtbot, monkeypatch) -> None:
    s = tab._sessions
    fast = tid(s, "fast")
    members = (*tab.overview.team(fast).member_ids, pid(s, "王鑫"))
    monkeypatch.setattr(TeamMembersDialog, "ask", answers(members))
    with qtbot.waitSignal(tab.data_changed):
        qtbot.mouseClick(tab.members_button, Qt.MouseButton.LeftButton)
    assert "王鑫" in column(tab.people_model, 0)
    monkeypatch.setattr(LeaderDialog, "ask", answers(pid(s, "姜福义")))
    with qtbot.waitSignal(tab.data_changed):
        qtbot.mouseClick(tab.leader_button, Qt.MouseButton.LeftButton)
    with s() as session:
        assert (
            session.scalars(select(Team).where(Team.code == "fast")).one().leader.name == "姜福义"
        )


def test_removing_a_group_member_from_the_team_is_refused(
    tab: RosterTab,
    qtbot,
    monkeypatch,
) -> None:
    s = tab._sessions
    before = snapshot(s)
    fast = tid(s, "fast")
    members = tuple(p for p in tab.overview.team(fast).member_ids if p != pid(s, "刘伟"))
    monkeypatch.setattr(TeamMembersDialog, "ask", answers(members, None))
    with qtbot.assertNotEmitted(tab.data_changed):
        qtbot.mouseClick(tab.members_button, Qt.MouseButton.LeftButton)
    assert "第三办案组" in tab.message_label.text()
    assert snapshot(s) == before
