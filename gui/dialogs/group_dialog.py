"""新增办案组 / 编辑办案组: a group's name, team, judge, police officer and clerk."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gui.widgets.messages import error_label, save_cancel
from model.entities import Role
from model.roster.overview import GroupView, RosterOverview


@dataclass(frozen=True)
class GroupForm:
    """What the dialog asks for; the roster service checks it."""

    team_id: int
    name: str
    judge_id: int | None
    police_id: int | None
    clerk_id: int | None


class GroupDialog(QDialog):
    """The fields of one case group; each slot lists the team's active people of its role."""

    def __init__(
        self,
        overview: RosterOverview,
        team_id: int,
        group: GroupView | None = None,
        form: GroupForm | None = None,
        error: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._overview = overview
        self.setWindowTitle("编辑办案组" if group else "新增办案组")
        self.setMinimumWidth(380)
        self.team_box = QComboBox()
        for team in overview.teams:
            self.team_box.addItem(team.name, team.id)
        self.team_box.setEnabled(group is None)  # a group stays on its team
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("例如 第四办案组")
        self.slot_boxes = {role: QComboBox() for role in Role}
        fields = QFormLayout()
        fields.addRow("所属团队：", self.team_box)
        fields.addRow("组名：", self.name_edit)
        for role, box in self.slot_boxes.items():
            fields.addRow(f"{role.label}：", box)
        hint = QLabel("每个办案组有且只有一名员额法官；成员须是本团队的在岗人员。")
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        self.error_label = error_label(error)
        buttons = save_cancel(self.accept, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(hint)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        if form is None and group is not None:
            form = GroupForm(
                group.team_id, group.name, group.judge_id, group.police_id, group.clerk_id
            )
        if form is None:
            form = GroupForm(team_id, "", None, None, None)
        self.team_box.currentIndexChanged.connect(lambda _: self._fill_slots())
        self.set_form(form)

    def _fill_slots(self, chosen: dict[Role, int | None] | None = None) -> None:
        team_id = self.team_box.currentData()
        for role, box in self.slot_boxes.items():
            keep = chosen[role] if chosen else box.currentData()
            box.clear()
            if role is not Role.JUDGE:
                box.addItem("（无）", None)
            for person in self._overview.members(team_id, role):
                if person.active or person.id == keep:
                    box.addItem(person.name, person.id)
            if keep is not None and box.findData(keep) < 0:
                # Whatever was chosen stays visible, so the service can say why it is wrong.
                box.addItem(self._overview.person(keep).name, keep)
            box.setCurrentIndex(max(box.findData(keep), 0) if keep is not None else 0)

    def set_form(self, form: GroupForm) -> None:
        """Fill the fields."""
        self.team_box.blockSignals(True)
        self.team_box.setCurrentIndex(max(self.team_box.findData(form.team_id), 0))
        self.team_box.blockSignals(False)
        self.name_edit.setText(form.name)
        self._fill_slots(
            {Role.JUDGE: form.judge_id, Role.POLICE: form.police_id, Role.CLERK: form.clerk_id}
        )

    def form(self) -> GroupForm:
        """What the user chose."""
        return GroupForm(
            team_id=int(self.team_box.currentData()),
            name=self.name_edit.text(),
            judge_id=self.slot_boxes[Role.JUDGE].currentData(),
            police_id=self.slot_boxes[Role.POLICE].currentData(),
            clerk_id=self.slot_boxes[Role.CLERK].currentData(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        overview: RosterOverview,
        team_id: int,
        group: GroupView | None = None,
        form: GroupForm | None = None,
        error: str = "",
    ) -> GroupForm | None:
        """Show the dialog; the form when the user saves, None when cancelled."""
        dialog = cls(overview, team_id, group, form, error, parent)
        return dialog.form() if dialog.exec() == QDialog.DialogCode.Accepted else None
