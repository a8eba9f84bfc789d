"""Case numbers (SPEC §4): every accepted form and every refusal names its part."""

from __future__ import annotations

import pytest

from model.cases.numbers import CaseNumber, fold, number_prefix, parse_case_number
from model.errors import UserError

CODES = ("执", "执恢", "执保", "执异", "执复", "执监", "执协", "执他")
OWN = "吉0605"


def parse(text: str) -> CaseNumber:
    return parse_case_number(text, OWN, CODES)


@pytest.mark.parametrize(
    "text",
    [
        "（2021）吉0605执123号",
        "(2021)吉0605执123号",
        "（2021)吉0605执123号",
        "（２０２１）吉０６０５执１２３号",
        " ( 2021 ) 吉 0605 执 123 号 ",
        "（2021）\u3000吉0605执123号",
        "\t(2021)吉0605\n执123号",
        "〔2021〕吉0605执123号",
        "（2021）吉0605执0123号",
    ],
)
def test_accepted_forms_share_one_normal_form(text: str) -> None:
    number = parse(text)
    assert number.normal == "（2021）吉0605执123号"
    assert (number.year, number.court_code, number.type_code, number.sequence) == (
        2021,
        "吉0605",
        "执",
        123,
    )
    assert not number.foreign_court
    assert number.warning(OWN) == ""


@pytest.mark.parametrize("code", CODES)
def test_every_type_code(code: str) -> None:
    number = parse(f"(2026)吉0605{code}7号")
    assert number.type_code == code
    assert number.normal == f"（2026）吉0605{code}7号"


def test_foreign_court_is_accepted_with_a_warning() -> None:
    number = parse("(2025)辽0102执协45号")
    assert number.foreign_court
    assert number.court_code == "辽0102"
    assert "辽0102" in number.warning(OWN) and "吉0605" in number.warning(OWN)


def test_specialised_court_character() -> None:
    number = parse("(2025)吉0605林执12号")
    assert number.court_code == "吉0605林"
    assert number.type_code == "执"
    assert number.foreign_court


def test_own_court_code_is_folded_too() -> None:
    assert not parse_case_number("(2021)吉0605执1号", " 吉０６０５", CODES).foreign_court


def test_type_codes_are_data() -> None:
    number = parse_case_number("(2026)吉0605执新3号", OWN, ["执新"])
    assert number.type_code == "执新"
    with pytest.raises(UserError, match="类型代字"):
        parse_case_number("(2026)吉0605执3号", OWN, ["执新"])


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("", "请填写案号"),
        ("   ", "请填写案号"),
        ("2021吉0605执123号", "年份"),
        ("（21）吉0605执123号", "年份"),
        ("（二〇二一）吉0605执123号", "年份"),
        ("（1900）吉0605执123号", "年份"),
        ("（2021吉0605执123号", "年份"),
        ("（2021）0605执123号", "法院代字"),
        ("（2021）X0605执123号", "法院代字"),
        ("（2021）吉065执123号", "法院代字"),
        ("（2021）吉06050执123号", "法院代字"),
        ("（2021）吉0605123号", "类型代字"),
        ("（2021）吉0605民123号", "类型代字"),
        ("（2021）吉0605执执执执执123号", "类型代字"),
        ("（2021）吉0605执号", "序号"),
        ("（2021）吉0605执12a3号", "序号"),
        ("（2021）吉0605执0号", "序号"),
        ("（2021）吉0605执123", "缺少“号”"),
    ],
)
def test_malformed_numbers_say_which_part_is_wrong(text: str, part: str) -> None:
    with pytest.raises(UserError) as caught:
        parse(text)
    assert part in caught.value.message
    assert caught.value.field == "number"


def test_fold_removes_all_white_space_and_widths() -> None:
    assert fold("（２０２１）\u3000 吉") == "(2021)吉"


def test_number_prefix_parses_once_the_sequence_is_added() -> None:
    prefix = number_prefix("吉0605", 2026)
    assert prefix == "（2026）吉0605执"
    parsed = parse_case_number(prefix + "12号", "吉0605", {"执", "执保"})
    assert parsed.normal == "（2026）吉0605执12号"
    assert parse_case_number(prefix + "保3号", "吉0605", {"执", "执保"}).type_code == "执保"
