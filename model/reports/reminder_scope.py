"""Who sees what in 待办 (SPEC §8): the cases a person's reminders cover, as SQL.

A judge sees the cases they handle; a clerk or police officer their group's cases (on a
team without groups, that team's); the chief and deputy everything, and the holiday
calendar's item too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.orm import Session

from model.access.permissions import Rank, rank_of
from model.entities import Case, CaseGroup, Person, TeamMember


@dataclass(frozen=True)
class Scope:
    """Which cases a person's reminders cover (SPEC §8 "who sees what")."""

    everything: bool = False
    judge_id: int | None = None
    group_ids: tuple[int, ...] = ()
    team_ids: tuple[int, ...] = ()  # teams without groups the person works on
    leader: bool = False  # chief or deputy: also the holiday-calendar item

    def condition(self) -> ColumnElement[bool]:
        """The cases in scope, as SQL."""
        if self.everything:
            return true()
        if self.judge_id is not None:
            return Case.judge_id == self.judge_id
        parts = []
        if self.group_ids:
            parts.append(Case.group_id.in_(self.group_ids))
        if self.team_ids:
            parts.append(Case.team_id.in_(self.team_ids))
        return or_(*parts) if parts else false()


def scope_of(session: Session, person: Person | None) -> Scope:
    """A judge: the cases they handle; a clerk or police officer: their group's cases, and
    on a team without groups the cases of that team's judges; the chief and deputy: all."""
    if person is None:
        return Scope(everything=True, leader=True)
    rank = rank_of(session, person)
    if rank in (Rank.CHIEF, Rank.DEPUTY):
        return Scope(everything=True, leader=True)
    if rank is Rank.JUDGE:
        return Scope(judge_id=person.id)
    groups = session.scalars(
        select(CaseGroup.id).where(
            CaseGroup.active,
            or_(CaseGroup.clerk_id == person.id, CaseGroup.police_id == person.id),
        )
    ).all()
    with_groups = select(CaseGroup.team_id).where(CaseGroup.active)
    teams = session.scalars(
        select(TeamMember.team_id).where(
            TeamMember.person_id == person.id, TeamMember.team_id.not_in(with_groups)
        )
    ).all()
    return Scope(group_ids=tuple(sorted(groups)), team_ids=tuple(sorted(teams)))
