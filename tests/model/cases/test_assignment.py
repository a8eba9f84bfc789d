"""分案: loads per group and judge, the suggestion, ties in rotation, choices checked."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from model.cases.assignment import group_loads, judge_loads, resolve_assignment, suggest_assignment
from model.cases.draft import CaseDraft
from model.cases.intake import IntakeRequest, TriageRequest, save_intake
from model.entities import Case, CaseGroup, CaseStatus, Person, Role, Track
from model.errors import UserError

TODAY = dt.date(2026, 3, 2)


def add(
    sessions: sessionmaker[Session],
    n: int,
    ticked: set[str],
    group: int | None = None,
    judge: int | None = None,
) -> int:
    d = CaseDraft(
        number=f"(2026)吉0605执{n}号",
        filing_date=TODAY,
        applicants=["甲"],
        respondents=[("乙", "自然人")],
    )
    return save_intake(
        sessions,
        IntakeRequest(d, TriageRequest(tuple(ticked), None, None, group, judge)),
        None,
        TODAY,
    )


def ids(sessions: sessionmaker[Session]) -> dict[str, int]:
    with sessions() as s:
        groups = {g.name: g.id for g in s.scalars(select(CaseGroup))}
        people = {p.name: p.id for p in s.scalars(select(Person))}
    return groups | people


def suggest(sessions: sessionmaker[Session], track: Track):
    with sessions() as s:
        return suggest_assignment(s, track)


def test_fresh_simple_suggestion_lists_every_group(sessions: sessionmaker[Session]) -> None:
    suggestion = suggest(sessions, Track.SIMPLE)
    assert suggestion.team_name == "执行速执团队"
    assert suggestion.by_group
    assert [c.text for c in suggestion.choices] == [
        "第一办案组（王爱军） — 在办 0 件",
        "第二办案组（姜福义） — 在办 0 件",
        "第三办案组（战殿有） — 在办 0 件",
    ]
    assert suggestion.suggested.label == "第一办案组（王爱军）"


def test_fewest_pending_wins_and_loads_are_counted(sessions: sessionmaker[Session]) -> None:
    g = ids(sessions)
    add(sessions, 1, {"S1"}, g["第一办案组"])
    add(sessions, 2, {"S1"}, g["第一办案组"])
    add(sessions, 3, {"S1"}, g["第二办案组"])
    suggestion = suggest(sessions, Track.SIMPLE)
    assert [c.load for c in suggestion.choices] == [2, 1, 0]
    assert suggestion.suggested.label == "第三办案组（战殿有）"
    with sessions() as s:
        assert group_loads(s) == {g["第一办案组"]: 2, g["第二办案组"]: 1}


def test_closed_cases_do_not_count_but_suspended_do(sessions: sessionmaker[Session]) -> None:
    g = ids(sessions)
    first = add(sessions, 1, {"S1"}, g["第一办案组"])
    second = add(sessions, 2, {"S1"}, g["第二办案组"])
    with sessions.begin() as s:
        s.execute(update(Case).where(Case.id == first).values(status=CaseStatus.CLOSED))
        s.execute(update(Case).where(Case.id == second).values(status=CaseStatus.SUSPENDED))
    assert [c.load for c in suggest(sessions, Track.SIMPLE).choices] == [0, 1, 0]


def test_ties_rotate_after_the_last_assigned(sessions: sessionmaker[Session]) -> None:
    names = []
    for n in range(1, 7):
        case_id = add(sessions, n, {"S1"})
        with sessions() as s:
            names.append(s.get(Case, case_id).group.name)  # type: ignore[union-attr]
    assert names == ["第一办案组", "第二办案组", "第三办案组"] * 2


def test_tie_starts_after_the_last_assigned_group(sessions: sessionmaker[Session]) -> None:
    g = ids(sessions)
    add(sessions, 1, {"S1"}, g["第二办案组"])
    last = add(sessions, 2, {"S1"}, g["第一办案组"])
    with sessions.begin() as s:
        s.execute(update(Case).where(Case.id == last).values(status=CaseStatus.CLOSED))
    suggestion = suggest(sessions, Track.SIMPLE)
    assert [c.load for c in suggestion.choices] == [0, 1, 0]
    # Groups 1 and 3 tie; group 1 had the last case, so group 3 is next in turn.
    assert suggestion.suggested.label == "第三办案组（战殿有）"


def test_rotation_order_is_the_tie_break(sessions: sessionmaker[Session]) -> None:
    g = ids(sessions)
    with sessions.begin() as s:
        s.get(CaseGroup, g["第三办案组"]).rotation = -1  # type: ignore[union-attr]
    suggestion = suggest(sessions, Track.SIMPLE)
    assert suggestion.choices[0].label.startswith("第三办案组")
    assert suggestion.suggested.label.startswith("第三办案组")


def test_inactive_groups_are_not_offered(sessions: sessionmaker[Session]) -> None:
    g = ids(sessions)
    with sessions.begin() as s:
        s.get(CaseGroup, g["第一办案组"]).active = False  # type: ignore[union-attr]
    labels = [c.label for c in suggest(sessions, Track.SIMPLE).choices]
    assert labels == ["第二办案组（姜福义）", "第三办案组（战殿有）"]


@pytest.mark.parametrize("track", [Track.ORDINARY, Track.SPECIAL])
def test_ordinary_team_without_groups_offers_judges(
    sessions: sessionmaker[Session], track: Track
) -> None:
    suggestion = suggest(sessions, track)
    assert suggestion.team_name == "执行普执团队"
    assert not suggestion.by_group
    assert [c.text for c in suggestion.choices] == [
        "王爱军 — 在办 0 件",
        "姜福义 — 在办 0 件",
        "战殿有 — 在办 0 件",
    ]


def test_judge_loads_are_per_team(sessions: sessionmaker[Session]) -> None:
    p = ids(sessions)
    add(sessions, 1, {"S1"})  # group 1, judge 王爱军, fast team
    add(sessions, 2, {"O1"}, judge=p["王爱军"])
    add(sessions, 3, {"O1"}, judge=p["王爱军"])
    add(sessions, 4, {"X1"}, judge=p["姜福义"])
    suggestion = suggest(sessions, Track.ORDINARY)
    assert [c.load for c in suggestion.choices] == [2, 1, 0]
    assert suggestion.suggested.label == "战殿有"
    with sessions() as s:
        assert judge_loads(s)[p["王爱军"]] == 3
        assert judge_loads(s, suggestion.team_id)[p["王爱军"]] == 2


def test_inactive_judges_and_empty_team(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        for person in s.scalars(select(Person).where(Person.role == Role.JUDGE)):
            person.active = person.name == "姜福义"
    assert [c.label for c in suggest(sessions, Track.ORDINARY).choices] == ["姜福义"]
    with sessions.begin() as s:
        s.scalars(select(Person).where(Person.name == "姜福义")).one().active = False
    with pytest.raises(UserError, match="没有启用的办案组或员额法官"):
        suggest(sessions, Track.ORDINARY)


def test_resolve_checks_membership(sessions: sessionmaker[Session]) -> None:
    p = ids(sessions)
    with sessions() as s:
        assert (
            resolve_assignment(s, Track.SIMPLE, None, p["战殿有"]).label == "第三办案组（战殿有）"
        )
        with pytest.raises(UserError, match="不是第二办案组（姜福义）的承办法官"):
            resolve_assignment(s, Track.SIMPLE, p["第二办案组"], p["战殿有"])
        with pytest.raises(UserError, match="没有办案组"):
            resolve_assignment(s, Track.ORDINARY, p["第二办案组"], None)
        with pytest.raises(UserError, match="在职员额法官"):
            resolve_assignment(s, Track.ORDINARY, None, p["高博"])


def test_the_load_book_answers_as_resolve_assignment_row_by_row(
    sessions: sessionmaker[Session],
) -> None:
    """The ledger import's in-memory loads give every row what a fresh query would."""
    from model.cases.assignment import LoadBook
    from model.cases.events.closing import record_closing
    from model.cases.intake import register_case

    g = ids(sessions)
    add(sessions, 1, {"S2"})  # an earlier case and assignment: loads and tie order not empty
    add(sessions, 2, {"O1"})
    tracks = [Track.SIMPLE, Track.ORDINARY, Track.SIMPLE, Track.SPECIAL, Track.SIMPLE] * 4
    codes = {Track.SIMPLE: ("S2",), Track.ORDINARY: ("O1",), Track.SPECIAL: ("X1",)}
    with sessions.begin() as s:
        book = LoadBook(s)
        for n, track in enumerate(tracks, start=10):
            picked = n % 7 == 0 and track is Track.SIMPLE  # a row naming its group
            chosen = (g["第二办案组"], None) if picked else (None, None)
            expected = resolve_assignment(s, track, *chosen)
            got = book.resolve(track, *chosen)
            assert got == expected, n
            draft = CaseDraft(number=f"(2026)吉0605执{n}号", filing_date=TODAY)
            asked = TriageRequest(codes[track], None, None, *chosen)
            case = register_case(s, IntakeRequest(draft, asked), None, TODAY, require_parties=False)
            closed = n % 3 == 0  # a closed case adds no load
            if closed:
                record_closing(s, case, TODAY, "执行完毕", None, {})
                s.flush()
            book.count(got, still_open=not closed)
        assert {c.load for c in book.suggest(Track.SIMPLE).choices} == {
            c.load for c in suggest_assignment(s, Track.SIMPLE).choices
        }


