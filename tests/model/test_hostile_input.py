"""Hostile input: random and adversarial text thrown at every parser, the settings and the
command line — 10,000 inputs in all (``BUDGET``; the ledger's own are in tests/model/ledger).

For each: it returns a value or raises ``UserError`` with a Chinese message; nothing else
escapes (no ValueError, IndexError, OverflowError, no traceback), and a refusal writes
nothing. The hypothesis profiles (tests/conftest.py) keep the whole run under a minute.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from model.calendar.holidays import parse_days
from model.cases.numbers import parse_case_number
from model.errors import UserError
from model.ledger.read import cell_date

# Inputs per test; the README's figure is their sum with the ledger's (tests/model/ledger/).
BUDGET = {
    "case numbers": 2500,
    "ledger date cells": 1500,
    "holiday days": 1600,
    "amounts": 1000,
    "count cells": 500,
    "names and list cells": 500,
    "ledger rows": 500,  # tests/model/ledger/test_hostile_ledger.py
    "ledger headers": 500,  # tests/model/ledger/test_hostile_ledger.py
    "ledger workbooks": 150,  # tests/model/ledger/test_hostile_ledger.py
    "malformed workbooks": 14,  # tests/model/ledger/test_hostile_workbooks.py
    "settings": 500,
    "server address": 500,
    "command lines": 300,
}
EXAMPLES = 1000
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


def fuzz(what: str) -> settings:
    """The settings of the test of ``what``: its share of the budget."""
    return settings(
        max_examples=BUDGET[what],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


def test_the_budget_is_ten_thousand_inputs() -> None:
    assert sum(BUDGET.values()) >= 10_000


def accepts_or_refuses_in_chinese(parse: Callable[[], object]) -> object:
    try:
        return parse()
    except UserError as error:
        assert error.message.strip(), "a refusal without a message"
        assert CJK.search(error.message), f"not a Chinese message: {error.message!r}"
        return None


@fuzz("case numbers")
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


@fuzz("ledger date cells")
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


@fuzz("holiday days")
@given(HOSTILE_TEXT)
@example("2027年2月15日至2027年2月1日")
@example("2027-02-30")
@example("99999-1-1至99999-1-2")
def test_holiday_days(text: str) -> None:
    parsed = accepts_or_refuses_in_chinese(lambda: parse_days(text))
    assert parsed is None or all(isinstance(day, dt.date) for day in parsed)


NUMBERS = st.one_of(
    HOSTILE_TEXT,
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.none(),
    st.sampled_from(["1e309", "-0", "1,234.50元", "１２３", "NaN", "Infinity", "9" * 400, "0x10"]),
)


@fuzz("amounts")
@given(NUMBERS)
@example("1e309")
@example(float("nan"))
def test_amounts_typed_and_in_cells(value: object) -> None:
    from decimal import Decimal

    from model.cases.draft import parse_amount
    from model.ledger.read import cell_amount

    cell = accepts_or_refuses_in_chinese(lambda: cell_amount(value))
    typed = value if isinstance(value, (str, Decimal)) or value is None else str(value)
    parsed = accepts_or_refuses_in_chinese(lambda: parse_amount(typed))  # type: ignore[arg-type]
    assert parsed is None or (isinstance(parsed, Decimal) and parsed.is_finite())
    del cell


@fuzz("count cells")
@given(NUMBERS)
def test_count_cells(value: object) -> None:
    from model.ledger.read import cell_count

    parsed = accepts_or_refuses_in_chinese(lambda: cell_count(value, "申请执行人数"))
    assert parsed is None or isinstance(parsed, int)


@fuzz("names and list cells")
@given(st.one_of(HOSTILE_TEXT, st.integers(), st.floats(), st.none(), st.dates()))
def test_names_and_list_cells(value: object) -> None:
    from model.ledger.read import cell_text, split_list
    from model.roster.names import normalise_name

    text = accepts_or_refuses_in_chinese(lambda: cell_text(value))
    parts = accepts_or_refuses_in_chinese(lambda: split_list(value))
    assert parts is None or all(isinstance(part, str) and part for part in parts)  # type: ignore[union-attr]
    if isinstance(text, str):
        assert isinstance(normalise_name(text), str)


@fuzz("server address")
@given(HOSTILE_TEXT, st.one_of(HOSTILE_TEXT, st.integers()), HOSTILE_TEXT, HOSTILE_TEXT)
@example("192.168.1.10", "99999", "zhixing", "zhixing")
@example("192.168.1.10", "-1", "zhixing", "zhixing")
def test_server_address_typed_and_stored(host: str, port: object, database: str, user: str) -> None:
    from model.storage.server_address import parse_stored, server_address

    typed = accepts_or_refuses_in_chinese(lambda: server_address(host, port, database, user))  # type: ignore[arg-type]
    stored = parse_stored(host)  # whatever a settings file holds: an address or None
    if typed is not None:
        assert parse_stored(typed.stored) is not None  # type: ignore[attr-defined]
    del stored


SETTING_KEYS = st.sampled_from(
    ["large_amount_threshold", "many_applicants_threshold", "court_name", "court_code"]
)


@pytest.mark.sqlite_only  # a round trip per statement: the server would take minutes
@fuzz("settings")
@given(key=SETTING_KEYS, value=HOSTILE_TEXT, minutes=st.integers(-(10**6), 10**6))
@example(key="large_amount_threshold", value="1e309", minutes=0)
@example(key="court_name", value="法院\x00", minutes=241)
def test_settings(sessions, key: str, value: str, minutes: int) -> None:
    from model.access.users import idle_minutes, set_idle_minutes
    from model.entities import Setting
    from model.triage.settings import set_setting

    def stored() -> dict[str, str]:
        with sessions() as session:
            return {row.key: row.value for row in session.query(Setting)}

    before = stored()

    def change() -> None:
        with sessions.begin() as session:
            set_setting(session, key, value)

    if accepts_or_refuses_in_chinese(change) is None and stored() != before:
        assert stored()[key] == value.strip()  # accepted: exactly what was typed, trimmed
    before = stored()
    if accepts_or_refuses_in_chinese(lambda: set_idle_minutes(sessions, 1, minutes)) is None:
        if not 1 <= minutes <= 240:
            assert stored() == before  # refused: nothing written
    assert 1 <= idle_minutes(sessions) <= 240


COMMANDS = ("import-cases", "export-cases", "weekly-report", "ledger-template", "backup",
            "check", "audit-verify")  # fmt: skip


@pytest.fixture(scope="module")
def cli_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a database, a ledger, a foreign file and an empty sub-folder."""
    from model.storage.store import open_store
    from tests.ledger_files import write_ledger

    folder = tmp_path_factory.mktemp("cli")
    open_store(folder / "cases.sqlite").close()
    write_ledger(
        folder / "台账.xlsx", ["案号", "立案日期"], [["（2026）吉0605执1号", "2026-03-02"]]
    )
    (folder / "文本.sqlite").write_text("不是数据库", encoding="utf-8")
    (folder / "空").mkdir()
    # The default database exists: a command without --db reads it (creating it on first
    # use is the window's and import-cases' business, not a refusal's).
    (folder / "default" / "zhixing-tuandui").mkdir(parents=True)
    open_store(folder / "default" / "zhixing-tuandui" / "cases.sqlite").close()
    return folder


