"""人员名册: the edits the office makes to the roster when staff change.

Every edit is one transaction and either happens whole or is refused with a
``UserError`` that says why, in Chinese. People and case groups are never deleted,
only deactivated, so that cases keep the people they were assigned to; nothing
here writes to a case.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import Action, authorise
from model.entities import CaseGroup, Person, PersonAlias, Role, Team, TeamMember
from model.errors import UserError
from model.roster.names import normalise_name

SLOT_ROLES = {"judge": Role.JUDGE, "police": Role.POLICE, "clerk": Role.CLERK}
"""The slots of a case group and the role each one takes."""


# --- checks ----------------------------------------------------------------------


def _person(s: Session, person_id: int) -> Person:
    person = s.get(Person, person_id)
    if person is None:
        raise UserError("找不到这名人员，名册可能已被修改，请刷新后重试。")
    return person


def _team(s: Session, team_id: int) -> Team:
    team = s.get(Team, team_id)
    if team is None:
        raise UserError("找不到这个团队，请刷新后重试。")
    return team


def _group(s: Session, group_id: int) -> CaseGroup:
    group = s.get(CaseGroup, group_id)
    if group is None:
        raise UserError("找不到这个办案组，请刷新后重试。")
    return group


def _check_name_free(s: Session, name: str, owner_id: int | None, field_name: str) -> None:
    """Refuse a name or alias that is already someone's name or alias."""
    holder = s.scalar(select(Person).where(Person.name == name))
    alias = s.scalar(select(PersonAlias).where(PersonAlias.alias == name))
    if holder is not None and holder.id != owner_id:
        raise UserError(
            f"名册中已有“{name}”（{holder.role.label}），同名人员不能重复登记。", field=field_name
        )
    if alias is not None and alias.person_id != owner_id:
        raise UserError(
            f"“{name}”已登记为“{alias.person.name}”的别名，不能再作为另一人的姓名或别名。",
            field=field_name,
        )


def _clean_name(name: str, field_name: str = "name") -> str:
    cleaned = normalise_name(name)
    if not cleaned:
        raise UserError("姓名不能为空。", field=field_name)
    if len(cleaned) > 32:
        raise UserError("姓名过长（最多 32 个字）。", field=field_name)
    return cleaned


def _clean_aliases(
    s: Session, aliases: Iterable[str], name: str, owner_id: int | None
) -> list[str]:
    cleaned: list[str] = []
    for raw in aliases:
        alias = normalise_name(raw)
        if not alias or alias in cleaned:
            continue
        if alias == name:
            raise UserError(f"别名“{alias}”与姓名相同，无需登记。", field="aliases")
        if len(alias) > 32:
            raise UserError("别名过长（最多 32 个字）。", field="aliases")
        _check_name_free(s, alias, owner_id, "aliases")
        cleaned.append(alias)
    return cleaned


def _active_groups(s: Session, team_id: int | None = None) -> list[CaseGroup]:
    query = select(CaseGroup).where(CaseGroup.active)
    if team_id is not None:
        query = query.where(CaseGroup.team_id == team_id)
    return list(s.scalars(query.order_by(CaseGroup.team_id, CaseGroup.rotation)))


def _seats(s: Session, person_id: int, team_id: int | None = None) -> list[tuple[CaseGroup, str]]:
    """The active group slots a person holds: (group, slot)."""
    return [
        (g, slot)
        for g in _active_groups(s, team_id)
        for slot in SLOT_ROLES
        if getattr(g, f"{slot}_id") == person_id
    ]


def _set_teams(s: Session, person: Person, team_ids: Iterable[int]) -> None:
    """Make a person a member of exactly these teams, refusing to break a group or a lead."""
    wanted = set(team_ids)
    for team_id in wanted:
        _team(s, team_id)
    current = {
        m.team_id: m for m in s.scalars(select(TeamMember).where(TeamMember.person_id == person.id))
    }
    for team_id, membership in current.items():
        if team_id in wanted:
            continue
        team = _team(s, team_id)
        seats = _seats(s, person.id, team_id)
        if seats:
            raise UserError(
                f"{person.name}在“{team.name}”的{seats[0][0].name}中，"
                "请先修改该办案组，再把其移出团队。",
                field="teams",
            )
        if team.leader_id == person.id:
            raise UserError(
                f"{person.name}是“{team.name}”的负责人，请先更换团队负责人。", field="teams"
            )
        s.delete(membership)
    for team_id in wanted - set(current):
        s.add(TeamMember(team_id=team_id, person_id=person.id))