def test_the_load_book_follows_cases_closed_and_transferred_after_it_was_read(
    sessions: sessionmaker[Session],
) -> None:
    """The import's 期限事项: each transfer and deferred closing moves the loads as a query sees."""
    from model.cases.assignment import LoadBook
    from model.cases.events.closing import record_closing
    from model.cases.events.transfer import move_case

    simple = [add(sessions, n, {"S2"}) for n in range(1, 9)]
    ordinary = [add(sessions, n, {"O1"}) for n in range(20, 26)]
    with sessions.begin() as s:
        book = LoadBook(s)
        for track in (Track.SIMPLE, Track.ORDINARY):
            book.suggest(track)  # the loads read now; the cases change after
        for n, case_id in enumerate([*simple, *ordinary]):
            case = s.get(Case, case_id)
            assert case is not None
            if case.track is Track.SIMPLE and n % 2 == 0:  # moved to the ordinary team
                resolved = book.resolve(Track.ORDINARY, None, None)
                assert resolved == resolve_assignment(s, Track.ORDINARY, None, None), n
                book.release(case.team_id, case.group_id, case.judge_id)
                move_case(s, case, TODAY, resolved, "需处分房产", None)
                book.count(resolved, still_open=True)
            if n % 3 == 0:  # then closed
                book.release(case.team_id, case.group_id, case.judge_id)
                record_closing(s, case, TODAY, "执行完毕", None, {})
            s.flush()
            for track in (Track.SIMPLE, Track.ORDINARY):
                assert book.suggest(track) == suggest_assignment(s, track), (n, track)
