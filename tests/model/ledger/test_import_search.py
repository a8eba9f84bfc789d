"""The ledger import fills the search index in one statement at its end, not row by row.

On SQLite the insert trigger is dropped inside the import's transaction and made again
after (``model.storage.search_index.cases_indexed_at_end``): the imported cases must be
found exactly as LIKE finds them, the index must stay whole, and the trigger must be
back afterwards — after a cancel or a failure too — so that later saves are indexed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from model.cases.queries import CaseFilter, fetch_case_rows
from model.entities import Case
from model.errors import Cancelled
from model.ledger.check import import_ledger
from model.storage.search_index import SEARCH_TABLE, cases_indexed_at_end, check_search_index
from tests.factories import make_case
from tests.ledger_files import realistic_ledger

TODAY = dt.date(2026, 11, 28)
TRIGGER = f"SELECT count(*) FROM sqlite_master WHERE name = '{SEARCH_TABLE}_insert'"


def _like_ids(s: Session, fragment: str) -> set[int]:
    pattern = f"%{fragment}%"
    return set(
        s.scalars(
            select(Case.id).where(
                or_(
                    Case.number.like(pattern),
                    Case.applicant_names.like(pattern),
                    Case.respondent_names.like(pattern),
                )
            )
        )
    )


def _found(s: Session, fragment: str) -> set[int]:
    return {row.id for row in fetch_case_rows(s, CaseFilter(text=fragment), 0, 1000)}


def _index_whole(sessions: sessionmaker[Session]) -> None:
    with sessions() as s:
        if s.get_bind().dialect.name == "sqlite":
            connection = s.connection()
            assert connection.exec_driver_sql(TRIGGER).scalar() == 1
            assert check_search_index(connection)


def test_imported_cases_are_found_as_like_finds_them(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    with sessions.begin() as s:
        make_case(s, number="（2026）吉0605执1号", applicants="欧阳修远")
    ledger = realistic_ledger(tmp_path / "ledger.xlsx", 120)
    result, _ = import_ledger(sessions, ledger, None, TODAY)
    assert result.imported == 120
    _index_whole(sessions)
    with sessions() as s:
        rows = s.execute(select(Case.number, Case.applicant_names, Case.respondent_names)).all()
        fragments = {row[0][-6:] for row in rows} | {row[1][:3] for row in rows if row[1]}
        fragments |= {row[2][-4:] for row in rows if row[2]} | {"欧阳修", "（2025）吉0605执"}
        fragments |= {row[1][:2] for row in rows if row[1]} | {row[2][-2:] for row in rows}
        for fragment in sorted(fragments):
            assert _found(s, fragment) == _like_ids(s, fragment) != set(), fragment
        assert len(_found(s, "（2025）吉0605执")) == 120
    with sessions.begin() as s:  # a save after the import is indexed by the trigger again
        make_case(s, number="（2026）吉0605执2号", respondents="诸葛孔明")
    with sessions() as s:
        assert len(_found(s, "诸葛孔明")) == 1
    _index_whole(sessions)


def test_a_cancelled_import_leaves_the_index_and_its_trigger_as_they_were(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    ledger = realistic_ledger(tmp_path / "ledger.xlsx", 1200)
    stages: list[str] = []

    def progress(stage: str, _done: int, _total: int) -> None:
        stages.append(stage)

    def cancel() -> bool:
        return "导入" in stages  # after the first batch was written

    with pytest.raises(Cancelled):
        import_ledger(sessions, ledger, None, TODAY, progress=progress, cancel=cancel)
    assert "导入" in stages
    _index_whole(sessions)
    with sessions() as s:
        assert not _found(s, "（2025）吉0605执")
    with sessions.begin() as s:
        make_case(s, number="（2026）吉0605执3号", respondents="司马相如")
    with sessions() as s:
        assert len(_found(s, "司马相如")) == 1


@pytest.mark.sqlite_only
def test_the_trigger_is_made_again_when_the_block_fails(sessions: sessionmaker[Session]) -> None:
    with sessions() as s:
        connection = s.connection()
        with pytest.raises(RuntimeError), cases_indexed_at_end(connection):
            assert connection.exec_driver_sql(TRIGGER).scalar() == 0
            raise RuntimeError("a write failed")
        assert connection.exec_driver_sql(TRIGGER).scalar() == 1  # before any rollback
    _index_whole(sessions)
