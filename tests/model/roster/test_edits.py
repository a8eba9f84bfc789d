"""Roster edits: each rule refuses with a Chinese message and writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.entities import Case, CaseGroup, Person, Role, Team, TeamMember, Track
from model.errors import UserError
from model.roster import edits as roster
from model.roster.overview import load_overview


def pid(sessions: sessionmaker[Session], name: str) -> int:
    with sessions() as s:
        return s.scalars(select(Person.id).where(Person.name == name)).one()


def tid(sessions: sessionmaker[Session], code: str) -> int:
    with sessions() as s:
        return s.scalars(select(Team.id).where(Team.code == code)).one()


def gid(sessions: sessionmaker[Session], name: str) -> int:
    with sessions() as s:
        return s.scalars(select(CaseGroup.id).where(CaseGroup.name == name)).one()


def snapshot(sessions: sessionmaker[Session]) -> tuple:
    """Every roster row, to show a refused edit wrote nothing."""
    with sessions() as s:
        people = [
            (p.id, p.name, p.role, p.position, p.active, tuple(a.alias for a in p.aliases))
            for p in s.scalars(select(Person).order_by(Person.id))
        ]
        members = sorted((m.team_id, m.person_id) for m in s.scalars(select(TeamMember)))
        groups = [
            (g.id, g.team_id, g.name, g.judge_id, g.police_id, g.clerk_id, g.active)
            for g in s.scalars(select(CaseGroup).order_by(CaseGroup.id))
        ]
        leaders = [(t.id, t.leader_id) for t in s.scalars(select(Team).order_by(Team.id))]
    return people, members, groups, leaders


def refused(
    sessions: sessionmaker[Session],
    action: Callable[..., object],
    *args: object,
    match: str,
    **kwargs: object,
) -> UserError:
    before = snapshot(sessions)
    with pytest.raises(UserError, match=match) as info:
        action(sessions, *args, **kwargs)
    assert snapshot(sessions) == before
    return info.value


# --- overview ---------------------------------------------------------------------


def test_overview_shows_teams_groups_roles_and_duties(sessions: sessionmaker[Session]) -> None:
    overview = load_overview(sessions)
    fast, ordinary = overview.teams
    assert (fast.name, fast.leader_name) == ("执行速执团队", "王爱军")
    assert [g.name for g in fast.groups] == ["第一办案组", "第二办案组", "第三办案组"]
    assert fast.groups[1].police_name == "佟海冬"
    assert ordinary.groups == ()
    assert [p.name for p in overview.members(fast.id, Role.POLICE)] == [
        "邹本刚",
        "付兆强",
        "佟海冬",
    ]
    tong = next(p for p in overview.people if p.name == "佟海冬")
    assert tong.display_name == "佟海冬（又作 佟海东）"
    assert tong.team_names == ("执行速执团队", "执行普执团队")
    assert tong.group_names == ("第二办案组",)
    assert [len(overview.duties[r]) for r in Role] == [6, 3, 6]
    assert overview.duty_preambles[Role.POLICE].startswith("除依职责")
    assert [p.role for p in overview.people] == sorted(
        (p.role for p in overview.people), key=[Role.JUDGE, Role.POLICE, Role.CLERK].index
    )


# --- people -----------------------------------------------------------------------


def test_add_person_normalises_the_name(sessions: sessionmaker[Session]) -> None:
    new_id = roster.add_person(
        sessions, " 李\u3000 明\t", Role.CLERK, "书记员", team_ids=[tid(sessions, "ordinary")]
    )
    person = load_overview(sessions).person(new_id)
    assert (person.name, person.role, person.position, person.active) == (
        "李明",
        Role.CLERK,
        "书记员",
        True,
    )
    assert person.team_names == ("执行普执团队",)


@pytest.mark.parametrize("name", ["", "  ", "\u3000"])
def test_empty_name_is_refused(sessions: sessionmaker[Session], name: str) -> None:
    error = refused(sessions, roster.add_person, name, Role.CLERK, match="姓名不能为空")
    assert error.field == "name"


@pytest.mark.parametrize("name", ["高 博", "高博", "佟海东", "佟 海 东"])
def test_duplicate_name_or_alias_is_refused(sessions: sessionmaker[Session], name: str) -> None:
    refused(sessions, roster.add_person, name, Role.CLERK, match="已登记为|名册中已有")


def set_aliases(sessions: sessionmaker[Session], person_id: int, aliases: list[str]) -> None:
    """登记别名 as the person dialog does: the person as they are, with these aliases."""
    person = load_overview(sessions).person(person_id)
    roster.update_person(
        sessions,
        person_id,
        name=person.name,
        role=person.role,
        position=person.position,
        aliases=aliases,
        team_ids=person.team_ids,
    )


def test_alias_that_is_someone_elses_name_is_refused(sessions: sessionmaker[Session]) -> None:
    refused(sessions, set_aliases, pid(sessions, "王鑫"), ["高  博"], match="名册中已有“高博”")
    refused(sessions, set_aliases, pid(sessions, "王鑫"), ["佟海东"], match="佟海冬”的别名")
    refused(
        sessions, roster.add_person, "张三", Role.CLERK, aliases=["刘伟"], match="名册中已有“刘伟”"
    )


def test_add_alias(sessions: sessionmaker[Session]) -> None:
    set_aliases(sessions, pid(sessions, "王鑫"), ["王 欣", " "])  # a blank line is skipped
    assert load_overview(sessions).person(pid(sessions, "王鑫")).aliases == ("王欣",)


def test_rename_to_another_persons_alias_is_refused(sessions: sessionmaker[Session]) -> None:
    person = load_overview(sessions).person(pid(sessions, "王鑫"))
    refused(
        sessions,
        roster.update_person,
        person.id,
        name="佟海东",
        role=person.role,
        position="",
        aliases=(),
        team_ids=person.team_ids,
        match="别名",
    )


def test_update_person_changes_name_position_role_and_aliases(
    sessions: sessionmaker[Session],
) -> None:
    wang = load_overview(sessions).person(pid(sessions, "王鑫"))
    roster.update_person(
        sessions,
        wang.id,
        name="王 鑫鑫",
        role=Role.POLICE,
        position=" 司法警察 ",
        aliases=["王鑫"],
        team_ids=wang.team_ids,
    )
    after = load_overview(sessions).person(wang.id)
    assert (after.name, after.role, after.position, after.aliases) == (
        "王鑫鑫",
        Role.POLICE,
        "司法警察",
        ("王鑫",),
    )
    # A second edit may keep, drop and replace aliases.
    roster.update_person(
        sessions,
        wang.id,
        name="王鑫鑫",
        role=Role.POLICE,
        position="",
        aliases=["王欣"],
        team_ids=wang.team_ids,
    )
    assert load_overview(sessions).person(wang.id).aliases == ("王欣",)


def test_role_change_of_a_group_member_is_refused(sessions: sessionmaker[Session]) -> None:
    tong = load_overview(sessions).person(pid(sessions, "佟海冬"))
    error = refused(
        sessions,
        roster.update_person,
        tong.id,
        name=tong.name,
        role=Role.CLERK,
        position="",
        aliases=tong.aliases,
        team_ids=tong.team_ids,
        match="第二办案组的司法警察",
    )
    assert error.field == "role"


def test_deactivate_and_reactivate(sessions: sessionmaker[Session]) -> None:
    wang = pid(sessions, "王鑫")
    roster.set_person_active(sessions, wang, False)
    assert load_overview(sessions).person(wang).active is False
    roster.set_person_active(sessions, wang, True)
    assert load_overview(sessions).person(wang).active is True


def test_deactivating_the_judge_of_an_active_group_is_refused(
    sessions: sessionmaker[Session],
) -> None:
    refused(
        sessions,
        roster.set_person_active,
        pid(sessions, "姜福义"),
        False,
        match="第二办案组的员额法官（该组唯一的法官），请先修改",
    )
    roster.set_group_active(sessions, gid(sessions, "第二办案组"), False)
    roster.set_person_active(sessions, pid(sessions, "姜福义"), False)


def test_deactivating_a_team_leader_is_refused(sessions: sessionmaker[Session]) -> None:
    roster.set_group_active(sessions, gid(sessions, "第一办案组"), False)
    refused(sessions, roster.set_person_active, pid(sessions, "王爱军"), False, match="负责人")


# --- teams ------------------------------------------------------------------------


def members(sessions: sessionmaker[Session], team_id: int) -> set[int]:
    return set(load_overview(sessions).team(team_id).member_ids)


def test_move_between_teams(sessions: sessionmaker[Session]) -> None:
    wang, fast, ordinary = pid(sessions, "王鑫"), tid(sessions, "fast"), tid(sessions, "ordinary")
    roster.set_team_members(sessions, fast, members(sessions, fast) | {wang})
    assert fast in load_overview(sessions).person(wang).team_ids
    roster.set_team_members(sessions, ordinary, members(sessions, ordinary) - {wang})
    assert load_overview(sessions).person(wang).team_ids == (fast,)


def test_removing_a_group_member_from_the_team_is_refused(sessions: sessionmaker[Session]) -> None:
    fast, ordinary, liu = tid(sessions, "fast"), tid(sessions, "ordinary"), pid(sessions, "刘伟")
    error = refused(
        sessions, roster.set_team_members, fast, members(sessions, fast) - {liu}, match="第三办案组"
    )
    assert "请先修改该办案组" in error.message
    # Off the ordinary team, which has no groups, is fine.
    roster.set_team_members(sessions, ordinary, members(sessions, ordinary) - {liu})


def test_set_team_members(sessions: sessionmaker[Session]) -> None:
    ordinary = tid(sessions, "ordinary")
    keep = [
        p for p in load_overview(sessions).team(ordinary).member_ids if p != pid(sessions, "王鑫")
    ]
    roster.set_team_members(sessions, ordinary, keep)
    assert set(load_overview(sessions).team(ordinary).member_ids) == set(keep)
    fast = tid(sessions, "fast")
    refused(sessions, roster.set_team_members, fast, [pid(sessions, "王爱军")], match="办案组")


def test_team_leader(sessions: sessionmaker[Session]) -> None:
    ordinary = tid(sessions, "ordinary")
    roster.set_team_leader(sessions, ordinary, pid(sessions, "姜福义"))
    assert load_overview(sessions).team(ordinary).leader_name == "姜福义"
    jiang, wang = pid(sessions, "姜福义"), pid(sessions, "王鑫")
    refused(
        sessions, roster.set_team_members, ordinary, members(sessions, ordinary) - {jiang},
        match="负责人",
    )  # fmt: skip
    roster.set_team_members(sessions, ordinary, members(sessions, ordinary) - {wang})
    refused(sessions, roster.set_team_leader, ordinary, pid(sessions, "王鑫"), match="不是")
    roster.set_group_active(sessions, gid(sessions, "第二办案组"), False)
    roster.set_person_active(sessions, pid(sessions, "宋云鹏"), False)
    refused(sessions, roster.set_team_leader, ordinary, pid(sessions, "宋云鹏"), match="已停用")


# --- case groups ------------------------------------------------------------------


def test_add_group_to_the_ordinary_team(sessions: sessionmaker[Session]) -> None:
    ordinary = tid(sessions, "ordinary")
    new_id = roster.add_group(
        sessions,
        ordinary,
        "普执 第一组",
        pid(sessions, "姜福义"),
        pid(sessions, "付兆强"),
        pid(sessions, "王鑫"),
    )
    (group,) = load_overview(sessions).team(ordinary).groups
    assert (group.id, group.name, group.judge_name, group.police_name, group.clerk_name) == (
        new_id,
        "普执第一组",
        "姜福义",
        "付兆强",
        "王鑫",
    )
    # Police and clerk are optional.
    roster.add_group(sessions, ordinary, "普执第二组", pid(sessions, "战殿有"))


def test_group_needs_exactly_one_judge(sessions: sessionmaker[Session]) -> None:
    ordinary = tid(sessions, "ordinary")
    error = refused(
        sessions, roster.add_group, ordinary, "新组", None, match="有且只有一名员额法官"
    )
    assert error.field == "judge"
    error = refused(
        sessions,
        roster.add_group,
        ordinary,
        "新组",
        pid(sessions, "付兆强"),
        match="付兆强是司法警察，不能担任办案组的员额法官",
    )
    assert error.field == "judge"


def test_group_slots_take_their_roles(sessions: sessionmaker[Session]) -> None:
    ordinary, judge = tid(sessions, "ordinary"), pid(sessions, "姜福义")
    refused(
        sessions,
        roster.add_group,
        ordinary,
        "新组",
        judge,
        pid(sessions, "王鑫"),
        match="不能担任办案组的司法警察",
    )
    refused(
        sessions,
        roster.add_group,
        ordinary,
        "新组",
        judge,
        None,
        pid(sessions, "付兆强"),
        match="不能担任办案组的书记员",
    )


def test_group_members_must_be_on_the_team(sessions: sessionmaker[Session]) -> None:
    fast = tid(sessions, "fast")
    refused(
        sessions,
        roster.add_group,
        fast,
        "第四办案组",
        pid(sessions, "姜福义"),
        None,
        pid(sessions, "王鑫"),
        match="王鑫不是“执行速执团队”的成员",
    )


def rename_group(sessions: sessionmaker[Session], group_id: int, name: str) -> None:
    """Rename as the group dialog does: the group as it is, under another name."""
    with sessions() as s:
        group = s.get(CaseGroup, group_id)
        assert group is not None
        slots = {"judge_id": group.judge_id, "police_id": group.police_id}
        slots["clerk_id"] = group.clerk_id
    roster.update_group(sessions, group_id, name=name, **slots)


def test_group_names(sessions: sessionmaker[Session]) -> None:
    fast = tid(sessions, "fast")
    judge = pid(sessions, "姜福义")
    refused(sessions, roster.add_group, fast, " ", judge, match="名称不能为空")
    refused(sessions, roster.add_group, fast, "第一 办案组", judge, match="已有名为")
    rename_group(sessions, gid(sessions, "第一办案组"), "速执一组")
    refused(sessions, rename_group, gid(sessions, "第二办案组"), "速执一组", match="已有")
    # The same name on another team is fine.
    roster.add_group(sessions, tid(sessions, "ordinary"), "第二办案组", judge)


def test_update_group_members(sessions: sessionmaker[Session]) -> None:
    group = gid(sessions, "第一办案组")
    roster.update_group(
        sessions,
        group,
        name="第一办案组",
        judge_id=pid(sessions, "姜福义"),
        police_id=None,
        clerk_id=pid(sessions, "宋云鹏"),
    )
    view = load_overview(sessions).teams[0].groups[0]
    assert (view.judge_name, view.police_name, view.clerk_name) == ("姜福义", "", "宋云鹏")
    refused(
        sessions,
        roster.update_group,
        group,
        name="第一办案组",
        judge_id=pid(sessions, "高博"),
        police_id=None,
        clerk_id=None,
        match="高博是书记员",
    )


def test_inactive_people_cannot_join_groups(sessions: sessionmaker[Session]) -> None:
    wang = pid(sessions, "王鑫")
    roster.set_person_active(sessions, wang, False)
    refused(
        sessions,
        roster.add_group,
        tid(sessions, "ordinary"),
        "新组",
        pid(sessions, "姜福义"),
        None,
        wang,
        match="已停用",
    )


def test_reactivating_a_group_checks_it_again(sessions: sessionmaker[Session]) -> None:
    group = gid(sessions, "第三办案组")
    roster.set_group_active(sessions, group, False)
    roster.set_person_active(sessions, pid(sessions, "刘伟"), False)
    refused(sessions, roster.set_group_active, group, True, match="刘伟已停用")
    roster.set_person_active(sessions, pid(sessions, "刘伟"), True)
    roster.set_group_active(sessions, group, True)


def test_cases_keep_their_people_after_roster_changes(sessions: sessionmaker[Session]) -> None:
    group, judge = gid(sessions, "第一办案组"), pid(sessions, "王爱军")
    with sessions.begin() as s:
        case = Case(
            number="（2026）吉0605执1号",
            year=2026,
            court_code="吉0605",
            type_code="执",
            sequence=1,
            filing_date=dt.date(2026, 1, 5),
            track=Track.SIMPLE,
            team_id=tid(sessions, "fast"),
            group_id=group,
            judge_id=judge,
        )
        s.add(case)
        s.flush()
        case_id = case.id
    roster.update_group(
        sessions,
        group,
        name="速执一组",
        judge_id=pid(sessions, "姜福义"),
        police_id=None,
        clerk_id=None,
    )
    roster.set_group_active(sessions, group, False)
    with sessions() as s:
        case = s.get(Case, case_id)
        assert (case.group_id, case.judge_id) == (group, judge)
        assert s.get(Person, judge) is not None
