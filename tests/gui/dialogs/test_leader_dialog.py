"""设置团队负责人 dialog: offers the team's active members."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.leader_dialog import LeaderDialog
from model.roster.overview import load_overview


def test_leader_dialog_offers_the_team_members(qtbot, sessions: sessionmaker[Session]) -> None:
    overview = load_overview(sessions)
    fast = overview.teams[0]
    dialog = LeaderDialog(overview, fast.id)
    qtbot.addWidget(dialog)
    assert dialog.chosen() == fast.leader_id
    assert dialog.person_box.count() == len(fast.member_ids)
    assert dialog.person_box.itemText(0) == "王爱军（员额法官）"
