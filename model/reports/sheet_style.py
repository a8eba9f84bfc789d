"""What every printed sheet shares: Chinese fonts, borders, widths for Chinese text, A4 setup."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from itertools import zip_longest
from pathlib import Path

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.workbook import Workbook as XlsxBook
from xlsxwriter.worksheet import Worksheet as XlsxSheet

from model.reports.target_file import atomic_target as atomic_target
from model.reports.target_file import check_target as check_target

# 宋体 is on every Windows PC; WPS and LibreOffice on 统信UOS / 银河麒麟 substitute their own
# CJK serif (or WenQuanYi) for it, so one name serves every office PC.
FONT_NAME = "宋体"
DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0.0%"

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BODY_FONT = Font(name=FONT_NAME, size=11)
BOLD_FONT = Font(name=FONT_NAME, size=11, bold=True)
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center")
WRAP = Alignment(horizontal="left", vertical="center", wrap_text=True)

# The same styles as XlsxWriter format properties (combine them in ``add_format``).
XLSX_BODY = {"font_name": FONT_NAME, "font_size": 11}
XLSX_BOLD = {**XLSX_BODY, "bold": True}
XLSX_TITLE = {"font_name": FONT_NAME, "font_size": 16, "bold": True}
XLSX_BORDER = {"border": 1, "border_color": "#000000"}
XLSX_HEADER_FILL = {"pattern": 1, "bg_color": "#D9D9D9"}
XLSX_CENTER = {"align": "center", "valign": "vcenter", "text_wrap": True}
XLSX_LEFT = {"align": "left", "valign": "vcenter"}
XLSX_WRAP = {"align": "left", "valign": "vcenter", "text_wrap": True}
# openpyxl stores a column width as given; XlsxWriter's set_column adds Excel's 5-pixel
# cell padding, so widths are given to it in pixels (7 to a character of Calibri 11).
XLSX_PIXELS_PER_CHARACTER = 7
LINE_HEIGHT = 15.0


class _CharacterWidths(dict[str, int]):
    """Each character's width, looked up in the Unicode tables once (thousands of names a sheet)."""

    def __missing__(self, character: str) -> int:
        width = 2 if unicodedata.east_asian_width(character) in "WF" else 1
        self[character] = width
        return width


_CHARACTER_WIDTHS = _CharacterWidths()


def display_width(value: object) -> int:
    """Columns a value takes on screen: CJK and other wide characters count double."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float):
        return 7
    text = str(value)
    if text.isascii():
        return len(text)
    return sum(map(_CHARACTER_WIDTHS.__getitem__, text))


def bounded_widths(
    sizes: Iterable[Iterable[int]], minimum: int = 6, maximum: int = 48
) -> dict[int, int]:
    """Each column's width (1-based) from its cells' ``display_width``: the widest + 2, bounded."""
    widest = [max(column) for column in zip_longest(*sizes, fillvalue=0)]
    return {index: min(maximum, max(minimum, size + 2)) for index, size in enumerate(widest, 1)}


def column_widths(
    rows: Iterable[Iterable[object]], minimum: int = 6, maximum: int = 48
) -> dict[int, int]:
    """Each column's width (1-based) for its widest value, in character cells, within bounds."""
    return bounded_widths(([display_width(v) for v in row] for row in rows), minimum, maximum)


def fit_widths(
    sheet: Worksheet, rows: Iterable[Iterable[object]], minimum: int = 6, maximum: int = 48
) -> None:
    """Set each column's width to its widest value (in character cells), within bounds."""
    from openpyxl.utils import get_column_letter

    for index, width in column_widths(rows, minimum, maximum).items():
        sheet.column_dimensions[get_column_letter(index)].width = width


