"""新增/编辑人员 dialog: fills from a person, reads back what was typed, shows a refusal."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.person_dialog import PersonDialog, PersonForm
from model.entities import Role
from model.roster.overview import load_overview


def test_fills_from_a_person_and_reads_back(qtbot, sessions: sessionmaker[Session]) -> None:
    overview = load_overview(sessions)
    tong = next(p for p in overview.people if p.name == "佟海冬")
    dialog = PersonDialog(overview.teams, tong)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "编辑人员"
    assert dialog.aliases_edit.text() == "佟海东"
    assert all(box.isChecked() for box in dialog.team_boxes.values())
    dialog.position_edit.setText("法警队长")
    dialog.aliases_edit.setText("佟海东，佟 海东、 ")
    dialog.role_box.setCurrentIndex(dialog.role_box.findData(Role.CLERK))
    dialog.team_boxes[overview.teams[0].id].setChecked(False)
    assert dialog.form() == PersonForm(
        "佟海冬", Role.CLERK, "法警队长", ("佟海东", "佟 海东"), (overview.teams[1].id,)
    )
    assert not dialog.error_label.isVisibleTo(dialog)


def test_reopened_with_the_users_input_and_the_reason(
    qtbot, sessions: sessionmaker[Session]
) -> None:
    overview = load_overview(sessions)
    form = PersonForm("佟海东", Role.POLICE, "", (), ())
    dialog = PersonDialog(overview.teams, None, form, "“佟海东”已登记为“佟海冬”的别名")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "新增人员"
    assert dialog.name_edit.text() == "佟海东"
    assert dialog.error_label.isVisibleTo(dialog)
    assert "别名" in dialog.error_label.text()
    assert dialog.form() == form
