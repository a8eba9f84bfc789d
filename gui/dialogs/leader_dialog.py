"""设置团队负责人: choose the leader among a team's active members."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from gui.widgets.messages import error_label, save_cancel
from model.roster.overview import RosterOverview


class LeaderDialog(QDialog):
    """A list of the team's active members, the current leader chosen."""

    def __init__(
        self,
        overview: RosterOverview,
        team_id: int,
        person_id: int | None = None,
        error: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        team = overview.team(team_id)
        self.setWindowTitle(f"设置团队负责人 — {team.name}")
        self.person_box = QComboBox()
        for person in overview.members(team_id):
            if person.active:
                self.person_box.addItem(f"{person.name}（{person.role.label}）", person.id)
        wanted = team.leader_id if person_id is None else person_id
        self.person_box.setCurrentIndex(max(self.person_box.findData(wanted), 0))
        fields = QFormLayout()
        fields.addRow("负责人：", self.person_box)
        self.error_label = error_label(error)
        buttons = save_cancel(self.accept, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def chosen(self) -> int | None:
        """The chosen person's id."""
        value = self.person_box.currentData()
        return None if value is None else int(value)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        overview: RosterOverview,
        team_id: int,
        person_id: int | None = None,
        error: str = "",
    ) -> int | None:
        """Show the dialog; the chosen id when the user saves, None when cancelled."""
        dialog = cls(overview, team_id, person_id, error, parent)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
