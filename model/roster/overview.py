"""人员名册 as the roster tab shows it: teams, people, case groups and duties, read in one go."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.entities import CaseGroup, Duty, Person, Role, Team
from model.storage.seed import load_data

ROLE_ORDER = {Role.JUDGE: 0, Role.POLICE: 1, Role.CLERK: 2}


@dataclass(frozen=True)
class PersonView:
    """One person as the roster shows them."""

    id: int
    name: str
    role: Role
    position: str
    active: bool
    aliases: tuple[str, ...]
    team_ids: tuple[int, ...]
    team_names: tuple[str, ...]
    group_names: tuple[str, ...]  # active case groups the person sits on

    @property
    def display_name(self) -> str:
        """The name with its recorded aliases: 佟海冬（又作 佟海东）."""
        if not self.aliases:
            return self.name
        return f"{self.name}（又作 {'、'.join(self.aliases)}）"


@dataclass(frozen=True)
class GroupView:
    """办案组 as the roster shows it."""

    id: int
    team_id: int
    team_name: str
    name: str
    judge_id: int
    judge_name: str
    police_id: int | None
    police_name: str
    clerk_id: int | None
    clerk_name: str
    active: bool


@dataclass(frozen=True)
class TeamView:
    """执行团队 with its leader, members and case groups."""

    id: int
    code: str
    name: str
    leader_id: int | None
    leader_name: str
    member_ids: tuple[int, ...]
    groups: tuple[GroupView, ...]


@dataclass(frozen=True)
class RosterOverview:
    """Everything the roster tab shows, read in one go."""

    teams: tuple[TeamView, ...]
    people: tuple[PersonView, ...]  # judges, then police, then clerks
    duties: dict[Role, tuple[str, ...]] = field(default_factory=dict)
    duty_preambles: dict[Role, str] = field(default_factory=dict)

    def person(self, person_id: int) -> PersonView:
        """The person with this id."""
        return next(p for p in self.people if p.id == person_id)

    def team(self, team_id: int) -> TeamView:
        """The team with this id."""
        return next(t for t in self.teams if t.id == team_id)

    def members(self, team_id: int, role: Role | None = None) -> list[PersonView]:
        """A team's members, in roster order, optionally of one role."""
        ids = set(self.team(team_id).member_ids)
        return [p for p in self.people if p.id in ids and (role is None or p.role is role)]


def load_overview(sessions: sessionmaker[Session]) -> RosterOverview:
    """The teams, people, case groups and duties, for display."""
    with sessions() as s:
        teams = s.scalars(select(Team).order_by(Team.ordinal, Team.id)).all()
        people = sorted(s.scalars(select(Person)).all(), key=lambda p: (ROLE_ORDER[p.role], p.id))
        groups = s.scalars(select(CaseGroup).order_by(CaseGroup.rotation, CaseGroup.id)).all()
        names = {p.id: p.name for p in people}
        team_names = {t.id: t.name for t in teams}
        memberships: dict[int, list[int]] = {}
        for team in teams:
            for member in team.members:
                memberships.setdefault(member.person_id, []).append(team.id)
        seats: dict[int, list[str]] = {}
        group_views: dict[int, list[GroupView]] = {}
        for g in groups:
            group_views.setdefault(g.team_id, []).append(
                GroupView(
                    id=g.id,
                    team_id=g.team_id,
                    team_name=team_names[g.team_id],
                    name=g.name,
                    judge_id=g.judge_id,
                    judge_name=names[g.judge_id],
                    police_id=g.police_id,
                    police_name=names.get(g.police_id or 0, ""),
                    clerk_id=g.clerk_id,
                    clerk_name=names.get(g.clerk_id or 0, ""),
                    active=g.active,
                )
            )
            if g.active:
                for pid in (g.judge_id, g.police_id, g.clerk_id):
                    if pid is not None:
                        seats.setdefault(pid, []).append(g.name)
        person_views = []
        for p in people:
            team_ids = sorted(memberships.get(p.id, []), key=[t.id for t in teams].index)
            person_views.append(
                PersonView(
                    id=p.id,
                    name=p.name,
                    role=p.role,
                    position=p.position,
                    active=p.active,
                    aliases=tuple(a.alias for a in p.aliases),
                    team_ids=tuple(team_ids),
                    team_names=tuple(team_names[t] for t in team_ids),
                    group_names=tuple(seats.get(p.id, [])),
                )
            )
        team_views = tuple(
            TeamView(
                id=t.id,
                code=t.code,
                name=t.name,
                leader_id=t.leader_id,
                leader_name=names.get(t.leader_id or 0, ""),
                member_ids=tuple(p.id for p in people if t.id in memberships.get(p.id, [])),
                groups=tuple(group_views.get(t.id, [])),
            )
            for t in teams
        )
        duties: dict[Role, list[str]] = {role: [] for role in Role}
        for duty in s.scalars(select(Duty).order_by(Duty.role, Duty.ordinal)):
            duties[duty.role].append(duty.text)
    return RosterOverview(
        teams=team_views,
        people=tuple(person_views),
        duties={role: tuple(texts) for role, texts in duties.items()},
        duty_preambles=_duty_preambles(),
    )


def _duty_preambles() -> dict[Role, str]:
    """The lines the seed writes before a role's list (only the police have one)."""
    try:
        data = load_data("duties.json")
    except (OSError, ValueError):
        return {}
    return {
        role: data[f"{role.value}_preamble"] for role in Role if f"{role.value}_preamble" in data
    }
