"""Hostile ledgers: random and adversarial cells in every column of the import (SPEC §7).

Whatever the cells hold, checking the file reports every bad row with a Chinese reason
and nothing but a ``UserError`` escapes; importing the good rows writes exactly them.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from model.entities import Case
from model.errors import UserError
from model.ledger.check import check_ledger, import_ledger
from tests.ledger_files import FULL, write_ledger

EXAMPLES = 150  # each writes and reads a workbook; the README's figures count these
CJK = re.compile(r"[\u4e00-\u9fff]")
TODAY = dt.date(2026, 11, 28)

# Characters a workbook can hold (control characters cannot be stored in .xlsx at all).
PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc"))
NEAR_MISSES = st.sampled_from([
    "（2026）吉0605执1号", "(2026)吉0605执保2号", "（2026）京0101执3号", "（2026）吉0605执0号",
    "2026-03-01", "2026/3/1", "2026年3月1日", "2026年2月30日", "2027-01-01", "1900-01-01",
    "S1", "S2、O1", "X1,X2", "Z9", "简易", "普通", "特殊", "复杂", "第一办案组", "第九办案组",
    "王爱军", "王鑫", "无名氏", "执行完毕", "终结本次执行程序", "结案了", "党政机关", "外星人",
    "-5", "1e309", "１２３", "", " ", "\u3000",
])  # fmt: skip
CELL = st.one_of(
    st.none(),
    NEAR_MISSES,
    st.text(PRINTABLE, max_size=20),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
)
ROWS = st.lists(st.lists(CELL, min_size=len(FULL), max_size=len(FULL)), min_size=1, max_size=6)


def case_count(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(Case)) or 0


@pytest.mark.sqlite_only
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    # One database for every example on purpose: checking writes nothing, and the good
    # rows imported by one example make later duplicates that must be reported too.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=ROWS)
def test_any_ledger_is_checked_row_by_row_in_chinese(
    rows: list[list[object]], sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    path = write_ledger(tmp_path / "ledger.xlsx", FULL, rows)
    before = case_count(sessions)
    try:
        checked = check_ledger(sessions, path, TODAY)
    except UserError as error:
        assert CJK.search(error.message), error.message
        return
    assert len(checked.good) + len(checked.problems) == checked.total
    for problem in checked.problems:
        assert problem.reasons and all(CJK.search(reason) for reason in problem.reasons)
    assert case_count(sessions) == before  # checking writes nothing
    try:
        result, _ = import_ledger(sessions, path, None, TODAY, skip_bad=True)
    except UserError as error:
        assert CJK.search(error.message), error.message
        assert case_count(sessions) == before
        return
    assert case_count(sessions) == before + result.imported


# --- the same cells without a workbook: many more rows in the same time ----------------

ROW_EXAMPLES = 500  # README: counted with tests/model/test_hostile_input.py's BUDGET
HEADER_EXAMPLES = 500
FAST = settings(
    max_examples=ROW_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.sqlite_only
@FAST
@given(rows=ROWS)
def test_any_rows_are_checked_one_by_one_in_chinese(
    rows: list[list[object]], sessions: sessionmaker[Session]
) -> None:
    from model.ledger.check import _check
    from model.ledger.read import LedgerSheet

    sheet = LedgerSheet(
        "台账", {name: index for index, name in enumerate(FULL)},
        [(number, tuple(values)) for number, values in enumerate(rows, start=2)], [],
    )  # fmt: skip
    before = case_count(sessions)
    with sessions() as session:
        try:
            checked = _check(session, sheet, Path("台账.xlsx"), TODAY, None, None)
        except UserError as error:
            assert CJK.search(error.message), error.message
            return
    assert len(checked.good) + len(checked.problems) == len(rows)
    for problem in checked.problems:
        assert problem.reasons and all(CJK.search(reason) for reason in problem.reasons)
    assert case_count(sessions) == before


HEADER = st.one_of(
    st.none(),
    st.sampled_from(
        [*FULL, "案 号", "标的额（元）", "标的额(万元)", "ＩＤ", "立案日期立案日期", ""]
    ),
    st.text(PRINTABLE, max_size=12),
    st.integers(),
)


@settings(max_examples=HEADER_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    blank_rows=st.integers(0, 3),
    headers=st.lists(HEADER, max_size=20),
    body=st.lists(st.lists(CELL, max_size=20), max_size=4),
)
def test_any_header_row_is_understood_or_refused_in_chinese(
    blank_rows: int, headers: list[object], body: list[list[object]]
) -> None:
    from model.ledger.read import _sheet_rows

    raw = [(None,) * 3] * blank_rows + [tuple(headers)] + [tuple(row) for row in body]
    try:
        sheet = _sheet_rows("台账", raw, "台账.xlsx")
    except UserError as error:
        assert CJK.search(error.message), error.message
        return
    assert {"案号", "立案日期"} <= set(sheet.columns)
    assert all(isinstance(number, int) for number, _values in sheet.rows)
