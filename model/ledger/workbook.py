"""The raw cell values of a ledger workbook's sheets, read with python-calamine or openpyxl.

python-calamine (Rust) reads a realistic 10,000-row ledger with its 期限事项 sheet in
0.12 s (0.23 s with the scan below) where openpyxl's read-only mode takes 1.3 s. Its
values are brought to the form openpyxl gives — a blank cell None, a whole number an
int, a date a datetime — so ``model.ledger.read`` interprets both readers' rows alike.

calamine builds a sheet as one dense grid from its first to its last cell, in memory,
before anything can be checked: a stray cell in XFD1048576 would make it ask for half
a terabyte and abort the process. So each sheet's XML is scanned first (a few tens of
milliseconds, in streamed pieces), and openpyxl — which streams rows, is bounded by
``MAX_ROWS``/``MAX_COLUMNS`` and says why it refuses in Chinese — reads the workbook instead
when the scan finds the grid too large, an error cell (calamine reads ``#N/A`` as blank,
openpyxl as the text “#N/A”, which the checks then name), a cell whose position the scan
cannot see, a format other than .xlsx/.xlsm, or when calamine fails on the file at all
(so a damaged file is reported in the words it always was).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

from model.errors import UserError

MAX_ROWS = 200_000  # a bureau's ledger has tens of thousands; beyond this it is not one
MAX_COLUMNS = 256  # columns read; the ledger's own are the first twenty or so
MAX_CELLS = 6_000_000  # the grid calamine may build (about 32 bytes a cell)
_CHUNK = 8 * 1024 * 1024  # the sheet XML is scanned in pieces of this size
_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')  # a cell as Excel, WPS, openpyxl write it
_CELL_TAGS = (b"<c ", b"<c>", b"<c/", b"<c\t", b"<c\n", b"<c\r")  # every cell's start tag
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:c[\s>/]")
_EXACT_INT = 2**53  # whole floats below this are written without a decimal point
_MIDNIGHT = dt.time()

Rows = list[tuple[Any, ...]]


def read_sheets(path: Path, event_sheet: str) -> tuple[str, Rows, Rows | None]:
    """The ledger sheet's title and rows, and the rows of ``event_sheet`` if there is one.

    The ledger sheet is the one named 台账, else the first worksheet that is not
    ``event_sheet``. Rows are tuples of cell values from column A, one per sheet row
    from row 1 (blank ones included), at most ``MAX_COLUMNS`` wide.
    """
    if _calamine_can_read(path):
        try:
            return _read_calamine(path, event_sheet)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # a Rust panic too; openpyxl then says what is wrong
            pass
    return _read_openpyxl(path, event_sheet)


def _calamine_can_read(path: Path) -> bool:
    """An .xlsx whose every sheet has cells calamine reads as openpyxl does, in a sane grid."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                return False  # .xlsb, .ods, …: calamine reads them, the ledger never did
            # every part: a workbook's relationships may put a sheet under any name
            return all(_plain_sheet(archive, name) for name in sorted(names))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        return False


