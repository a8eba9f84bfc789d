"""Hostile input: random and adversarial text thrown at the parsers a clerk's typing reaches.

For each parser: it returns a value or raises ``UserError`` with a Chinese message;
nothing else escapes (no ValueError, IndexError, OverflowError …).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from model.calendar.holidays import parse_days
from model.cases.numbers import parse_case_number
from model.errors import UserError
from model.ledger.read import cell_date

EXAMPLES = 1000  # per test; the README's figures count these
CJK = re.compile(r"[\u4e00-\u9fff]")
TYPE_CODES = ("执", "执恢", "执保", "执异", "执复", "执协", "执监")

# Text built from the pieces a case number or a date is made of, plus noise: a hostile
# typist hits the near misses that pure random text almost never reaches.
PIECES = st.sampled_from(
    [
        "（",
        "）",
        "(",
        ")",
        "〔",
        "〕",
        "【",
        "】",
        "[",
        "]",
        "吉",
        "京",
        "兵",
        "0605",
        "0605",
        "执",
        "执恢",
        "执保",
        "号",
        "年",
        "月",
        "日",
        "至",
        "-",
        "/",
        ".",
        "、",
        " ",
        "\u3000",
        "\t",
        "\n",
        "２０２６",
        "2026",
        "0",
        "00",
        "99",
        "13",
        "31",
        "32",
        "2",
        "29",
        "12345",
        "9" * 30,
        "-1",
        "+",
        "e5",
        "١٢",
        "\u200b",
        "\ufeff",
        "\x00",
        "😀",
        "%s",
        "'; DROP",
    ]
)
HOSTILE_TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(PIECES, max_size=14).map("".join),
    st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=10).map("".join),
)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def accepts_or_refuses_in_chinese(parse: Callable[[], object]) -> object:
    try:
        return parse()
    except UserError as error:
        assert error.message.strip(), "a refusal without a message"
        assert CJK.search(error.message), f"not a Chinese message: {error.message!r}"
        return None


@FUZZ
@given(HOSTILE_TEXT)
@example("（2026）吉0605执123号")
@example("(2026)吉0605执恢99999999999999999999999号")
@example("（0）吉0605执0号")
@example("")
def test_case_number_parser(text: str) -> None:
    parsed = accepts_or_refuses_in_chinese(lambda: parse_case_number(text, "吉0605", TYPE_CODES))
    if parsed is not None:
        again = parse_case_number(parsed.normal, "吉0605", TYPE_CODES)  # normal form is stable
        assert again == parsed


@FUZZ
@given(st.one_of(HOSTILE_TEXT, st.integers(), st.floats(allow_nan=True), st.none()))
@example("2026年2月30日")
@example("2026-13-01")
@example("9999999999-1-1")
@example(float("inf"))
@example(20000)
@example(80000.5)
def test_ledger_date_cell(value: object) -> None:
    parsed = accepts_or_refuses_in_chinese(lambda: cell_date(value, "立案日期"))
    assert parsed is None or isinstance(parsed, dt.date)


@FUZZ
@given(HOSTILE_TEXT)
@example("2027年2月15日至2027年2月1日")
@example("2027-02-30")
@example("99999-1-1至99999-1-2")
def test_holiday_days(text: str) -> None:
    parsed = accepts_or_refuses_in_chinese(lambda: parse_days(text))
    assert parsed is None or all(isinstance(day, dt.date) for day in parsed)
