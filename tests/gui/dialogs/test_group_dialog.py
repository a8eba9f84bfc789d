"""新增/编辑办案组 dialog: each slot lists the team's people of its role."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.group_dialog import GroupDialog, GroupForm
from model.entities import Role
from model.roster.overview import load_overview


def items(box) -> list[str]:
    return [box.itemText(i) for i in range(box.count())]


def test_slots_follow_the_chosen_team(qtbot, sessions: sessionmaker[Session]) -> None:
    overview = load_overview(sessions)
    fast, ordinary = overview.teams
    dialog = GroupDialog(overview, fast.id)
    qtbot.addWidget(dialog)
    assert items(dialog.slot_boxes[Role.JUDGE]) == ["王爱军", "姜福义", "战殿有"]
    assert items(dialog.slot_boxes[Role.CLERK]) == ["（无）", "高博", "宋云鹏", "刘伟"]
    dialog.team_box.setCurrentIndex(dialog.team_box.findData(ordinary.id))
    assert items(dialog.slot_boxes[Role.CLERK])[-1] == "王鑫"
    dialog.name_edit.setText("普执一组")
    dialog.slot_boxes[Role.JUDGE].setCurrentIndex(1)
    form = dialog.form()
    assert (form.team_id, form.name, form.police_id, form.clerk_id) == (
        ordinary.id,
        "普执一组",
        None,
        None,
    )
    assert overview.person(form.judge_id).name == "姜福义"


def test_edit_keeps_the_team_and_the_members(qtbot, sessions: sessionmaker[Session]) -> None:
    overview = load_overview(sessions)
    group = overview.teams[0].groups[1]
    dialog = GroupDialog(overview, group.team_id, group)
    qtbot.addWidget(dialog)
    assert not dialog.team_box.isEnabled()
    assert dialog.form() == GroupForm(
        group.team_id, "第二办案组", group.judge_id, group.police_id, group.clerk_id
    )


def test_a_wrong_choice_stays_visible_with_the_reason(
    qtbot, sessions: sessionmaker[Session]
) -> None:
    overview = load_overview(sessions)
    police = next(p for p in overview.people if p.name == "付兆强")
    form = GroupForm(overview.teams[1].id, "新组", police.id, None, None)
    dialog = GroupDialog(overview, form.team_id, None, form, "付兆强是司法警察")
    qtbot.addWidget(dialog)
    assert dialog.slot_boxes[Role.JUDGE].currentText() == "付兆强"
    assert dialog.form() == form
    assert dialog.error_label.isVisibleTo(dialog)
