"""Reading a ledger (台账) workbook: the file, its headers and the values of its cells.

Only the reading lives here; what a row means is checked in ``model.ledger.check``.

A workbook is a zip of XML, and a hostile or broken one can be made to unpack into
gigabytes (a zip bomb) or to claim a million rows (a stray cell in row 1,048,576): the
sizes are checked before anything unpacks it, and the rows are read up to a limit
(model/ledger/workbook.py, which also chooses the reader), so such a file is refused in
a second with a Chinese reason, not by running out of memory.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from model.errors import UserError
from model.ledger.workbook import MAX_ROWS as MAX_ROWS  # the limit, named where it is read
from model.ledger.workbook import read_sheets

REQUIRED = ("案号", "立案日期")
OPTIONAL = (
    "申请执行人",
    "被执行人",
    "被执行人类型",
    "申请执行人数",
    "标的额",
    "执行依据",
    "执行依据类别",
    "案由",
    "分流依据",
    "分流类型",
    "调整理由",
    "办案组",
    "承办法官",
    "结案日期",
    "结案方式",
    "执行到位金额",
)
IMPORT_HEADERS = REQUIRED + OPTIONAL
"""SPEC §7's ledger columns, the contract users build their files on."""

EVENT_SHEET = "期限事项"
EVENT_REQUIRED = ("案号", "事项", "开始日期")
EVENT_HEADERS = (
    *EVENT_REQUIRED,
    "结束日期",
    "批准人",
    "批准人职务",
    "延长月数",
    "承办法官",
    "理由",
)
"""SPEC §7's optional second sheet: each case's dated events, one a row."""

MAX_UNPACKED = 512 * 1024 * 1024  # bytes the whole workbook may unpack to
MAX_RATIO = 500  # XML packs about 10-20 times; a part packed far tighter is a bomb
_RATIO_FLOOR = 8 * 1024 * 1024  # small parts may pack as tight as they like
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # encrypted .xlsx and old .xls are OLE compound files
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_SPLIT = re.compile(r"[、,，;；\n]+")
_SUFFIX = re.compile(r"[（(].*[)）]$")


@dataclass
class LedgerSheet:
    """The rows of a ledger: header name → column index, and each data row with its number."""

    sheet_name: str
    columns: dict[str, int]
    rows: list[tuple[int, tuple[Any, ...]]]  # (Excel row number, values)
    ignored_headers: list[str]
    events: LedgerSheet | None = None  # the 期限事项 sheet, when the workbook has one


def normalise_header(value: object) -> str:
    """A header as compared: NFKC, no white space, a trailing “（元）” dropped."""
    text = "".join(unicodedata.normalize("NFKC", str(value or "")).split())
    known = text in IMPORT_HEADERS or text in EVENT_HEADERS
    return _SUFFIX.sub("", text) if not known else text


def check_ledger_file(path: Path) -> Path:
    """The ledger file is there and is an unencrypted .xlsx of a sane size; refused in
    Chinese otherwise. Asked before a database is opened, so a wrong file touches nothing."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"找不到文件：{path}", field="path")
    with path.open("rb") as handle:
        head = handle.read(4)
    if head == _OLE_MAGIC:
        raise UserError(
            f"“{path.name}”已加密或是旧版 .xls 文件，无法读取。"
            "请在 Excel/WPS 中取消密码并另存为 .xlsx 后再导入。",
            field="path",
        )
    if not zipfile.is_zipfile(path):
        raise UserError(
            f"“{path.name}”不是 Excel 工作簿（.xlsx）。请在 Excel/WPS 中另存为 .xlsx 后再导入。",
            field="path",
        )
    _refuse_bomb(path)
    return path


def read_ledger(path: Path) -> LedgerSheet:
    """Read the workbook and take the ledger sheet's headers and non-blank rows."""
    path = check_ledger_file(path)
    title, raw, event_raw = read_sheets(path, EVENT_SHEET)
    ledger = _sheet_rows(title, raw, path.name)
    if event_raw is not None and any(not _blank(values) for values in event_raw):
        ledger.events = _sheet_rows(
            EVENT_SHEET, event_raw, path.name, EVENT_HEADERS, EVENT_REQUIRED, allow_empty=True
        )
    return ledger