# --- editing people --------------------------------------------------------------


def add_person(
    sessions: sessionmaker[Session],
    name: str,
    role: Role,
    position: str = "",
    team_ids: Sequence[int] = (),
    aliases: Sequence[str] = (),
    *,
    actor_id: int | None = None,
) -> int:
    """新增人员: a new person, with the normalised name; returns the new id."""
    with sessions.begin() as s:
        authorise(s, actor_id, Action.EDIT_ROSTER)
        clean = _clean_name(name)
        _check_name_free(s, clean, None, "name")
        person = Person(name=clean, role=Role(role), position=position.strip(), active=True)
        for alias in _clean_aliases(s, aliases, clean, None):
            person.aliases.append(PersonAlias(alias=alias))
        s.add(person)
        s.flush()
        _set_teams(s, person, team_ids)
        return person.id


def update_person(
    sessions: sessionmaker[Session],
    person_id: int,
    *,
    name: str,
    role: Role,
    position: str,
    aliases: Sequence[str],
    team_ids: Sequence[int],
    actor_id: int | None = None,
) -> None:
    """编辑人员: rename, change role, position, aliases and teams at once."""
    with sessions.begin() as s:
        authorise(s, actor_id, Action.EDIT_ROSTER)
        person = _person(s, person_id)
        clean = _clean_name(name)
        _check_name_free(s, clean, person.id, "name")
        role = Role(role)
        if role is not person.role:
            for group, slot in _seats(s, person.id):
                raise UserError(
                    f"{person.name}是{group.name}的{SLOT_ROLES[slot].label}，"
                    f"请先修改该办案组，再改变其角色。",
                    field="role",
                )
        wanted = _clean_aliases(s, aliases, clean, person.id)
        person.name, person.role, person.position = clean, role, position.strip()
        for alias in list(person.aliases):
            if alias.alias not in wanted:
                person.aliases.remove(alias)
        s.flush()
        kept = {a.alias for a in person.aliases}
        for name in wanted:
            if name not in kept:
                person.aliases.append(PersonAlias(alias=name))
        _set_teams(s, person, team_ids)


def set_person_active(
    sessions: sessionmaker[Session], person_id: int, active: bool, *, actor_id: int | None = None
) -> None:
    """停用/启用: a person is never deleted; one who sits on a group or leads a team stays."""
    with sessions.begin() as s:
        authorise(s, actor_id, Action.EDIT_ROSTER)
        person = _person(s, person_id)
        if not active:
            for group, slot in _seats(s, person.id):
                raise UserError(
                    f"{person.name}是{group.name}的{SLOT_ROLES[slot].label}"
                    f"{'（该组唯一的法官）' if slot == 'judge' else ''}，"
                    "请先修改或停用该办案组，再停用此人。"
                )
            for team in s.scalars(select(Team).where(Team.leader_id == person.id)):
                raise UserError(f"{person.name}是“{team.name}”的负责人，请先更换团队负责人。")
        person.active = active


# --- editing teams ---------------------------------------------------------------


def set_team_members(
    sessions: sessionmaker[Session],
    team_id: int,
    person_ids: Sequence[int],
    *,
    actor_id: int | None = None,
) -> None:
    """团队成员调整: the team's members become exactly these people."""
    with sessions.begin() as s:
        authorise(s, actor_id, Action.EDIT_ROSTER)
        team = _team(s, team_id)
        wanted = set(person_ids)
        current = {m.person_id for m in team.members}
        for person_id in sorted(current | wanted):
            person = _person(s, person_id)
            teams = {
                m.team_id
                for m in s.scalars(select(TeamMember).where(TeamMember.person_id == person_id))
            }
            teams = teams | {team.id} if person_id in wanted else teams - {team.id}
            _set_teams(s, person, teams)


