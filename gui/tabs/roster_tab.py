"""人员名册 tab: the teams, their people and case groups, the duties of each role, and edits."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.group_dialog import GroupDialog, GroupForm
from gui.dialogs.leader_dialog import LeaderDialog
from gui.dialogs.person_dialog import PersonDialog, PersonForm
from gui.dialogs.team_members_dialog import TeamMembersDialog
from gui.duties_panel import DutiesPanel
from gui.models.roster_group_model import RosterGroupModel
from gui.models.roster_table_model import RosterTableModel
from gui.models.roster_team_model import RosterTeamModel
from gui.permission_gate import gate
from gui.table_views import button_row, fit_table, make_table_view, select_row
from model.access.permissions import Action
from model.entities import Role
from model.errors import UserError
from model.roster import edits as roster
from model.roster.overview import GroupView, PersonView, RosterOverview, load_overview

Answer = TypeVar("Answer")


class RosterTab(QWidget):
    """人员名册: select a team to see its people and case groups; a person shows their duties."""

    data_changed = Signal()
    open_in_deadlines = Signal(int)
    retriage_requested = Signal(int)

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
        team_box = QGroupBox("执行团队")
        team_layout = QVBoxLayout(team_box)
        team_layout.addWidget(self.team_view)
        team_layout.addLayout(button_row(self.members_button, self.leader_button))

        self.people_model = RosterTableModel(self)
        self.people_view = make_table_view(self.people_model, stretch_last=False)
        self.people_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.add_person_button = QPushButton("新增人员…")
        self.edit_person_button = QPushButton("编辑…")
        self.active_button = QPushButton("停用")
        self.people_box = QGroupBox("人员")
        people_layout = QVBoxLayout(self.people_box)
        people_layout.addLayout(
            button_row(self.add_person_button, self.edit_person_button, self.active_button)
        )
        people_layout.addWidget(self.people_view)

        self.group_model = RosterGroupModel(self)
        self.group_view = make_table_view(self.group_model)
        self.add_group_button = QPushButton("新增办案组…")
        self.edit_group_button = QPushButton("编辑办案组…")
        self.group_active_button = QPushButton("停用办案组")
        self.groups_box = QGroupBox("办案组")
        groups_layout = QVBoxLayout(self.groups_box)
        groups_layout.addLayout(
            button_row(self.add_group_button, self.edit_group_button, self.group_active_button)
        )
        groups_layout.addWidget(self.group_view)

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
        self.message_label.setProperty("role", "error" if error else "hint")
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)
        self.message_label.setVisible(True)

    # --- editing ------------------------------------------------------------------

    def _edit(
        self,
        ask: Callable[[Answer | None, str], Answer | None],
        save: Callable[[Answer], object],
        done: str,
    ) -> bool:
        """Ask, save; a refusal is shown here and the dialog reopens with the user's input."""
        answer: Answer | None = None
        error = ""
        while True:
            answer = ask(answer, error)
            if answer is None:
                return False
            try:
                save(answer)
            except UserError as refusal:
                error = refusal.message
                self._show_message(error, error=True)
                continue
            self._changed(done)
            return True

    def _act(self, action: Callable[[], object], done: str) -> bool:
        """Do an edit that needs no dialog; a refusal is shown here."""
        try:
            action()
        except UserError as refusal:
            self._show_message(refusal.message, error=True)
            return False
        self._changed(done)
        return True

    def _changed(self, done: str) -> None:
        self.refresh()
        self._show_message(done, error=False)
        self.data_changed.emit()

    def add_person(self) -> bool:
        """新增人员."""
        new_ids: list[int] = []

        def save(form: PersonForm) -> None:
            new_ids.append(
                roster.add_person(
                    self._sessions,
                    form.name,
                    form.role,
                    form.position,
                    form.team_ids,
                    form.aliases,
                    actor_id=self._operator(),
                )
            )

        default = PersonForm("", Role.CLERK, "", (), (self._team_id,) if self._team_id else ())
        ok = self._edit(
            lambda form, error: PersonDialog.ask(
                self, self.overview.teams, None, form or default, error
            ),
            save,
            "已新增人员。",
        )
        if ok and new_ids:
            self.select_person(new_ids[0])
        return ok

    def edit_person(self) -> bool:
        """编辑 the selected person."""
        person = self.selected_person()
        if person is None:
            return False

        def save(form: PersonForm) -> None:
            roster.update_person(
                self._sessions,
                person.id,
                name=form.name,
                role=form.role,
                position=form.position,
                aliases=form.aliases,
                team_ids=form.team_ids,
                actor_id=self._operator(),
            )

        return self._edit(
            lambda form, error: PersonDialog.ask(self, self.overview.teams, person, form, error),
            save,
            f"已保存{person.name}的信息。",
        )

    def toggle_person_active(self) -> bool:
        """停用 or 启用 the selected person (never deleted)."""
        person = self.selected_person()
        if person is None:
            return False
        verb = "启用" if not person.active else "停用"
        return self._act(
            lambda: roster.set_person_active(
                self._sessions, person.id, not person.active, actor_id=self._operator()
            ),
            f"已{verb}{person.name}。",
        )

    def edit_team_members(self) -> bool:
        """团队成员调整 of the selected team."""
        if self._team_id is None:
            return False
        team_id = self._team_id
        return self._edit(
            lambda chosen, error: TeamMembersDialog.ask(
                self, self.overview, team_id, chosen, error
            ),
            lambda chosen: roster.set_team_members(
                self._sessions, team_id, chosen, actor_id=self._operator()
            ),
            "已调整团队成员。",
        )

    def set_team_leader(self) -> bool:
        """设置团队负责人 of the selected team."""
        if self._team_id is None:
            return False
        team_id = self._team_id
        return self._edit(
            lambda chosen, error: LeaderDialog.ask(self, self.overview, team_id, chosen, error),
            lambda chosen: roster.set_team_leader(
                self._sessions, team_id, chosen, actor_id=self._operator()
            ),
            "已设置团队负责人。",
        )

    def add_group(self) -> bool:
        """新增办案组, on the selected team by default (any team may have groups)."""
        if self._team_id is None:
            return False
        team_id = self._team_id
        new: list[tuple[int, int]] = []

        def save(form: GroupForm) -> None:
            group_id = roster.add_group(
                self._sessions,
                form.team_id,
                form.name,
                form.judge_id,
                form.police_id,
                form.clerk_id,
                actor_id=self._operator(),
            )
            new.append((form.team_id, group_id))

        ok = self._edit(
            lambda form, error: GroupDialog.ask(self, self.overview, team_id, None, form, error),
            save,
            "已新增办案组。",
        )
        if ok and new:
            self.select_team(new[0][0])
            self.select_group(new[0][1])
        return ok

    def edit_group(self) -> bool:
        """编辑办案组: rename it, change its members."""
        group = self.selected_group()
        if group is None:
            return False

        def save(form: GroupForm) -> None:
            roster.update_group(
                self._sessions,
                group.id,
                name=form.name,
                judge_id=form.judge_id,
                police_id=form.police_id,
                clerk_id=form.clerk_id,
                actor_id=self._operator(),
            )

        return self._edit(
            lambda form, error: GroupDialog.ask(
                self, self.overview, group.team_id, group, form, error
            ),
            save,
            f"已保存{group.name}。",
        )

    def toggle_group_active(self) -> bool:
        """停用 or 启用 the selected case group; its cases keep it."""
        group = self.selected_group()
        if group is None:
            return False
        verb = "启用" if not group.active else "停用"
        return self._act(
            lambda: roster.set_group_active(
                self._sessions, group.id, not group.active, actor_id=self._operator()
            ),
            f"已{verb}{group.name}。",
        )

    # --- the agreed interface of every tab -----------------------------------------

    def show_case(self, case_id: int) -> None:
        """Bring one case into view (the roster shows no cases)."""

    def load_case(self, case_id: int) -> None:
        """Load a saved case for re-triage (not on this tab)."""
