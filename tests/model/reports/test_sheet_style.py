"""Sheet helpers: widths for Chinese text, wrapped heights, one A4 setup for both writers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter
from openpyxl import Workbook, load_workbook

from model.reports.sheet_style import (
    WRAP,
    a4_landscape,
    bounded_widths,
    column_widths,
    display_width,
    fit_heights,
    fit_widths,
    footer_text,
    wrapped_lines,
    xlsx_a4_landscape,
    xlsx_row_height,
    xlsx_widths,
)


def test_display_width_counts_wide_characters_double() -> None:
    assert display_width("abc") == 3
    assert display_width("执行abc") == 7
    assert display_width("（２０２６）") == 12  # full-width forms are wide too
    assert display_width("执行") == 4  # again, from the characters already looked up
    assert display_width(None) == 0
    assert display_width(dt.date(2026, 11, 28)) == 10
    assert display_width(0.5) == 7
    assert display_width(-28) == 3


def test_column_widths_are_the_widest_value_plus_two_within_bounds() -> None:
    rows = [("序号", "案号", "x"), (1, "（2026）吉0605执12号", "y" * 80)]
    assert column_widths(rows) == {1: 6, 2: 22, 3: 48}
    assert column_widths(rows, minimum=8, maximum=20) == {1: 8, 2: 20, 3: 20}


def test_wrapped_lines() -> None:
    assert wrapped_lines(0, 24) == 1
    assert wrapped_lines(22, 24) == 1  # 22 cells fit in 23
    assert wrapped_lines(23, 24) == 1
    assert wrapped_lines(24, 24) == 2
    assert wrapped_lines(80, 24) == 4
    assert wrapped_lines(2, 1) == 2  # a column too narrow still holds a cell a line


def test_bounded_widths_take_rows_of_unequal_length() -> None:
    assert bounded_widths([[4, 30], [10], [1, 2, 3]], maximum=24) == {1: 12, 2: 24, 3: 6}
    assert bounded_widths([]) == {}


def test_the_openpyxl_helpers_use_the_same_measures(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    rows = [("案号", "申请执行人"), ("（2026）吉0605执12号", "白山市林业开发有限责任公司" * 2)]
    for row in rows:
        sheet.append(row)
    fit_widths(sheet, rows, maximum=24)
    for cell in sheet[2]:
        cell.alignment = WRAP
    fit_heights(sheet, first_row=2)
    assert sheet.column_dimensions["B"].width == column_widths(rows, maximum=24)[2] == 24
    assert sheet.row_dimensions[2].height == 15 * wrapped_lines(display_width(rows[1][1]), 24) == 45


def test_xlsxwriter_sheets_print_like_openpyxl_ones(tmp_path: Path) -> None:
    made_on = dt.date(2026, 11, 28)
    reference = Workbook()
    sheet = reference.active
    sheet.append(["标题"])
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 6
    sheet.row_dimensions[1].height = 28
    a4_landscape(sheet, "1:3", made_on)
    reference.save(tmp_path / "openpyxl.xlsx")

    path = tmp_path / "xlsxwriter.xlsx"
    book = xlsxwriter.Workbook(path)
    other = book.add_worksheet()
    other.write_string(0, 0, "标题")
    xlsx_widths(other, {1: 14, 2: 6})
    xlsx_row_height(other, 0, 28)
    xlsx_a4_landscape(other, 3, made_on)
    book.close()

    old, new = load_workbook(tmp_path / "openpyxl.xlsx").active, load_workbook(path).active
    for column in "AB":
        assert new.column_dimensions[column].width == old.column_dimensions[column].width
    assert new.row_dimensions[1].height == old.row_dimensions[1].height == 28  # not 27.75
    assert new.print_title_rows == old.print_title_rows == "$1:$3"
    for attribute in ("orientation", "paperSize", "fitToHeight"):
        assert str(getattr(new.page_setup, attribute)) == str(getattr(old.page_setup, attribute))
    assert new.page_setup.fitToWidth in (None, 1)  # 1 is the default XlsxWriter leaves out
    assert new.sheet_properties.pageSetUpPr.fitToPage and new.print_options.horizontalCentered
    for side in ("left", "right", "top", "bottom", "header", "footer"):
        assert getattr(new.page_margins, side) == getattr(old.page_margins, side)
    for part in ("left", "center", "right"):
        ours, theirs = getattr(new.oddFooter, part), getattr(old.oddFooter, part)
        assert (ours.text, ours.font) == (theirs.text, theirs.font)
    assert new.oddFooter.left.text == "制表日期：2026年11月28日"
    assert footer_text(made_on).endswith('&R&"宋体,Regular"第 &P 页 共 &N 页')