def set_team_leader(
    sessions: sessionmaker[Session], team_id: int, person_id: int, *, actor_id: int | None = None
) -> None:
    """设置团队负责人: an active member of the team."""
    with sessions.begin() as s:
        authorise(s, actor_id, Action.EDIT_ROSTER)
        team = _team(s, team_id)
        person = _person(s, person_id)
        if not person.active:
            raise UserError(f"{person.name}已停用，不能担任团队负责人。", field="leader")
        if s.get(TeamMember, (team.id, person.id)) is None:
            raise UserError(
                f"{person.name}不是“{team.name}”的成员，请先把其加入团队。", field="leader"
            )
        team.leader_id = person.id


# --- editing case groups ---------------------------------------------------------


def _check_slots(
    s: Session, team: Team, judge_id: int | None, police_id: int | None, clerk_id: int | None
) -> None:
    if judge_id is None:
        raise UserError("办案组必须有且只有一名员额法官。", field="judge")
    for slot, person_id in (("judge", judge_id), ("police", police_id), ("clerk", clerk_id)):
        if person_id is None:
            continue
        person = _person(s, person_id)
        wanted = SLOT_ROLES[slot]
        if person.role is not wanted:
            raise UserError(
                f"{person.name}是{person.role.label}，不能担任办案组的{wanted.label}。"
                + ("办案组必须有且只有一名员额法官。" if slot == "judge" else ""),
                field=slot,
            )
        if not person.active:
            raise UserError(f"{person.name}已停用，不能编入办案组。", field=slot)
        if s.get(TeamMember, (team.id, person.id)) is None:
            raise UserError(
                f"{person.name}不是“{team.name}”的成员，办案组成员必须属于该团队。", field=slot
            )


def _clean_group_name(s: Session, team: Team, name: str, group_id: int | None) -> str:
    clean = normalise_name(name)
    if not clean:
        raise UserError("办案组名称不能为空。", field="name")
    if len(clean) > 64:
        raise UserError("办案组名称过长（最多 64 个字）。", field="name")
    other = s.scalar(select(CaseGroup).where(CaseGroup.team_id == team.id, CaseGroup.name == clean))
    if other is not None and other.id != group_id:
        raise UserError(f"“{team.name}”已有名为“{clean}”的办案组。", field="name")
    return clean


def add_group(
    sessions: sessionmaker[Session],
    team_id: int,
    name: str,
    judge_id: int | None,
    police_id: int | None = None,
    clerk_id: int | None = None,
    *,
    actor_id: int | None = None,
) -> int:
    """新增办案组 on any team: one judge, optionally one police officer and one clerk."""
    with sessions.begin() as s:
        authorise(s, actor_id, Action.EDIT_ROSTER)
        team = _team(s, team_id)
        clean = _clean_group_name(s, team, name, None)
        _check_slots(s, team, judge_id, police_id, clerk_id)
        last = max((g.rotation for g in team.groups), default=-1)
        group = CaseGroup(
            team_id=team.id,
            name=clean,
            judge_id=judge_id,
            police_id=police_id,
            clerk_id=clerk_id,
            rotation=last + 1,
            active=True,
        )
        s.add(group)
        s.flush()
        return group.id


def update_group(
    sessions: sessionmaker[Session],
    group_id: int,
    *,
    name: str,
    judge_id: int | None,
    police_id: int | None,
    clerk_id: int | None,
    actor_id: int | None = None,
) -> None:
    """编辑办案组: rename it and change its members; its past cases stay as assigned."""
    with sessions.begin() as s:
        authorise(s, actor_id, Action.EDIT_ROSTER)
        group = _group(s, group_id)
        group.name = _clean_group_name(s, group.team, name, group.id)
        _check_slots(s, group.team, judge_id, police_id, clerk_id)
        group.judge_id, group.police_id, group.clerk_id = judge_id, police_id, clerk_id  # type: ignore[assignment]  # _check_slots refused a missing judge


def set_group_active(
    sessions: sessionmaker[Session], group_id: int, active: bool, *, actor_id: int | None = None
) -> None:
    """停用/启用办案组; an enabled group must again satisfy the rules."""
    with sessions.begin() as s:
        authorise(s, actor_id, Action.EDIT_ROSTER)
        group = _group(s, group_id)
        if active:
            _check_slots(s, group.team, group.judge_id, group.police_id, group.clerk_id)
        group.active = active
