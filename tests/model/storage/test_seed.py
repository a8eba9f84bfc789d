"""The seed's quirks (SPEC §1): normalised names, the 佟海东 alias, groups only on the fast team."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from model.entities import CaseGroup, Duty, Person, PersonAlias, Role, Team
from model.roster.overview import load_overview


def _person(s: Session, name: str) -> Person:
    return s.scalars(select(Person).where(Person.name == name)).one()


def _team(s: Session, code: str) -> Team:
    return s.scalars(select(Team).where(Team.code == code)).one()


def test_names_are_stored_without_white_space(sessions: sessionmaker[Session]) -> None:
    with sessions() as s:
        names = set(s.scalars(select(Person.name)))
    assert "高博" in names and "刘伟" in names
    assert not any(ch.isspace() for name in names for ch in name)
    assert len(names) == 10


def test_tong_haidong_is_one_person_with_an_alias_on_both_teams(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as s:
        tong = _person(s, "佟海冬")
        assert [a.alias for a in tong.aliases] == ["佟海东"]
        assert s.scalar(select(func.count()).where(Person.name == "佟海东")) == 0
        assert s.scalar(select(func.count(PersonAlias.id))) == 1
        for code in ("fast", "ordinary"):
            assert tong.id in {m.person_id for m in _team(s, code).members}


def test_fast_team_has_three_groups_with_the_right_people(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as s:
        groups = _team(s, "fast").groups
        got = [
            (g.name, g.judge.name, g.police and g.police.name, g.clerk and g.clerk.name)
            for g in groups
        ]
    assert got == [
        ("第一办案组", "王爱军", "邹本刚", "高博"),
        ("第二办案组", "姜福义", "佟海冬", "宋云鹏"),
        ("第三办案组", "战殿有", "付兆强", "刘伟"),
    ]


def test_ordinary_team_has_no_groups_and_wang_xin_only_there(
    sessions: sessionmaker[Session],
) -> None:
    with sessions() as s:
        ordinary, fast = _team(s, "ordinary"), _team(s, "fast")
        assert s.scalar(select(func.count()).where(CaseGroup.team_id == ordinary.id)) == 0
        wang = _person(s, "王鑫")
        assert wang.id in {m.person_id for m in ordinary.members}
        assert wang.id not in {m.person_id for m in fast.members}
        assert len(ordinary.members) == 10 and len(fast.members) == 9
        assert ordinary.leader.name == fast.leader.name == "王爱军"


def test_duties_are_six_three_six(sessions: sessionmaker[Session]) -> None:
    with sessions() as s:
        counts = dict(s.execute(select(Duty.role, func.count()).group_by(Duty.role)).all())
    assert counts == {Role.JUDGE: 6, Role.POLICE: 3, Role.CLERK: 6}


def test_positions_of_the_judges(sessions: sessionmaker[Session]) -> None:
    overview = load_overview(sessions)
    positions = {p.name: p.position for p in overview.people if p.role is Role.JUDGE}
    assert positions == {
        "王爱军": "党组成员、执行局局长",
        "姜福义": "执行局副局长、审判委员会委员",
        "战殿有": "机关党总支专职副书记、执行局审判员",
    }
