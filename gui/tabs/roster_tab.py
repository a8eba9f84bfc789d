"""人员名册 tab: the teams, their people and case groups, the duties of each role, and edits."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from gui.duties_panel import DutiesPanel
from gui.models.roster_group_model import RosterGroupModel
from gui.models.roster_table_model import RosterTableModel
from gui.models.roster_team_model import RosterTeamModel
from gui.permission_gate import gate
from gui.table_views import button_row, fit_table, make_table_view, select_row
from gui.tabs.roster_editing import RosterEditing
from gui.widgets.messages import set_role
from model.access.permissions import Action
from model.roster.overview import GroupView, PersonView, RosterOverview, load_overview


def titled_box(title: str, *parts: QWidget | QLayout) -> QGroupBox:
    """A titled group of widgets and layouts, top to bottom."""
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    return box


class RosterTab(RosterEditing, QWidget):
    """人员名册: select a team to see its people and case groups; a person shows their duties.

    The edits (each asks a dialog and calls a model/roster/edits service) are in
    ``RosterEditing`` (gui/tabs/roster_editing.py).
    """

    data_changed = Signal()

    def __init__(
        self,
        sessions: sessionmaker[Session],
        operator: Callable[[], int | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._operator = operator
        self._overview: RosterOverview | None = None
        self._team_id: int | None = None

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setVisible(False)

        self.team_model = RosterTeamModel(self)
        self.team_view = make_table_view(self.team_model)
        self.team_view.setToolTip("选择一个团队，下面列出其人员和办案组")
        self.members_button = QPushButton("团队成员调整…")
        self.leader_button = QPushButton("设置团队负责人…")
        team_box = titled_box(
            "执行团队", self.team_view, button_row(self.members_button, self.leader_button)
        )

        self.people_model = RosterTableModel(self)
        self.people_view = make_table_view(self.people_model, stretch_last=False)
        self.people_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.add_person_button = QPushButton("新增人员…")
        self.edit_person_button = QPushButton("编辑…")
        self.active_button = QPushButton("停用")
        self.people_box = titled_box(
            "人员",
            button_row(self.add_person_button, self.edit_person_button, self.active_button),
            self.people_view,
        )

        self.group_model = RosterGroupModel(self)
        self.group_view = make_table_view(self.group_model)
        self.add_group_button = QPushButton("新增办案组…")
        self.edit_group_button = QPushButton("编辑办案组…")
        self.group_active_button = QPushButton("停用办案组")
        self.groups_box = titled_box(
            "办案组",
            button_row(self.add_group_button, self.edit_group_button, self.group_active_button),
            self.group_view,
        )

        self.duties_panel = DutiesPanel()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(team_box)
        left_layout.addWidget(self.people_box, 1)
        left_layout.addWidget(self.groups_box)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        # In a small window the left side scrolls instead of forcing the window taller.
        scroller = QScrollArea()
        scroller.setWidget(left)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        splitter.addWidget(scroller)
        splitter.addWidget(self.duties_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 340])
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_label)
        layout.addWidget(splitter, 1)

        self.team_view.selectionModel().currentRowChanged.connect(lambda *_: self._team_chosen())
        self.people_view.selectionModel().currentRowChanged.connect(
            lambda *_: self._person_chosen()
        )
        self.group_view.selectionModel().currentRowChanged.connect(
            lambda *_: self._update_buttons()
        )
        self.people_view.doubleClicked.connect(lambda *_: self.edit_person())
        self.group_view.doubleClicked.connect(lambda *_: self.edit_group())
        self.add_person_button.clicked.connect(self.add_person)
        self.edit_person_button.clicked.connect(self.edit_person)
        self.active_button.clicked.connect(self.toggle_person_active)
        self.members_button.clicked.connect(self.edit_team_members)
        self.leader_button.clicked.connect(self.set_team_leader)
        self.add_group_button.clicked.connect(self.add_group)
        self.edit_group_button.clicked.connect(self.edit_group)
        self.group_active_button.clicked.connect(self.toggle_group_active)
        self.refresh()

    # --- showing ------------------------------------------------------------------

    @property
    def overview(self) -> RosterOverview:
        """What the tab shows now."""
        assert self._overview is not None
        return self._overview

    def refresh(self) -> None:
        """Reload from the database, keeping the selected team, person and group."""
        person, group = self.selected_person(), self.selected_group()
        self._overview = load_overview(self._sessions)
        self.team_model.set_overview(self._overview)
        self.duties_panel.set_overview(self._overview)
        fit_table(self.team_view, rows=True)
        row = self.team_model.row_of(self._team_id) if self._team_id is not None else -1
        self.team_view.selectRow(max(row, 0))
        self._team_chosen()
        select_row(self.people_view, self.people_model.row_of(person.id) if person else -1)
        select_row(self.group_view, self.group_model.row_of(group.id) if group else -1)
        self._person_chosen()

    def _team_chosen(self) -> None:
        index = self.team_view.currentIndex()
        if not index.isValid():
            return
        team = self.team_model.team_at(index.row())
        self._team_id = team.id
        self.people_model.set_overview(self.overview, team.id)
        self.group_model.set_overview(self.overview, team.id)
        fit_table(self.people_view)
        fit_table(self.group_view, rows=True, minimum_rows=3)
        active = sum(1 for p in self.overview.members(team.id) if p.active)
        self.people_box.setTitle(f"{team.name} 的人员（在岗 {active} 人）")
        groups = len(team.groups)
        self.groups_box.setTitle(
            f"{team.name} 的办案组（{groups} 个）"
            if groups
            else f"{team.name} 的办案组（尚无；本团队的案件直接分给法官）"
        )
        self._update_buttons()

    def _person_chosen(self) -> None:
        person = self.selected_person()
        if person is not None:
            self.duties_panel.set_role(person.role)
        self._update_buttons()

    def _update_buttons(self) -> None:
        person, group = self.selected_person(), self.selected_group()
        actor, edit = self._operator(), Action.EDIT_ROSTER
        for buttons, enabled in (
            ((self.members_button, self.leader_button), True),
            ((self.add_person_button, self.add_group_button), True),
            ((self.edit_person_button, self.active_button), person is not None),
            ((self.edit_group_button, self.group_active_button), group is not None),
        ):
            gate(buttons, self._sessions, actor, edit, enabled)
        self.active_button.setText("启用" if person and not person.active else "停用")
        self.group_active_button.setText(
            "启用办案组" if group and not group.active else "停用办案组"
        )

    def selected_person(self) -> PersonView | None:
        """The person of the current row, if any."""
        index = self.people_view.currentIndex()
        return self.people_model.person_at(index.row()) if index.isValid() else None

    def selected_group(self) -> GroupView | None:
        """The case group of the current row, if any."""
        index = self.group_view.currentIndex()
        return self.group_model.group_at(index.row()) if index.isValid() else None

    def select_team(self, team_id: int) -> None:
        """Show one team's people and groups."""
        self.team_view.selectRow(self.team_model.row_of(team_id))

    def select_person(self, person_id: int) -> None:
        """Select one person of the shown team."""
        select_row(self.people_view, self.people_model.row_of(person_id))

    def select_group(self, group_id: int) -> None:
        """Select one case group of the shown team."""
        select_row(self.group_view, self.group_model.row_of(group_id))

    def _show_message(self, text: str, error: bool) -> None:
        self.message_label.setText(text)
        set_role(self.message_label, "error" if error else "hint")
        self.message_label.setVisible(True)
