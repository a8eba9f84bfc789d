"""The search box through the trigram index: exactly what LIKE '%…%' found, for any input."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, or_, select, text, update
from sqlalchemy.orm import Session, sessionmaker

import model.cases.search as search
from model.cases.queries import CaseFilter, count_cases, fetch_case_rows
from model.cases.search import index_query
from model.entities import Base, Case, Track
from model.storage.search_index import (
    SEARCH_TABLE,
    TRIGRAM_INDEXES,
    check_search_index,
    drop_search_index,
    has_search_source,
)
from tests.factories import make_case

D = dt.date

PARTIES = [
    ("（2026）吉0605执1号", "王建国", "长春市甲乙商贸有限公司"),
    ("（2026）吉0605执2号", "王五、李四", "张三"),
    ("（2025）吉0605执恢12号", "ABC Trading Co.", 'abc "引号" 公司'),
    ("（2024）吉0605执保300号", "刘-丽*娜", "赵 AND 钱 OR 孙"),
    ("（2026）吉0605执22号", "50%股权公司", "王_小明"),
    ("（2026）吉0605执222号", "NEAR(甲 乙)", "^开头:冒号"),
    ("（2023）吉0605执9号", "王", "王王王王"),
    ("（2026）吉0605执3000号", "Ｆｕｌｌ全角", "école Éric"),
]

FRAGMENTS = [
    "王",
    "王建",
    "王建国",
    "建国",
    "（2026）",
    "2026",
    "（2026）吉0605执2",
    "执2",
    "执22",
    "执222号",
    "有限公司",
    "abc",
    "ABC",
    "aBc tr",
    '"引号"',
    '"',
    '""',
    '"引号',
    "*",
    "刘-丽*娜",
    "丽*娜",
    "AND",
    "赵 AND 钱",
    "AND 钱 OR",
    "-",
    "-丽",
    "50%股",
    "%股权",
    "%%%",
    "王_小",
    "_小明",
    "___",
    "NEAR(甲",
    "NEAR(甲 乙)",
    "^开头",
    "冒号:",
    ":冒号",
    "Ｆｕｌｌ",
    "ｆｕｌｌ",
    "école",
    "ÉCOLE",
    "Éric",
    "王王王",
    "王王王王王",
    "  建国  ",
    "不存在的当事人",
    "0605",
    "号",
    "吉0605执恢12号",
    "'",
    "O'Brien",
    "\\",
    "(",
    ")",
    "执1号 ",
]


def _seed(s: Session) -> None:
    for n, (number, applicants, respondents) in enumerate(PARTIES):
        make_case(
            s,
            number,
            D(2026, 1, 1) + dt.timedelta(days=n * 7),
            Track.SIMPLE,
            applicants=applicants,
            respondents=respondents,
        )


def _like_ids(s: Session, fragment: str) -> set[int]:
    """The cases today's search found: the plain LIKE on the three columns, no index."""
    pattern = f"%{fragment.strip()}%"
    query = select(Case.id).where(
        or_(
            Case.number.like(pattern),
            Case.applicant_names.like(pattern),
            Case.respondent_names.like(pattern),
        )
    )
    return set(s.scalars(query))


@pytest.mark.parametrize("limit", [5000, 1], ids=["index", "common: LIKE alone"])
def test_every_fragment_finds_what_like_found(
    sessions: sessionmaker[Session], limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "CANDIDATE_LIMIT", limit)
    monkeypatch.setattr(search, "_selective", {})
    with sessions.begin() as s:
        _seed(s)
    with sessions() as s:
        everything = {row.id for row in fetch_case_rows(s, None, 0, 100)}
        assert len(everything) == len(PARTIES)
        for fragment in FRAGMENTS:
            expected = _like_ids(s, fragment) if fragment.strip() else everything
            found = {row.id for row in fetch_case_rows(s, CaseFilter(text=fragment), 0, 100)}
            assert found == expected, fragment
            assert count_cases(s, CaseFilter(text=fragment)) == len(expected), fragment
        # the inputs are not vacuous: these find something, through the index or not
        assert len(_like_ids(s, "王")) == 4
        assert len(_like_ids(s, "（2026）")) == 5
        assert len(_like_ids(s, "丽*娜")) == 1
        assert len(_like_ids(s, "赵 AND 钱")) == 1
        assert len(_like_ids(s, "abc")) == 1  # LIKE folds ASCII case
        assert len(_like_ids(s, "_小明")) == 1


