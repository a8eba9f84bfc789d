"""Who may do what: each rank's allowed and refused actions, refused ones write nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import (
    ALLOWED,
    Action,
    PermissionDenied,
    Rank,
    chief_id,
    may,
    rank_of,
    require,
)
from model.cases.draft import CaseDraft
from model.cases.intake import IntakeRequest, TriageRequest, save_intake
from model.cases.retriage import retriage_case
from model.entities import Criterion, Person, Role, Track
from model.roster import edits as roster
from model.triage.criteria import add_criterion, save_triage_settings
from tests.factories import make_case, person_by_name

TODAY = dt.date(2026, 3, 2)


def pid(sessions: sessionmaker[Session], name: str) -> int:
    with sessions() as s:
        return person_by_name(s, name).id


def test_the_chief_is_the_leader_of_the_teams_and_the_deputy_by_position(sessions) -> None:
    with sessions() as s:
        assert s.get(Person, chief_id(s)).name == "王爱军"
        ranks = {p.name: rank_of(s, p) for p in s.scalars(select(Person))}
    assert ranks["王爱军"] is Rank.CHIEF
    assert ranks["姜福义"] is Rank.DEPUTY  # 执行局副局长
    assert ranks["战殿有"] is Rank.JUDGE
    assert ranks["邹本刚"] is Rank.POLICE and ranks["高博"] is Rank.CLERK


@pytest.mark.parametrize(
    ("name", "allowed", "refused"),
    [
        ("高博", {Action.INTAKE, Action.RECORD_EVENT, Action.RECORD_CLOSING, Action.EXPORT_LIST},
         {Action.EDIT_ROSTER, Action.EDIT_SETTINGS, Action.EDIT_CRITERIA, Action.EDIT_HOLIDAYS,
          Action.CONFIRM_TRANSFER, Action.MANAGE_USERS}),
        ("战殿有", {Action.RECORD_CLOSING, Action.RECORD_EVENT},
         {Action.INTAKE, Action.EDIT_ROSTER, Action.CONFIRM_TRANSFER}),
        ("邹本刚", {Action.RECORD_COERCIVE},
         {Action.INTAKE, Action.RECORD_CLOSING, Action.EDIT_ROSTER}),
        ("姜福义", {Action.EDIT_ROSTER, Action.EDIT_HOLIDAYS, Action.CONFIRM_TRANSFER},
         {Action.MANAGE_USERS}),
        ("王爱军", set(Action), set()),
    ],
)  # fmt: skip
def test_each_rank_may_do_its_actions_and_no_others(sessions, name, allowed, refused) -> None:
    actor = pid(sessions, name)
    for action in allowed:
        assert may(sessions, actor, action), action
    for action in refused:
        assert not may(sessions, actor, action), action


def test_a_refusal_names_the_person_and_who_may(sessions) -> None:
    with sessions() as s, pytest.raises(PermissionDenied, match="高博（书记员）无权修改人员名册"):
        require(s, person_by_name(s, "高博").id, Action.EDIT_ROSTER)


def test_the_system_actor_and_an_unknown_actor(sessions) -> None:
    with sessions() as s:
        for action in Action:
            require(s, None, action)  # the command line: allowed
        with pytest.raises(PermissionDenied, match="不在人员名册中"):
            require(s, 999, Action.INTAKE)


def test_judges_and_police_act_only_on_their_own_cases(sessions) -> None:
    with sessions.begin() as s:
        own = make_case(s, group="第三办案组")  # judge 战殿有, police 付兆强
        other = make_case(s, group="第一办案组")
        judge, police = person_by_name(s, "战殿有").id, person_by_name(s, "付兆强").id
        require(s, judge, Action.RECORD_CLOSING, case=own)
        require(s, police, Action.RECORD_COERCIVE, case=own)
        with pytest.raises(PermissionDenied, match="不是战殿有承办"):
            require(s, judge, Action.RECORD_CLOSING, case=other)
        with pytest.raises(PermissionDenied):
            require(s, police, Action.RECORD_COERCIVE, case=other)
        clerk = person_by_name(s, "宋云鹏").id  # clerks record for every group
        require(s, clerk, Action.RECORD_CLOSING, case=other)


def test_every_rank_has_a_rule() -> None:
    assert set(ALLOWED) == set(Rank)


# --- the services refuse at the model layer, and write nothing --------------------------


def count(sessions, entity) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(entity))


def test_a_clerk_cannot_change_the_roster_the_criteria_or_the_thresholds(sessions) -> None:
    clerk = pid(sessions, "高博")
    people, criteria = count(sessions, Person), count(sessions, Criterion)
    with pytest.raises(PermissionDenied):
        roster.add_person(sessions, "新人", Role.CLERK, actor_id=clerk)
    with pytest.raises(PermissionDenied):
        roster.set_person_active(sessions, pid(sessions, "王鑫"), False, actor_id=clerk)
    with pytest.raises(PermissionDenied):
        add_criterion(sessions, Track.SIMPLE, "新标准", actor_id=clerk)
    with pytest.raises(PermissionDenied):
        save_triage_settings(sessions, "1", "1", {}, {}, actor_id=clerk)
    assert (count(sessions, Person), count(sessions, Criterion)) == (people, criteria)
    deputy = pid(sessions, "姜福义")
    roster.add_person(sessions, "新人", Role.CLERK, actor_id=deputy)
    add_criterion(sessions, Track.SIMPLE, "新标准", actor_id=deputy)
    assert (count(sessions, Person), count(sessions, Criterion)) == (people + 1, criteria + 1)


def draft() -> CaseDraft:
    return CaseDraft(
        number="（2026）吉0605执1号",
        filing_date=TODAY,
        applicants=["张三"],
        respondents=[("李四", "自然人")],
        amount="50000",
        applicant_count=1,
    )


def test_intake_is_for_clerks_and_leaders_not_judges_or_police(sessions) -> None:
    for name in ("战殿有", "邹本刚"):
        with pytest.raises(PermissionDenied):
            save_intake(
                sessions, IntakeRequest(draft(), TriageRequest(("S2",))), pid(sessions, name), TODAY
            )
    case_id = save_intake(
        sessions, IntakeRequest(draft(), TriageRequest(("S2",))), pid(sessions, "高博"), TODAY
    )
    with pytest.raises(PermissionDenied):
        retriage_case(sessions, case_id, TriageRequest(("O1",)), pid(sessions, "战殿有"))


def test_events_transfers_and_holidays_follow_the_rule(sessions) -> None:
    from model.calendar.holidays import add_days
    from model.cases.events.closing import close_case
    from model.cases.events.periods import record_excluded_period
    from model.cases.events.transfer import transfer_case
    from model.entities import Closing, Holiday, Transfer

    with sessions.begin() as s:
        own = make_case(s, group="第三办案组").id  # judge 战殿有
        other = make_case(s, group="第一办案组").id
    judge, clerk = pid(sessions, "战殿有"), pid(sessions, "高博")
    day = dt.date(2026, 3, 20)
    with pytest.raises(PermissionDenied, match="不是战殿有承办"):
        close_case(sessions, other, day, "执行完毕", judge, today=day)
    with pytest.raises(PermissionDenied, match="无权确认移交"):
        transfer_case(sessions, other, None, None, "复杂", clerk, today=day)
    with pytest.raises(PermissionDenied, match="无权修改节假日安排"):
        add_days(sessions, [dt.date(2026, 10, 9)], False, "国庆节", actor_id=clerk)
    with pytest.raises(PermissionDenied, match="无权登记期限事项"):
        record_excluded_period(
            sessions, other, "鉴定", day, None, "x", pid(sessions, "邹本刚"), today=day
        )
    assert count(sessions, Closing) == count(sessions, Transfer) == 0
    assert count(sessions, Holiday) > 0 and not any(
        h.day == dt.date(2026, 10, 9) and h.name == "国庆节" for h in holidays(sessions)
    )
    close_case(sessions, own, day, "执行完毕", judge, today=day)  # the judge's own case
    close_case(sessions, other, day, "执行完毕", clerk, today=day)  # a clerk records closings
    assert count(sessions, Closing) == 2


def holidays(sessions) -> list:
    from model.entities import Holiday

    with sessions() as s:
        return list(s.scalars(select(Holiday)))


def test_a_judge_may_not_import_a_ledger(sessions, tmp_path) -> None:
    from model.ledger.check import import_ledger

    with pytest.raises(PermissionDenied, match="无权导入案件台账"):
        import_ledger(sessions, tmp_path / "台账.xlsx", pid(sessions, "战殿有"), TODAY)