def _arguments(folder: Path) -> st.SearchStrategy[list[str]]:
    paths = st.sampled_from(
        [str(folder / name) for name in ("cases.sqlite", "台账.xlsx", "文本.sqlite", "空",
                                          "空/out.xlsx", "没有/out.xlsx", "out.xlsx", "b.sqlite")]
    )  # fmt: skip
    pieces = st.one_of(
        paths,
        st.sampled_from(["--db", "--week", "--today", "--skip-bad", "--help", "-h", "--", "-"]),
        st.sampled_from(["2026-11-23", "2026-02-30", "0000-01-01", "9999-12-31", "昨天", ""]),
        HOSTILE_TEXT.filter(lambda text: "\x00" not in text),
    )
    return st.tuples(st.sampled_from(COMMANDS), st.lists(pieces, max_size=6)).map(
        lambda parts: [parts[0], *parts[1]]
    )


def _files(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, but the files SQLite and the lock make and remove themselves."""
    return {
        str(path): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and not path.name.endswith(("-wal", "-shm", ".lock", ".log"))
    }


@pytest.mark.sqlite_only
@fuzz("command lines")
@given(data=st.data())
def test_command_lines(data: st.DataObject, cli_folder: Path, monkeypatch, capsys) -> None:
    from model.commands import run_command

    monkeypatch.setenv("XDG_DATA_HOME", str(cli_folder / "default"))
    monkeypatch.chdir(cli_folder)  # a relative OUT.xlsx lands here, not in the project
    monkeypatch.setenv("ZT_LOG_FILE", str(cli_folder / "zhixing-tuandui.log"))
    argv = data.draw(_arguments(cli_folder))
    before = _files(cli_folder)
    try:
        code = run_command(argv)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "意外错误" not in err, f"{argv}: not a known refusal: {err!r}"
    if code != 0:
        assert CJK.search(err), f"{argv}: {err!r}"
        assert _files(cli_folder) == before, f"{argv} was refused but wrote"