def test_the_index_follows_inserts_updates_and_deletes(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        _seed(s)
    with sessions.begin() as s:
        first = s.scalars(select(Case).where(Case.number.like("%执1号"))).one()
        first.applicant_names = "欧阳修远"
        s.execute(update(Case).where(Case.number.like("%执2号")).values(respondent_names="诸葛亮"))
        s.execute(update(Case).values(status=Case.status))  # no searched column: no change
    with sessions() as s:
        assert count_cases(s, CaseFilter(text="欧阳修")) == 1
        assert count_cases(s, CaseFilter(text="王建国")) == 0
        assert count_cases(s, CaseFilter(text="诸葛亮")) == 1
        assert count_cases(s, CaseFilter(text="张三")) == 0
    with sessions.begin() as s:
        gone = s.scalars(select(Case.id).where(Case.number.like("%执3000号"))).one()
        for table in reversed(Base.metadata.sorted_tables):  # its clock spans and the like
            for key in table.foreign_keys:
                if key.column.table.name == "cases" and table.name != "cases":
                    s.execute(table.delete().where(key.parent == gone))
        s.execute(text("DELETE FROM cases WHERE id = :id"), {"id": gone})
    with sessions() as s:
        assert count_cases(s, CaseFilter(text="全角")) == 0
        assert s.scalar(select(func.count()).select_from(Case)) == len(PARTIES) - 1
        if s.get_bind().dialect.name == "sqlite":
            connection = s.connection()
            assert check_search_index(connection)
            matched = f"SELECT COUNT(*) FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH '\"王建国\"'"
            assert connection.exec_driver_sql(matched).scalar() == 0


@pytest.mark.parametrize(
    ("fragment", "query"),
    [
        ("王", None),
        ("王建", None),
        ("王建国", '"王建国"'),
        ('a"b"c', '"a""b""c"'),
        ("ab%cde_fgh", '"cde" AND "fgh"'),
        ("王_小", None),
        ("赵 AND 钱", '"赵 AND 钱"'),
    ],
)
def test_index_queries_quote_every_run(fragment: str, query: str | None) -> None:
    assert index_query(fragment) == query


def test_bulk_written_cases_are_found_as_like_finds_them(sessions: sessionmaker[Session]) -> None:
    from tests.sample_data import generate_cases

    generate_cases(sessions, 60, seed=7)  # Core inserts, as the ledger import writes
    with sessions() as s:
        rows = s.execute(select(Case.number, Case.applicant_names, Case.respondent_names)).all()
        fragments = {row[0][1:5] for row in rows} | {row[1][:3] for row in rows}
        fragments |= {row[2][-4:] for row in rows} | {row[0][-5:] for row in rows}
        for fragment in sorted(fragments):
            found = {row.id for row in fetch_case_rows(s, CaseFilter(text=fragment), 0, 1000)}
            assert found == _like_ids(s, fragment) and found, fragment
        if s.get_bind().dialect.name == "sqlite":
            assert check_search_index(s.connection())
        else:  # the test server's user may create pg_trgm: the indexes are there
            present = s.scalars(
                text(
                    "SELECT indexname FROM pg_indexes "
                    "WHERE schemaname = current_schema() AND tablename = 'cases'"
                )
            )
            assert set(TRIGRAM_INDEXES.values()) <= set(present)


def test_a_file_without_the_index_searches_with_like_and_gets_it_at_the_next_start(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a file upgraded by a SQLite without the trigram tokenizer would be."""
    from model.storage.store import open_store

    monkeypatch.setattr(search, "_selective", {})
    store = open_store(tmp_path / "cases.sqlite", use_lock=False)
    with store.sessions.begin() as s:
        _seed(s)
        drop_search_index(s.connection())
    with store.sessions() as s:
        assert count_cases(s, CaseFilter(text="王建国")) == 1
    store.close()
    monkeypatch.setattr(search, "_selective", {})
    store = open_store(tmp_path / "cases.sqlite", use_lock=False)
    try:
        with store.sessions() as s:
            assert search.narrows(s, "王建国") == '"王建国"'
            assert count_cases(s, CaseFilter(text="王建国")) == 1
            assert check_search_index(s.connection())
    finally:
        store.close()


# --- two characters: the trigrams they begin (schema version 14) ----------------------


@pytest.fixture
def sqlite_sessions(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> sessionmaker[Session]:
    """``sessions`` on SQLite with the cases of ``PARTIES``, nothing remembered of a search
    before: PostgreSQL's pg_trgm indexes serve the LIKE themselves."""
    with sessions() as s:
        if s.get_bind().dialect.name != "sqlite":
            pytest.skip("the FTS5 index is SQLite's")
    monkeypatch.setattr(search, "_selective", {})
    with sessions.begin() as s:
        _seed(s)
    return sessions


def test_two_characters_are_looked_up_as_the_trigrams_they_begin(
    sqlite_sessions: sessionmaker[Session],
) -> None:
    with sqlite_sessions() as s:
        for pair, found in (("建国", 1), ("张三", 1), ("李四", 1), ("王王", 1), ("co", 2),
                            ("CO", 2), ("号", 8), ("执2", 3)):  # fmt: skip
            if len(pair) == 2:
                assert search.narrows(s, pair), pair  # through the index, not the LIKE
            assert count_cases(s, CaseFilter(text=pair)) == found == len(_like_ids(s, pair)), pair
        # 张三 is a whole name: only the end mark follows it in its text
        assert search.narrows(s, "张三") == '("张三\x1f")'
        assert search.narrows(s, "欧阳") == search.NOTHING  # no text holds it
        assert count_cases(s, CaseFilter(text="欧阳")) == 0
        assert search.narrows(s, "Éc") is None  # a letter whose folding SQLite decides
        assert count_cases(s, CaseFilter(text="Éc")) == len(_like_ids(s, "Éc"))


def test_a_case_saved_after_a_search_is_found_by_the_same_two_characters(
    sqlite_sessions: sessionmaker[Session],
) -> None:
    with sqlite_sessions() as s:
        assert count_cases(s, CaseFilter(text="欧阳")) == 0
    with sqlite_sessions.begin() as s:
        make_case(s, "（2026）吉0605执5000号", D(2026, 5, 1), Track.SIMPLE,
                  applicants="欧阳修", respondents="司马光")  # fmt: skip
    with sqlite_sessions() as s:  # the vocabulary is read afresh: the new trigrams count
        assert count_cases(s, CaseFilter(text="欧阳")) == 1
        assert count_cases(s, CaseFilter(text="马光")) == 1


def test_common_pairs_are_answered_by_the_like_alone(
    sqlite_sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "MAX_TERMS", 0)  # every pair begins too many trigrams
    with sqlite_sessions() as s:
        assert search.narrows(s, "建国") is None
        assert count_cases(s, CaseFilter(text="建国")) == 1
    monkeypatch.setattr(search, "MAX_TERMS", 300)
    monkeypatch.setattr(search, "CANDIDATE_LIMIT", 0)  # too many cases hold it
    with sqlite_sessions() as s:
        assert search.narrows(s, "建国") is None
        assert count_cases(s, CaseFilter(text="建国")) == 1


_OLD_INDEX = (  # the index as schema version 12 made it: the texts without their end mark
    "CREATE VIRTUAL TABLE case_search USING fts5(number, applicant_names, respondent_names, "
    "content='cases', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER case_search_insert AFTER INSERT ON cases BEGIN INSERT INTO case_search "
    "(rowid, number, applicant_names, respondent_names) VALUES (new.id, new.number, "
    "new.applicant_names, new.respondent_names); END",
    "INSERT INTO case_search (case_search) VALUES ('rebuild')",
)


def test_version_14_rebuilds_an_index_of_version_12_with_end_marks(tmp_path) -> None:
    from model.storage.store import open_store

    store = open_store(tmp_path / "cases.sqlite", use_lock=False)
    with store.sessions.begin() as s:
        _seed(s)
        drop_search_index(s.connection())
        for statement in _OLD_INDEX:
            s.execute(text(statement))
        s.execute(text("UPDATE schema_version SET version = 13"))
    store.close()
    store = open_store(tmp_path / "cases.sqlite", use_lock=False, backup_before_upgrade=False)
    try:
        with store.sessions() as s:
            assert has_search_source(s.connection()) and check_search_index(s.connection())
            assert search.narrows(s, "张三") == '("张三\x1f")'
            assert count_cases(s, CaseFilter(text="张三")) == 1
    finally:
        store.close()