def _refuse_bomb(path: Path) -> None:
    """Refuse a workbook whose parts would unpack to far more than any ledger."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # openpyxl reports the damage in its own words below
    total = sum(part.file_size for part in parts)
    bomb = any(
        part.file_size > _RATIO_FLOOR and part.file_size > MAX_RATIO * max(part.compress_size, 1)
        for part in parts
    )
    if total > MAX_UNPACKED or bomb:
        raise UserError(
            f"“{path.name}”解压后有 {total / 1024 / 1024:,.0f} MB，远超任何台账，"
            "可能已损坏或不是台账文件，未导入。请确认文件后，在 Excel/WPS 中另存为 .xlsx 再导入。",
            field="path",
        )


def _blank(values: tuple[Any, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _sheet_rows(
    title: str,
    raw: list[tuple[Any, ...]],
    name: str,
    headers: tuple[str, ...] = IMPORT_HEADERS,
    required: tuple[str, ...] = REQUIRED,
    *,
    allow_empty: bool = False,
) -> LedgerSheet:
    first = next((i for i, values in enumerate(raw) if not _blank(values)), None)
    if first is None:
        raise UserError(f"“{name}”的工作表“{title}”是空的，没有可导入的内容。", field="path")
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, value in enumerate(raw[first]):
        header = normalise_header(value)
        if not header:
            continue
        if header in columns:
            raise UserError(
                f"工作表“{title}”第 {first + 1} 行的列名“{header}”出现了两次，请删去一列。"
            )
        if header in headers:
            columns[header] = index
        else:
            ignored.append(header)
    missing = [h for h in required if h not in columns]
    if missing:
        raise UserError(
            f"工作表“{title}”缺少必需的列：{'、'.join(missing)}。第一行应为列名，"
            f"可用的列名：{'、'.join(headers)}。",
            field="path",
        )
    rows = [
        (number + 1, values)
        for number, values in enumerate(raw[first + 1 :], start=first + 1)
        if not _blank(values)
    ]
    if not rows and not allow_empty:
        raise UserError(f"“{name}”只有列名，没有案件行。", field="path")
    return LedgerSheet(title, columns, rows, ignored)


def cell_text(value: object) -> str:
    """A cell as trimmed text (numbers without a trailing .0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return str(value).strip()


def cell_date(value: object, label: str) -> dt.date | None:
    """A date cell: a real Excel date, or text 2026-03-01, 2026/3/1, 2026年3月1日."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and 20000 <= value <= 80000:
        from openpyxl.utils.datetime import from_excel  # only here: openpyxl is slow to load

        serial: dt.datetime = from_excel(value)  # a date kept as its serial number
        return serial.date()
    text = unicodedata.normalize("NFKC", str(value)).strip()
    match = _DATE_TEXT.match(text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise UserError(f"{label}“{text}”不是有效日期（可写作 2026-03-01、2026/3/1 或 2026年3月1日）。")


def cell_count(value: object, label: str) -> int | None:
    """A whole number cell (申请执行人数)."""
    text = cell_text(value)
    if not text:
        return None
    if not text.isdecimal():  # not isdigit: "²" is a digit that int() refuses
        raise UserError(f"{label}“{text}”应为整数。")
    return int(text)


def cell_amount(value: object) -> str | Decimal | None:
    """标的额 as intake's parser takes it (a number cell keeps its exact decimal form)."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return str(value)


def split_list(value: object) -> list[str]:
    """Names or codes separated by 、 , ， ; ； or line breaks."""
    return [part.strip() for part in _SPLIT.split(cell_text(value)) if part.strip()]
