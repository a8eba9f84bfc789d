"""The hot queries use indexes: a later change cannot quietly turn them into full scans.

Checked with SQLite's ``EXPLAIN QUERY PLAN`` (PostgreSQL plans depend on its statistics
and are not asserted). A plan line ``SCAN cases`` without an index is a full table
scan; ``SEARCH … USING INDEX`` (or a scan of a covering index) is what we want.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, sessionmaker

from model.cases.queries import CaseFilter, ChiefList, _where, case_rows_query
from model.entities import OPEN_STATUSES, Assignment, Case, CaseStatus, Track

TODAY = dt.date(2026, 11, 28)
OPEN = frozenset(OPEN_STATUSES)


def plan(session: Session, query: Select) -> list[str]:
    compiled = query.compile(
        dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
    )
    rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")
    return [row[3] for row in rows]


def uses_index_on_cases(lines: list[str]) -> bool:
    cases = [line for line in lines if line.split()[1:2] == ["cases"]]
    return bool(cases) and all("INDEX" in line for line in cases)


FILTERS = {
    "未结": CaseFilter(statuses=OPEN, as_of=TODAY),
    "在办 + 团队": CaseFilter(statuses=frozenset({CaseStatus.PENDING}), team_id=1, as_of=TODAY),
    "未结 + 办案组": CaseFilter(statuses=OPEN, group_id=1, as_of=TODAY),
    "未结 + 法官": CaseFilter(statuses=OPEN, judge_id=1, as_of=TODAY),
    "未结 + 简易": CaseFilter(statuses=OPEN, track=Track.SIMPLE, as_of=TODAY),
    "已结": CaseFilter(statuses=frozenset({CaseStatus.CLOSED}), as_of=TODAY),
    "未结 + 搜索": CaseFilter(statuses=OPEN, text="王", as_of=TODAY),
    "应移交": CaseFilter(chief_list=ChiefList.TRANSFER_DUE, as_of=TODAY),
}


@pytest.fixture
def sqlite_session(sessions: sessionmaker[Session]):
    with sessions() as session:
        if session.get_bind().dialect.name != "sqlite":
            pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
        yield session


@pytest.mark.parametrize("name", FILTERS)
def test_the_deadlines_page_and_its_count_use_an_index(sqlite_session: Session, name: str) -> None:
    case_filter = FILTERS[name]
    page = plan(sqlite_session, case_rows_query(case_filter).limit(200))
    assert uses_index_on_cases(page), page
    count = plan(sqlite_session, _where(select(func.count()).select_from(Case), case_filter))
    assert uses_index_on_cases(count), count


def test_the_loads_for_assignment_use_an_index(sqlite_session: Session) -> None:
    for column in (Case.group_id, Case.judge_id):
        query = (
            select(column, func.count())
            .where(Case.status.in_(OPEN_STATUSES), column.is_not(None))
            .group_by(column)
        )
        lines = plan(sqlite_session, query)
        assert uses_index_on_cases(lines), lines
    last = select(Assignment.group_id).where(Assignment.team_id == 1).order_by(Assignment.id.desc())
    assert not any(line.startswith("USE TEMP B-TREE") for line in plan(sqlite_session, last))


def test_the_duplicate_number_check_is_one_index_lookup(sqlite_session: Session) -> None:
    lines = plan(
        sqlite_session, select(Case.filing_date).where(Case.number == "（2026）吉0605执1号")
    )
    assert len(lines) == 1 and lines[0].startswith("SEARCH cases USING INDEX"), lines


def test_a_full_scan_is_caught(sqlite_session: Session) -> None:
    """The check itself can fail: a condition no index serves is a bare scan."""
    lines = plan(sqlite_session, select(Case.id).where(Case.cause == "借款合同纠纷"))
    assert not uses_index_on_cases(lines), lines


@pytest.mark.parametrize(
    ("statuses", "index"),
    [(OPEN, "ix_cases_open_urgency"), (None, "ix_cases_urgency")],
    ids=["未结", "全部"],
)
def test_the_most_urgent_page_walks_the_urgency_index_without_sorting(
    sqlite_session: Session, statuses: frozenset[CaseStatus] | None, index: str
) -> None:
    """The default order (the earlier due date, no date last) needs no sort of every case."""
    query = case_rows_query(CaseFilter(statuses=statuses, as_of=TODAY)).limit(200).offset(400)
    lines = plan(sqlite_session, query)
    assert f"SCAN cases USING INDEX {index}" in lines, lines
    assert not any("TEMP B-TREE" in line for line in lines), lines


def test_statistics_are_gathered_as_connections_close(tmp_path) -> None:
    """PRAGMA optimize at close leaves the planner statistics for the next start.

    With them the open-case list finds its index without the INDEXED BY hint, which
    stays for a database that has none yet (a new one: the plans above are without).
    """
    import sqlite3

    from model.cases.queries import fetch_case_rows
    from model.storage.store import open_store
    from tests.factories import make_case

    store = open_store(tmp_path / "cases.sqlite", use_lock=False)
    with store.sessions.begin() as session:
        for n in range(1, 201):
            make_case(session, f"（2026）吉0605执{n}号", dt.date(2026, 1 + n % 9, 2))
    with store.sessions() as session:
        fetch_case_rows(session, FILTERS["未结"], 0, 101)
        fetch_case_rows(session, FILTERS["已结"], 0, 101)
        hinted = case_rows_query(FILTERS["未结"]).limit(101)
        text = str(hinted.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
    store.close()
    bare = text.replace(" INDEXED BY ix_cases_open_urgency", "")
    assert bare != text
    connection = sqlite3.connect(tmp_path / "cases.sqlite")
    try:
        tables = {row[0] for row in connection.execute("SELECT tbl FROM sqlite_stat1")}
        assert "cases" in tables
        lines = [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {bare}")]
        # every case here is open: either urgency index walks them in order
        assert lines[0].startswith("SCAN cases USING INDEX ix_cases_") and "urgency" in lines[0]
        assert not any("TEMP B-TREE" in line for line in lines), lines
    finally:
        connection.close()


@pytest.mark.parametrize("fragment", ["王建国", "建国"], ids=["3 characters", "2 characters"])
@pytest.mark.parametrize("statuses", [OPEN, None], ids=["未结", "全部"])
def test_a_fragment_is_looked_up_in_the_search_index(
    sqlite_session: Session, statuses: frozenset[CaseStatus] | None, fragment: str
) -> None:
    """The trigram index finds the candidates; no pass over every case (issue 20). Two
    characters: the trigrams they begin, from the index's vocabulary (schema 14)."""
    from tests.factories import make_case

    s = sqlite_session
    make_case(s, "（2026）吉0605执1号", TODAY, Track.SIMPLE, applicants="王建国")
    case_filter = CaseFilter(statuses=statuses, text=fragment, as_of=TODAY)
    count = plan(s, _where(select(func.count()).select_from(Case), case_filter, s))
    assert any("case_search VIRTUAL TABLE INDEX" in line for line in count), count
    assert "SCAN cases" not in count, count
    page = plan(s, case_rows_query(case_filter, session=s).limit(200))
    assert any("case_search VIRTUAL TABLE INDEX" in line for line in page), page
    assert not any(line.startswith("SCAN cases") for line in page), page
