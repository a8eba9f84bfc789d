"""团队成员调整 dialog: the members ticked, by role."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.team_members_dialog import TeamMembersDialog
from model.roster.overview import load_overview


def test_members_are_ticked_and_read_back(qtbot, sessions: sessionmaker[Session]) -> None:
    overview = load_overview(sessions)
    fast = overview.teams[0]
    dialog = TeamMembersDialog(overview, fast.id)
    qtbot.addWidget(dialog)
    assert set(dialog.selected()) == set(fast.member_ids)
    wang = next(p for p in overview.people if p.name == "王鑫")
    assert not dialog.boxes[wang.id].isChecked()
    dialog.boxes[wang.id].setChecked(True)
    assert set(dialog.selected()) == {*fast.member_ids, wang.id}
