"""团队成员调整: tick who belongs to a team, by role."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from gui.widgets.messages import error_label, save_cancel
from model.entities import Role
from model.roster.overview import RosterOverview


class TeamMembersDialog(QDialog):
    """A check box a person, in one column a role; inactive people only when already members."""

    def __init__(
        self,
        overview: RosterOverview,
        team_id: int,
        selected: Collection[int] | None = None,
        error: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        team = overview.team(team_id)
        self.setWindowTitle(f"团队成员调整 — {team.name}")
        chosen = set(team.member_ids if selected is None else selected)
        self.boxes: dict[int, QCheckBox] = {}
        columns = QHBoxLayout()
        for role in Role:
            group = QGroupBox(role.label)
            grid = QGridLayout(group)
            people = [
                p
                for p in overview.people
                if p.role is role and (p.active or p.id in chosen or p.id in team.member_ids)
            ]
            for row, person in enumerate(people):
                box = QCheckBox(person.name if person.active else f"{person.name}（停用）")
                box.setChecked(person.id in chosen)
                self.boxes[person.id] = box
                grid.addWidget(box, row, 0)
            columns.addWidget(group)
        hint = QLabel("办案组成员和团队负责人须留在团队中；要移出，请先修改办案组或负责人。")
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        self.error_label = error_label(error)
        buttons = save_cancel(self.accept, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(hint)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def selected(self) -> tuple[int, ...]:
        """The ids of the ticked people."""
        return tuple(pid for pid, box in self.boxes.items() if box.isChecked())

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        overview: RosterOverview,
        team_id: int,
        selected: Collection[int] | None = None,
        error: str = "",
    ) -> tuple[int, ...] | None:
        """Show the dialog; the ticked ids when the user saves, None when cancelled."""
        dialog = cls(overview, team_id, selected, error, parent)
        return dialog.selected() if dialog.exec() == QDialog.DialogCode.Accepted else None
