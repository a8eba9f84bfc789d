"""What every printed sheet shares: Chinese fonts, borders, widths for Chinese text, A4 setup."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from model.errors import UserError

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


class Cancelled(UserError):
    """The user stopped a long export or import; nothing was written."""


def display_width(value: object) -> int:
    """Columns a value takes on screen: CJK and other wide characters count double."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float):
        return 7
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value))


def fit_widths(
    sheet: Worksheet, rows: Iterable[Iterable[object]], minimum: int = 6, maximum: int = 48
) -> None:
    """Set each column's width to its widest value (in character cells), within bounds."""
    widths: dict[int, int] = {}
    for row in rows:
        for index, value in enumerate(row, start=1):
            widths[index] = max(widths.get(index, 0), display_width(value))
    from openpyxl.utils import get_column_letter

    for index, width in widths.items():
        sheet.column_dimensions[get_column_letter(index)].width = min(
            maximum, max(minimum, width + 2)
        )


def a4_landscape(sheet: Worksheet, title_rows: str, made_on: dt.date) -> None:
    """A4 landscape, one page wide, repeated header rows, date made and page numbers."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.print_title_rows = title_rows
    footer_font = f"{FONT_NAME},Regular"
    sheet.oddFooter.left.text = f"制表日期：{made_on.year}年{made_on.month}月{made_on.day}日"
    sheet.oddFooter.left.font = footer_font
    sheet.oddFooter.right.text = "第 &P 页 共 &N 页"
    sheet.oddFooter.right.font = footer_font


def check_target(path: Path) -> Path:
    """Refuse a target that is not an .xlsx in an existing folder."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"文件名应以 .xlsx 结尾：{path.name}", field="path")
    if not path.parent.is_dir():
        raise UserError(f"文件夹不存在：{path.parent}", field="path")
    return path


@contextmanager
def atomic_target(path: Path) -> Iterator[str]:
    """A temporary file beside ``path``, moved into place only when the block succeeds.

    A failure or a cancel leaves neither half a file nor the temporary one behind.
    """
    path = check_target(path)
    handle, temporary = tempfile.mkstemp(suffix=".xlsx", dir=path.parent)
    os.close(handle)
    try:
        yield temporary
        os.replace(temporary, path)
    except PermissionError:
        raise UserError(
            f"无法写入 {path.name}：文件可能正在 Excel/WPS 中打开，请关闭后重试。", field="path"
        ) from None
    except OSError as error:
        raise UserError(f"无法写入 {path.name}：{error.strerror or error}", field="path") from None
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def save_workbook(book: Workbook, path: Path) -> None:
    """Save an openpyxl workbook atomically."""
    with atomic_target(path) as temporary:
        book.save(temporary)


def fit_heights(sheet: Worksheet, first_row: int, line_height: float = 15.0) -> None:
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
                room = max(1.0, widths[cell.column] - 1)
                lines = max(lines, -(-display_width(cell.value) // int(room)))
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = line_height * lines
