"""新增人员 / 编辑人员: name, role, position, aliases and teams of one person."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gui.widgets.messages import error_label, save_cancel
from model.entities import Role
from model.roster.overview import PersonView, TeamView

_SEPARATORS = re.compile(r"[、,，;；]")


@dataclass(frozen=True)
class PersonForm:
    """What the dialog asks for; the roster service checks it."""

    name: str
    role: Role
    position: str
    aliases: tuple[str, ...]
    team_ids: tuple[int, ...]


class PersonDialog(QDialog):
    """The fields of one person; a refused save reopens it with the reason shown."""

    def __init__(
        self,
        teams: Sequence[TeamView],
        person: PersonView | None = None,
        form: PersonForm | None = None,
        error: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("编辑人员" if person else "新增人员")
        self.setMinimumWidth(420)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("例如 张三（空格会被去掉）")
        self.role_box = QComboBox()
        for role in Role:
            self.role_box.addItem(role.label, role)
        self.position_edit = QLineEdit()
        self.position_edit.setPlaceholderText("例如 执行局审判员，可不填")
        self.aliases_edit = QLineEdit()
        self.aliases_edit.setPlaceholderText("原文中的其他写法，用“、”分隔，可不填")
        self.team_boxes: dict[int, QCheckBox] = {}
        team_row = QHBoxLayout()
        for team in teams:
            box = QCheckBox(team.name)
            self.team_boxes[team.id] = box
            team_row.addWidget(box)
        team_row.addStretch(1)

        fields = QFormLayout()
        fields.addRow("姓名：", self.name_edit)
        fields.addRow("角色：", self.role_box)
        fields.addRow("职务：", self.position_edit)
        fields.addRow("别名：", self.aliases_edit)
        fields.addRow("所在团队：", team_row)
        self.error_label = error_label(error)
        buttons = save_cancel(self.accept, self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        if form is None and person is not None:
            form = PersonForm(
                person.name, person.role, person.position, person.aliases, person.team_ids
            )
        if form is not None:
            self.set_form(form)

    def set_form(self, form: PersonForm) -> None:
        """Fill the fields."""
        self.name_edit.setText(form.name)
        self.role_box.setCurrentIndex(self.role_box.findData(form.role))
        self.position_edit.setText(form.position)
        self.aliases_edit.setText("、".join(form.aliases))
        for team_id, box in self.team_boxes.items():
            box.setChecked(team_id in form.team_ids)

    def form(self) -> PersonForm:
        """What the user typed."""
        aliases = tuple(a.strip() for a in _SEPARATORS.split(self.aliases_edit.text()))
        return PersonForm(
            name=self.name_edit.text(),
            role=Role(self.role_box.currentData()),
            position=self.position_edit.text(),
            aliases=tuple(a for a in aliases if a),
            team_ids=tuple(tid for tid, box in self.team_boxes.items() if box.isChecked()),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        teams: Sequence[TeamView],
        person: PersonView | None = None,
        form: PersonForm | None = None,
        error: str = "",
    ) -> PersonForm | None:
        """Show the dialog; the form when the user saves, None when cancelled."""
        dialog = cls(teams, person, form, error, parent)
        return dialog.form() if dialog.exec() == QDialog.DialogCode.Accepted else None
