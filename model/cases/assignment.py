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
    OPEN_STATUSES,
    Assignment,
    Case,
    CaseGroup,
    Person,
    Role,
    Team,
    TeamMember,
    Track,
)
from model.errors import UserError


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
    return {group_id: count for group_id, count in rows if group_id is not None}


def judge_loads(session: Session, team_id: int | None = None) -> dict[int, int]:
    """Pending (在办 + 中止) cases per judge, within one team when ``team_id`` is given."""
    query = (
        select(Case.judge_id, func.count())
        .where(Case.status.in_(OPEN_STATUSES), Case.judge_id.is_not(None))
        .group_by(Case.judge_id)
    )
    if team_id is not None:
        query = query.where(Case.team_id == team_id)
    return {judge_id: count for judge_id, count in session.execute(query) if judge_id is not None}


def team_for_track(session: Session, track: Track) -> Team:
    """The team whose tracks include this one."""
    teams = session.scalars(select(Team).order_by(Team.ordinal, Team.id)).all()
    for team in teams:
        if track.value in (team.tracks or []):
            return team
    raise UserError(f"没有负责“{track.label}”案件的团队，请先在人员名册中设置团队。", field="track")


@dataclass(frozen=True)
class _Roster:
    """A track's team and the choices it offers, in fixed order, without their loads."""

    track: Track
    team_id: int
    team_name: str
    by_group: bool
    options: tuple[tuple[int | None, int, str], ...]  # (group_id, judge_id, label)


def _roster(session: Session, track: Track) -> _Roster:
    team = team_for_track(session, track)
    groups = session.scalars(
        select(CaseGroup)
        .where(CaseGroup.team_id == team.id, CaseGroup.active)
        .order_by(CaseGroup.rotation, CaseGroup.id)
    ).all()
    if groups:
        options = tuple((g.id, g.judge_id, f"{g.name}（{g.judge.name}）") for g in groups)
        return _Roster(track, team.id, team.name, True, options)
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
    return _Roster(track, team.id, team.name, False, tuple((None, p.id, p.name) for p in judges))


def _last_assigned(session: Session, roster: _Roster) -> int | None:
    """The group (or judge) that received the team's last assignment."""
    column = Assignment.group_id if roster.by_group else Assignment.judge_id
    return session.scalar(
        select(column)
        .where(Assignment.team_id == roster.team_id, column.is_not(None))
        .order_by(Assignment.id.desc())
        .limit(1)
    )


def _suggestion(roster: _Roster, loads: dict[int, int], last: int | None) -> Suggestion:
    """The choices with their loads and the one to suggest (groups' or judges' loads)."""
    choices = tuple(
        Choice(g, j, label, loads.get(g if roster.by_group else j, 0))  # type: ignore[arg-type]  # a group roster has group ids, a judge roster judge ids
        for g, j, label in roster.options
    )
    keys = [c.group_id if roster.by_group else c.judge_id for c in choices]
    return Suggestion(
        track=roster.track,
        team_id=roster.team_id,
        team_name=roster.team_name,
        by_group=roster.by_group,
        choices=choices,
        suggested=_pick(choices, keys, last),
    )


def suggest_assignment(session: Session, track: Track) -> Suggestion:
    """Every choice for the track's team with its load, and the one to suggest."""
    roster = _roster(session, track)
    loads = group_loads(session) if roster.by_group else judge_loads(session, roster.team_id)
    return _suggestion(roster, loads, _last_assigned(session, roster))


class LoadBook:
    """Loads read once and kept up to date in memory while many cases are assigned in turn.

    For the ledger import: ``resolve`` gives each row what ``resolve_assignment`` would
    give it at that moment (same roster, same rule, same tie order), provided every
    case the caller registers is then passed to ``count`` in file order, and every
    counted open case that is closed or moved to another handler afterwards to
    ``release`` (its 期限事项: a 移交, a closing after them).
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._rosters: dict[Track, _Roster] = {}
        self._group_loads: dict[int, int] | None = None
        self._judge_loads: dict[int, dict[int, int]] = {}  # team → judge → load
        self._last: dict[tuple[int, bool], int | None] = {}  # (team, by_group) → last

    def _roster(self, track: Track) -> _Roster:
        if track not in self._rosters:
            self._rosters[track] = _roster(self.session, track)
        return self._rosters[track]

    def _loads(self, roster: _Roster) -> dict[int, int]:
        if roster.by_group:
            if self._group_loads is None:
                self._group_loads = group_loads(self.session)
            return self._group_loads
        if roster.team_id not in self._judge_loads:
            self._judge_loads[roster.team_id] = judge_loads(self.session, roster.team_id)
        return self._judge_loads[roster.team_id]

    def _last_key(self, roster: _Roster) -> tuple[int, bool]:
        key = (roster.team_id, roster.by_group)
        if key not in self._last:
            self._last[key] = _last_assigned(self.session, roster)
        return key

    def suggest(self, track: Track) -> Suggestion:
        """As ``suggest_assignment`` would answer now."""
        roster = self._roster(track)
        return _suggestion(roster, self._loads(roster), self._last[self._last_key(roster)])

    def resolve(self, track: Track, group_id: int | None, judge_id: int | None) -> Resolved:
        """As ``resolve_assignment`` would answer now."""
        return resolve_choice(self.suggest(track), group_id, judge_id)

    def count(self, resolved: Resolved, still_open: bool) -> None:
        """A case was assigned as ``resolved``; ``still_open``: it adds to the load."""
        for by_group in (True, False):
            key = (resolved.team_id, by_group)
            mine = resolved.group_id if by_group else resolved.judge_id
            if key in self._last and mine is not None:
                self._last[key] = mine
        if not still_open:
            return
        if resolved.group_id is not None and self._group_loads is not None:
            loads = self._group_loads
            loads[resolved.group_id] = loads.get(resolved.group_id, 0) + 1
        team_loads = self._judge_loads.get(resolved.team_id)
        if team_loads is not None:
            team_loads[resolved.judge_id] = team_loads.get(resolved.judge_id, 0) + 1

    def release(self, team_id: int | None, group_id: int | None, judge_id: int | None) -> None:
        """An open case so assigned was closed or moved on: it no longer adds to that load."""
        if group_id is not None and self._group_loads is not None:
            self._group_loads[group_id] = self._group_loads.get(group_id, 0) - 1
        team_loads = self._judge_loads.get(team_id) if team_id is not None else None
        if team_loads is not None and judge_id is not None:
            team_loads[judge_id] = team_loads.get(judge_id, 0) - 1


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
    return resolve_choice(suggest_assignment(session, track), group_id, judge_id)


def resolve_choice(suggestion: Suggestion, group_id: int | None, judge_id: int | None) -> Resolved:
    """``resolve_assignment`` for a suggestion already made."""
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
