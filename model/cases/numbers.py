"""案号: parsing a typed case number into its parts and its one normal form (SPEC §4).

A case number reads （2021）吉0605执123号: the year in parentheses, the court code
(the province's one-character abbreviation, four digits, possibly one character for a
specialised court), the case-type code (at most three characters, from the CaseType
table), the sequence number and 号. Clerks type it with ASCII or full-width
parentheses, full-width digits and stray spaces; all of these are folded before
parsing, and a malformed number is refused with a message naming the faulty part.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from model.errors import UserError

FIELD = "number"

PROVINCES = frozenset("京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新兵")
"""The one-character province abbreviations of the SPC court-code table (兵: 兵团)."""

MAX_TYPE_CODE = 3
EXAMPLE = "（2026）吉0605执123号"

_SPACE = re.compile(r"\s+", re.UNICODE)
_YEAR = re.compile(r"\(([^()]*)\)")
_FOUR_DIGITS = re.compile(r"\d{4}")
_COURT = re.compile(r"(\D?)(\d*)")
_REST = re.compile(r"(\D*)(\d*)(.*)", re.DOTALL)
# Square and tortoise-shell brackets turn up in old documents; read them as parentheses.
_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "[": "(", "]": ")", "【": "(", "】": ")"})


@dataclass(frozen=True)
class CaseNumber:
    """A parsed case number; ``normal`` is the form stored and shown everywhere."""

    year: int
    court_code: str
    type_code: str
    sequence: int
    foreign_court: bool = False  # another court's code (委托执行 / 执协 cases carry one)

    @property
    def normal(self) -> str:
        """The normal form, with full-width parentheses: （2021）吉0605执123号."""
        return f"（{self.year}）{self.court_code}{self.type_code}{self.sequence}号"

    def __str__(self) -> str:
        return self.normal

    def warning(self, own_court_code: str) -> str:
        """The visible warning for another court's code, or "" for the office's own."""
        if not self.foreign_court:
            return ""
        return (
            f"注意：法院代字“{self.court_code}”不是本院代字“{own_court_code}”"
            "（委托执行、执行协调等案件可以如此）。"
        )


def fold(text: str) -> str:
    """Fold width variants, brackets and every kind of white space away."""
    folded = unicodedata.normalize("NFKC", text or "").translate(_BRACKETS)
    return _SPACE.sub("", folded)


def parse_case_number(text: str, own_court_code: str, type_codes: Iterable[str]) -> CaseNumber:
    """Parse a typed case number; raise a ``UserError`` that names the faulty part."""
    codes = frozenset(type_codes)
    own = fold(own_court_code)
    s = fold(text)
    if not s:
        raise UserError(f"请填写案号，例如{EXAMPLE}。", field=FIELD)

    year_match = _YEAR.match(s)
    if year_match is None:
        raise UserError(f"年份有误：案号应以括号中的四位年份开头，例如{EXAMPLE}。", field=FIELD)
    year_text = year_match.group(1)
    if not _FOUR_DIGITS.fullmatch(year_text) or not 1949 < int(year_text) < 2100:
        raise UserError(f"年份有误：括号中的“{year_text}”应为四位年份，例如（2026）。", field=FIELD)
    rest = s[year_match.end() :]

    court_match = _COURT.match(rest)
    assert court_match is not None  # the pattern matches any string
    province, digits = court_match.groups()
    if province not in PROVINCES:
        shown = province or "（空）"
        raise UserError(
            f"法院代字有误：应以省份简称开头（如“吉”），而不是“{shown}”，例如吉0605。",
            field=FIELD,
        )
    if len(digits) > 4 and rest[court_match.end() :] in ("", "号"):
        # The digits ran on into the sequence: nothing stands between court and number.
        raise UserError("类型代字有误：法院代字后缺少类型代字，例如“执”。", field=FIELD)
    if len(digits) != 4:
        raise UserError(
            f"法院代字有误：“{province}{digits}”应为省份简称加4位数字，例如吉0605。",
            field=FIELD,
        )
    rest = rest[court_match.end() :]

    has_hao = rest.endswith("号")
    body = rest[:-1] if has_hao else rest
    parts = _REST.fullmatch(body)
    assert parts is not None  # every text matches: each group may be empty
    letters, sequence_text, tail = parts.groups()
    special, type_code = _split_type(letters, codes)
    if tail:
        raise UserError(
            f"序号有误：“{sequence_text}{tail}”应只含数字，例如{EXAMPLE}中的123。", field=FIELD
        )
    if not sequence_text:
        raise UserError(f"序号有误：类型代字后缺少序号，例如{EXAMPLE}。", field=FIELD)
    sequence = int(sequence_text)
    if sequence == 0:
        raise UserError("序号有误：序号不能为0。", field=FIELD)
    if not has_hao:
        raise UserError(f"缺少“号”：案号应以“号”结尾，例如{EXAMPLE}。", field=FIELD)
    court_code = f"{province}{digits}{special}"
    return CaseNumber(
        year=int(year_text),
        court_code=court_code,
        type_code=type_code,
        sequence=sequence,
        foreign_court=court_code != own,
    )


def _split_type(letters: str, codes: frozenset[str]) -> tuple[str, str]:
    """Split the letters between the court digits and the sequence into (specialised, type)."""
    if not letters:
        raise UserError("类型代字有误：法院代字后缺少类型代字，例如“执”。", field=FIELD)
    if letters in codes:
        return "", letters
    # A specialised court's code adds one character after the four digits.
    if len(letters) >= 2 and letters[1:] in codes and _is_cjk(letters[0]):
        return letters[0], letters[1:]
    known = "、".join(sorted(codes, key=lambda code: (len(code), code)))
    if len(letters) > MAX_TYPE_CODE + 1:
        raise UserError(
            f"类型代字有误：“{letters}”过长（类型代字最多{MAX_TYPE_CODE}个字；已知：{known}）。",
            field=FIELD,
        )
    raise UserError(
        f"类型代字有误：“{letters}”不是已知的案件类型代字（已知：{known}）。", field=FIELD
    )


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def number_prefix(court_code: str, year: int, type_code: str = "执") -> str:
    """What a new case number starts with at this court this year: "（2026）吉0605执".

    The intake form starts with it, so a clerk types only the sequence (and, for 执恢 or
    执保, the rest of the type code)."""
    return f"（{year}）{court_code}{type_code}"