def wrapped_lines(size: int, width: float) -> int:
    """Lines a wrapped text ``size`` cells wide (``display_width``) takes in a ``width`` column."""
    room = int(max(1.0, width - 1))
    return max(1, -(-size // room))


def footer_text(made_on: dt.date) -> str:
    """The printed footer: date made on the left, 第 N 页 共 M 页 on the right, in 宋体."""
    font = f'&"{FONT_NAME},Regular"'
    made = f"制表日期：{made_on.year}年{made_on.month}月{made_on.day}日"
    return f"&L{font}{made}&R{font}第 &P 页 共 &N 页"


def first_sheet(book: Workbook) -> Worksheet:
    """The sheet a new workbook opens on (openpyxl types ``active`` as possibly a chart sheet)."""
    sheet = book.active
    assert isinstance(sheet, Worksheet), "a new workbook starts with a worksheet"
    return sheet


def a4_landscape(sheet: Worksheet, title_rows: str, made_on: dt.date) -> None:
    """A4 landscape, one page wide, repeated header rows, date made and page numbers."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    fit = sheet.sheet_properties.pageSetUpPr
    assert fit is not None, "a worksheet always has its page setup properties"
    fit.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.print_title_rows = title_rows
    footer_font = f"{FONT_NAME},Regular"
    footer = sheet.oddFooter
    assert footer is not None, "a worksheet always has its footer"
    footer.left.text = f"制表日期：{made_on.year}年{made_on.month}月{made_on.day}日"
    footer.left.font = footer_font
    footer.right.text = "第 &P 页 共 &N 页"
    footer.right.font = footer_font


def xlsx_widths(sheet: XlsxSheet, widths: dict[int, int]) -> None:
    """Set XlsxWriter column widths (1-based, from ``column_widths``) as openpyxl stores them."""
    for index, width in widths.items():
        sheet.set_column_pixels(index - 1, index - 1, width * XLSX_PIXELS_PER_CHARACTER)


def xlsx_row_height(sheet: XlsxSheet, row: int, points: float) -> None:
    """Set an XlsxWriter row's height in points exactly (0-based ``row``).

    ``set_row`` rounds to whole pixels (28 pt would become 27.75); a fractional pixel
    count is stored as given and written back as the same points.
    """
    sheet.set_row_pixels(row, points * 4 / 3)


def xlsx_a4_landscape(sheet: XlsxSheet, title_rows: int, made_on: dt.date) -> None:
    """``a4_landscape`` for an XlsxWriter sheet: the first ``title_rows`` rows repeated."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.center_horizontally()
    sheet.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
    sheet.repeat_rows(0, title_rows - 1)
    sheet.set_header("", margin=0.5)
    sheet.set_footer(footer_text(made_on), margin=0.5)


def close_xlsx(book: XlsxBook) -> None:
    """Close (write) an XlsxWriter workbook; a failure to write is the OSError itself.

    XlsxWriter wraps it (a full disk, a file locked by WPS) in FileCreateError, which
    ``atomic_target`` would not recognise and word for the user.
    """
    try:
        book.close()
    except FileCreateError as error:
        cause = error.args[0] if error.args else None
        if isinstance(cause, OSError):
            raise cause from None
        raise


def save_workbook(book: Workbook, path: Path) -> None:
    """Save an openpyxl workbook atomically."""
    with atomic_target(path) as temporary:
        book.save(temporary)


def fit_heights(sheet: Worksheet, first_row: int, line_height: float = LINE_HEIGHT) -> None:
    """Give wrapped rows the height of their longest cell, since openpyxl cannot measure text."""
    from openpyxl.utils import get_column_letter

    widths = {
        index: (sheet.column_dimensions[get_column_letter(index)].width or 8.43)
        for index in range(1, sheet.max_column + 1)
    }
    for row in sheet.iter_rows(min_row=first_row):
        lines = 1
        for cell in row:
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                lines = max(lines, wrapped_lines(display_width(cell.value), widths[cell.column]))
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = line_height * lines  # type: ignore[index]  # a worksheet row's cells always have their row
