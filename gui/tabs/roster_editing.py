"""The roster tab's edits: each asks a dialog, calls a model/roster/edits service, and says so.

A refusal is shown on the tab and the dialog reopens with what the user typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.group_dialog import GroupDialog, GroupForm
from gui.dialogs.leader_dialog import LeaderDialog
from gui.dialogs.person_dialog import PersonDialog, PersonForm
from gui.dialogs.team_members_dialog import TeamMembersDialog
from gui.widgets.messages import ask_until_saved
from model.entities import Role
from model.errors import UserError
from model.roster import edits as roster
from model.roster.overview import GroupView, PersonView, RosterOverview

Answer = TypeVar("Answer")


class RosterEditing:
    """The edit actions of ``RosterTab`` (a QWidget), which provides what is declared here."""

    _sessions: sessionmaker[Session]
    _operator: Callable[[], int | None]
    _team_id: int | None
    data_changed: SignalInstance

    @property
    def overview(self) -> RosterOverview:
        """What the tab shows now."""
        raise NotImplementedError

    def refresh(self) -> None:
        """Reload the tab."""
        raise NotImplementedError

    def selected_person(self) -> PersonView | None:
        """The selected person."""
        raise NotImplementedError

    def selected_group(self) -> GroupView | None:
        """The selected case group."""
        raise NotImplementedError

    def select_team(self, team_id: int) -> None:
        """Show a team."""
        raise NotImplementedError

    def select_person(self, person_id: int) -> None:
        """Select a person."""
        raise NotImplementedError

    def select_group(self, group_id: int) -> None:
        """Select a case group."""
        raise NotImplementedError

    def _show_message(self, text: str, error: bool) -> None:
        raise NotImplementedError

    def _parent(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

    def _edit(
        self,
        ask: Callable[[Answer | None, str], Answer | None],
        save: Callable[[Answer], object],
        done: str,
    ) -> bool:
        """Ask, save; a refusal is shown here and the dialog reopens with the user's input."""
        refused = lambda message: self._show_message(message, error=True)  # noqa: E731
        if not ask_until_saved(ask, save, refused):
            return False
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
                self._parent(), self.overview.teams, None, form or default, error
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
            lambda form, error: PersonDialog.ask(
                self._parent(), self.overview.teams, person, form, error
            ),
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
                self._parent(), self.overview, team_id, chosen, error
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
            lambda chosen, error: LeaderDialog.ask(
                self._parent(), self.overview, team_id, chosen, error
            ),
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
            lambda form, error: GroupDialog.ask(
                self._parent(), self.overview, team_id, None, form, error
            ),
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
                self._parent(), self.overview, group.team_id, group, form, error
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