def _plain_sheet(archive: zipfile.ZipFile, name: str) -> bool:
    """The part has no error cell, every cell in it is ``<c r="…"`` and the grid is bounded.

    Any doubt sends the workbook to openpyxl: a cell written another way (single
    quotes, no position, a namespace prefix) makes the counts of cells and positions
    differ.
    """
    tags = refs = 0
    last_row = last_column = 0
    carry = b""
    with archive.open(name) as part:
        while True:
            chunk = part.read(_CHUNK)
            data = carry + chunk
            if chunk:  # keep the last tag's start for the next piece, so no tag is cut
                cut = data.rfind(b"<")
                data, carry = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
            if b'"e"' in data or b"'e'" in data:
                return False  # an error cell (t="e"), or text that looks like one
            if b":c" in data and _PREFIXED_CELL.search(data):
                return False  # cells under a namespace prefix
            tags += sum(data.count(tag) for tag in _CELL_TAGS)
            found = _CELL.findall(data)
            refs += len(found)
            if found:
                last_row = max(last_row, max(int(row) for row in {row for _, row in found}))
                columns = {column for column, _ in found}
                last_column = max(last_column, max(_column_number(c) for c in columns))
            if not chunk:
                break
    return (
        tags == refs
        and last_row <= MAX_ROWS
        and last_column <= MAX_COLUMNS
        and last_row * last_column <= MAX_CELLS
    )


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _read_calamine(path: Path, event_sheet: str) -> tuple[str, Rows, Rows | None]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    with path.open("rb") as handle, CalamineWorkbook.from_filelike(handle) as book:
        names = book.sheet_names
        worksheets = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        cases = [name for name in worksheets if name != event_sheet]
        title = "台账" if "台账" in names else (cases or worksheets)[0]
        raw = _values(book.get_sheet_by_name(title).to_python(skip_empty_area=False))
        event_raw = None
        if event_sheet in names:
            events = book.get_sheet_by_name(event_sheet)
            event_raw = _values(events.to_python(skip_empty_area=False))
    if len(raw) > MAX_ROWS or (event_raw is not None and len(event_raw) > MAX_ROWS):
        raise ValueError("more rows than the scan found")  # openpyxl refuses in its words
    return title, raw, event_raw


def _values(rows: list[list[Any]]) -> Rows:
    """calamine's values as openpyxl gives them: None, int, datetime."""
    return [tuple(_value(v) for v in row[:MAX_COLUMNS]) for row in rows]


def _value(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return value if value else None  # calamine reads a blank cell as ""
    if kind is float:
        # openpyxl reads "10000" as 10000 and "10000.5" as a float; Excel writes a whole
        # number without a decimal point, so a whole float was written as an int
        return int(value) if value.is_integer() and -_EXACT_INT < value < _EXACT_INT else value
    if kind is dt.date:
        return dt.datetime.combine(value, _MIDNIGHT)  # openpyxl: a date cell is a datetime
    return value


def _read_openpyxl(path: Path, event_sheet: str) -> tuple[str, Rows, Rows | None]:
    from openpyxl import load_workbook

    # The file is opened here, not by openpyxl, so that it is closed even when a damaged
    # sheet stops openpyxl half way through reading it.
    with path.open("rb") as handle:
        try:
            book = load_workbook(handle, read_only=True, data_only=True)
        except Exception as error:
            raise UserError(
                f"“{path.name}”已损坏，无法读取（{type(error).__name__}）。"
                "请在 Excel/WPS 中打开并重新保存后再导入。",
                field="path",
            ) from None
        try:
            cases = [sheet for sheet in book.worksheets if sheet.title != event_sheet]
            sheet = book["台账"] if "台账" in book.sheetnames else (cases or book.worksheets)[0]
            title = sheet.title
            raw = _bounded_rows(sheet, path.name)
            event_raw = None
            if event_sheet in book.sheetnames:
                event_raw = _bounded_rows(book[event_sheet], path.name)
        except UserError:
            raise
        except Exception as error:  # a damaged sheet part fails only when it is read
            raise UserError(
                f"“{path.name}”的工作表已损坏，无法读取（{type(error).__name__}）。"
                "请在 Excel/WPS 中打开并重新保存后再导入。",
                field="path",
            ) from None
        finally:
            book.close()
    return title, raw, event_raw


def _bounded_rows(sheet: Any, name: str) -> Rows:
    """The sheet's rows (values), at most MAX_ROWS of them and MAX_COLUMNS wide."""
    columns = getattr(sheet, "max_column", None)
    width = min(columns, MAX_COLUMNS) if isinstance(columns, int) and columns > 0 else None
    raw: Rows = []
    for values in sheet.iter_rows(values_only=True, max_col=width):
        if len(raw) >= MAX_ROWS:
            raise UserError(
                f"“{name}”的工作表“{sheet.title}”超过 {MAX_ROWS:,} 行，不像是一份台账，未导入。"
                "如表格末尾有多余的内容或格式（例如最后一行 1,048,576 中的某个格），"
                "请删去后另存，或把台账分成几份导入。",
                field="path",
            )
        raw.append(tuple(values[:MAX_COLUMNS]))
    return raw
