"""分案: current loads and the suggested handler of a new case (SPEC §1, §2).

A simple case goes to the team handling the simple track (执行速执团队), to its active
case group with the fewest pending cases; an ordinary or special case to the team
handling that track (执行普执团队): to one of its case groups the same way where it has
any, otherwise to its active member judge with the fewest pending cases.

Load is the number of the team's cases in 在办 or 中止 held by the group (or, for a
team without groups, by the judge within that team): the weekly sheet counts per team
the same way, and a judge's load on the other team is carried by that team's groups.

Ties: the tied choices are taken in their fixed order (a group's ``rotation``, a
judge's roster order) starting after the choice that received the team's last
assignment, so equal loads are served in turn rather than always the first one.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from model.entities import (
    Assignment,
    Case,
    CaseGroup,
    CaseStatus,
    Person,
    Role,
    Team,
    TeamMember,
    Track,
)
from model.errors import UserError

OPEN_STATUSES = (CaseStatus.PENDING, CaseStatus.SUSPENDED)


@dataclass(frozen=True)
class Choice:
    """A group or judge a case can be given to, with its current load."""

    group_id: int | None
    judge_id: int
    label: str  # 第一办案组（王爱军） / 王爱军
    load: int

    @property
    def text(self) -> str:
        """As a list shows it: 第一办案组（王爱军）— 在办 12 件."""
        return f"{self.label} — 在办 {self.load} 件"


@dataclass(frozen=True)
class Suggestion:
    """Every choice for a track's team, in fixed order, and the suggested one."""

    track: Track
    team_id: int
    team_name: str
    by_group: bool  # True: choices are case groups; False: judges
    choices: tuple[Choice, ...]
    suggested: Choice

    def find(self, group_id: int | None, judge_id: int | None) -> Choice | None:
        """The choice with this group (or, for judges, this judge)."""
        for choice in self.choices:
            if self.by_group and choice.group_id == group_id:
                return choice
            if not self.by_group and choice.judge_id == judge_id:
                return choice
        return None


def group_loads(session: Session) -> dict[int, int]:
    """Pending (在办 + 中止) cases per case group."""
    rows = session.execute(
        select(Case.group_id, func.count())
        .where(Case.status.in_(OPEN_STATUSES), Case.group_id.is_not(None))
        .group_by(Case.group_id)
    )
    return {group_id: count for group_id, count in rows}


def judge_loads(session: Session, team_id: int | None = None) -> dict[int, int]:
    """Pending (在办 + 中止) cases per judge, within one team when ``team_id`` is given."""
    query = (
        select(Case.judge_id, func.count())
        .where(Case.status.in_(OPEN_STATUSES), Case.judge_id.is_not(None))
        .group_by(Case.judge_id)
    )
    if team_id is not None:
        query = query.where(Case.team_id == team_id)
    return {judge_id: count for judge_id, count in session.execute(query)}


def team_for_track(session: Session, track: Track) -> Team:
    """The team whose tracks include this one."""
    teams = session.scalars(select(Team).order_by(Team.ordinal, Team.id)).all()
    for team in teams:
        if track.value in (team.tracks or []):
            return team
    raise UserError(f"没有负责“{track.label}”案件的团队，请先在人员名册中设置团队。", field="track")


def suggest_assignment(session: Session, track: Track) -> Suggestion:
    """Every choice for the track's team with its load, and the one to suggest."""
    team = team_for_track(session, track)
    groups = session.scalars(
        select(CaseGroup)
        .where(CaseGroup.team_id == team.id, CaseGroup.active)
        .order_by(CaseGroup.rotation, CaseGroup.id)
    ).all()
    if groups:
        loads = group_loads(session)
        choices = tuple(
            Choice(g.id, g.judge_id, f"{g.name}（{g.judge.name}）", loads.get(g.id, 0))
            for g in groups
        )
        last = session.scalar(
            select(Assignment.group_id)
            .where(Assignment.team_id == team.id, Assignment.group_id.is_not(None))
            .order_by(Assignment.id.desc())
            .limit(1)
        )
        keys = [c.group_id for c in choices]
    else:
        judges = session.scalars(
            select(Person)
            .join(TeamMember, TeamMember.person_id == Person.id)
            .where(TeamMember.team_id == team.id, Person.role == Role.JUDGE, Person.active)
            .order_by(Person.id)
        ).all()
        if not judges:
            raise UserError(
                f"{team.name}没有启用的办案组或员额法官，无法分案，请先在人员名册中设置。",
                field="assignment",
            )
        loads = judge_loads(session, team.id)
        choices = tuple(Choice(None, p.id, p.name, loads.get(p.id, 0)) for p in judges)
        last = session.scalar(
            select(Assignment.judge_id)
            .where(Assignment.team_id == team.id, Assignment.judge_id.is_not(None))
            .order_by(Assignment.id.desc())
            .limit(1)
        )
        keys = [c.judge_id for c in choices]
    return Suggestion(
        track=track,
        team_id=team.id,
        team_name=team.name,
        by_group=bool(groups),
        choices=choices,
        suggested=_pick(choices, keys, last),
    )


def _pick(choices: tuple[Choice, ...], keys: list[int | None], last: int | None) -> Choice:
    """The least-loaded choice; ties in fixed order starting after the last one assigned."""
    least = min(c.load for c in choices)
    start = keys.index(last) + 1 if last in keys else 0
    for offset in range(len(choices)):
        choice = choices[(start + offset) % len(choices)]
        if choice.load == least:
            return choice
    raise AssertionError("unreachable: some choice has the least load")


@dataclass(frozen=True)
class Resolved:
    """The team, group and judge a case is actually given to, and what was suggested."""

    team_id: int
    group_id: int | None
    judge_id: int
    label: str
    suggestion: Suggestion


def resolve_assignment(
    session: Session, track: Track, group_id: int | None, judge_id: int | None
) -> Resolved:
    """Check a chosen group/judge belongs to the track's team; the suggestion where none is.

    A group brings its judge; a judge alone, in a team with groups, means that judge's
    group in the team.
    """
    suggestion = suggest_assignment(session, track)
    if group_id is None and judge_id is None:
        chosen = suggestion.suggested
    elif suggestion.by_group:
        if group_id is None:
            matches = [c for c in suggestion.choices if c.judge_id == judge_id]
            if len(matches) != 1:
                raise UserError(
                    f"{suggestion.team_name}中没有由该法官负责的唯一办案组，请选择办案组。",
                    field="assignment",
                )
            chosen = matches[0]
        else:
            found = suggestion.find(group_id, None)
            if found is None:
                raise UserError(
                    f"所选办案组不是{suggestion.team_name}的在用办案组。", field="assignment"
                )
            if judge_id is not None and judge_id != found.judge_id:
                raise UserError(f"所选法官不是{found.label}的承办法官。", field="assignment")
            chosen = found
    else:
        if group_id is not None:
            raise UserError(
                f"{suggestion.team_name}没有办案组，请选择承办法官。", field="assignment"
            )
        found = suggestion.find(None, judge_id)
        if found is None:
            raise UserError(
                f"所选法官不是{suggestion.team_name}的在职员额法官。", field="assignment"
            )
        chosen = found
    return Resolved(
        team_id=suggestion.team_id,
        group_id=chosen.group_id,
        judge_id=chosen.judge_id,
        label=chosen.label,
        suggestion=suggestion,
    )


def load_suggestion(sessions: sessionmaker[Session], track: Track) -> Suggestion:
    """``suggest_assignment`` in a short read-only session (for the window)."""
    with sessions() as session:
        return suggest_assignment(session, track)
