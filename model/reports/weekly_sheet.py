"""周工作量统计表 as .xlsx: sheet 1 the figures, sheet 2 the overdue and due-soon cases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from model.reports.sheet_style import (
    DATE_FORMAT,
    LINE_HEIGHT,
    PERCENT_FORMAT,
    XLSX_BODY,
    XLSX_BOLD,
    XLSX_BORDER,
    XLSX_CENTER,
    XLSX_HEADER_FILL,
    XLSX_LEFT,
    XLSX_TITLE,
    XLSX_WRAP,
    atomic_target,
    bounded_widths,
    close_xlsx,
    column_widths,
    display_width,
    wrapped_lines,
    xlsx_a4_landscape,
    xlsx_row_height,
    xlsx_widths,
)
from model.reports.weekly import RowKind, WeeklyReport, chinese_date
from model.reports.weekly_chart import CHART_HEADING, SHEET_LAYOUT, judge_bars
from model.reports.weekly_layout import (
    CHART_DATA_SHEET,
    FIGURE_HEADERS,
    FIGURES_SHEET,
    RATE_COLUMN,
    URGENT_HEADERS,
    URGENT_SHEET,
    figure_values,
    holiday_note,
    report_subtitle,
    report_title,
    urgent_values,
)
from model.reports.xlsx_charts import pending_split_chart, write_split_block

CHART_SIZE = (860, 300)  # pixels: about the table's width, a third of a landscape page
CHART_ROWS = 16  # rows of the default height the chart covers


class _Formats:
    """The sheet's few cell formats, made once per workbook."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        def made(*parts: dict[str, Any]) -> Format:
            return book.add_format({key: value for part in parts for key, value in part.items()})

        self.title = made(XLSX_TITLE, XLSX_CENTER)
        self.subtitle = made(XLSX_BODY, XLSX_CENTER)
        self.header = made(XLSX_BOLD, XLSX_HEADER_FILL, XLSX_BORDER, XLSX_CENTER)
        self.notes = made(XLSX_BODY, {"text_wrap": True, "valign": "top"})
        percent = {"num_format": PERCENT_FORMAT}
        # the figures: (bold?) -> label, number, rate
        self.figures = {
            bold: (
                made(font, XLSX_BORDER, XLSX_LEFT),
                made(font, XLSX_BORDER, XLSX_CENTER),
                made(font, XLSX_BORDER, XLSX_CENTER, percent),
            )
            for bold, font in ((False, XLSX_BODY), (True, XLSX_BOLD))
        }
        self.text = made(XLSX_BODY, XLSX_BORDER, XLSX_WRAP)
        self.date = made(XLSX_BODY, XLSX_BORDER, XLSX_CENTER, {"num_format": DATE_FORMAT})
        self.other = made(XLSX_BODY, XLSX_BORDER, XLSX_CENTER)


def _write(sheet: Worksheet, row: int, column: int, value: object, style: Format) -> None:
    """One cell by its type: text stays text (never a formula or link), dates are dates.

    An empty text is a blank cell, as openpyxl wrote it (XlsxWriter would store "").
    """
    if value is None or value == "":
        sheet.write_blank(row, column, None, style)
    elif isinstance(value, str):
        sheet.write_string(row, column, value, style)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, column, value, style)
    else:
        sheet.write_number(row, column, value, style)


def _title(
    sheet: Worksheet, formats: _Formats, title: str, subtitle: str, headers: tuple[str, ...]
) -> None:
    """Rows 1–3: the merged title and subtitle, then the header row."""
    last = len(headers) - 1
    xlsx_row_height(sheet, 0, 28)
    sheet.merge_range(0, 0, 0, last, title, formats.title)
    sheet.merge_range(1, 0, 1, last, subtitle, formats.subtitle)
    sheet.write_row(2, 0, headers, formats.header)


def _figures_sheet(book: xlsxwriter.Workbook, formats: _Formats, report: WeeklyReport) -> int:
    """The figures' sheet; the first row after its table and notes."""
    sheet = book.add_worksheet(FIGURES_SHEET)
    lines = [figure_values(row) for row in report.rows]
    xlsx_widths(sheet, column_widths([FIGURE_HEADERS, *lines]))
    _title(sheet, formats, report_title(report), report_subtitle(report), FIGURE_HEADERS)
    index = 3
    for row, values in zip(report.rows, lines, strict=True):
        label, number, rate = formats.figures[
            row.kind in (RowKind.TEAM, RowKind.SPECIAL, RowKind.TOTAL)
        ]
        for column, value in enumerate(values):
            style = label if column < 2 else number if column < RATE_COLUMN else rate
            _write(sheet, index, column, value, style)
        index += 1
    notes = (
        "说明：各项数字均按统计截止日当天有效的事实计算（截止日之后登记的更正计入，当日之后发生的"
        "事项不计）。旧存为周一开始时在办的案件；未结为统计截止日在办的案件；超期按团队期限（到期日）、"
        "超审限按法定期限（法定到期日）计算，7日内到期按团队期限计算，中止或处于不计入期间的案件不计。"
        "结案率＝已结÷（旧存＋新收）；期限内结案率、法定期限内结案率＝本周结案中未超团队期限、"
        "未超法定期限的比例。特殊案件已计入普执团队，另行单列供局长掌握；按承办法官合计为各法官"
        "在两个团队的案件之和。"
    )
    xlsx_row_height(sheet, index, 64)
    sheet.merge_range(index, 0, index, len(FIGURE_HEADERS) - 1, notes, formats.notes)
    note = holiday_note(report)
    if note:
        index += 1
        xlsx_row_height(sheet, index, 32)
        sheet.merge_range(index, 0, index, len(FIGURE_HEADERS) - 1, note, formats.notes)
    sheet.freeze_panes(3, 2)
    xlsx_a4_landscape(sheet, 3, report.made_on)
    return index + 1


def _judge_chart(
    book: xlsxwriter.Workbook, formats: _Formats, report: WeeklyReport, row: int
) -> None:
    """Below the figures, on their page: each judge's pending cases as a stacked bar; its
    numbers on a hidden sheet of their own (a native chart reads them from cells)."""
    bars = judge_bars(report)
    if not bars:
        return
    data = book.add_worksheet(CHART_DATA_SHEET)
    data.hide()  # the chart's numbers, not a page of the printed sheet
    data.set_column(0, 0, 16)
    data.set_column(1, 3, 10)
    label, number, _ = formats.figures[False]
    first, last = write_split_block(data, 0, "承办法官", bars, formats.header, label, number)
    sheet = book.get_worksheet_by_name(FIGURES_SHEET)
    assert sheet is not None
    chart = pending_split_chart(book, CHART_DATA_SHEET, first, last, CHART_HEADING, CHART_SIZE)
    sheet.insert_chart(row, 0, chart, {"x_offset": 4, "y_offset": 8})
    sheet.fit_to_pages(1, 1)  # the table and its picture on one page
    sheet.print_area(0, 0, row + CHART_ROWS, len(FIGURE_HEADERS) - 1)


def _urgent_sheet(book: xlsxwriter.Workbook, formats: _Formats, report: WeeklyReport) -> None:
    sheet = book.add_worksheet(URGENT_SHEET)
    lines = [urgent_values(i, report) for i in range(len(report.urgent))]
    sizes = [[display_width(value) for value in values] for values in lines]
    widths = bounded_widths([[display_width(h) for h in URGENT_HEADERS], *sizes], maximum=24)
    xlsx_widths(sheet, widths)
    subtitle = (
        f"截至{chinese_date(report.as_of)}：超期、超审限及7日内到期的在办案件，"
        "按较近的期限排列，最紧急的在前"
    )
    _title(sheet, formats, f"{report.court_name}执行局{URGENT_SHEET}", subtitle, URGENT_HEADERS)
    columns = [widths[column] for column in range(1, len(URGENT_HEADERS) + 1)]
    for index, (values, size) in enumerate(zip(lines, sizes, strict=True), start=3):
        # a text wraps once it reaches its column's width (openpyxl cannot measure: see fit_heights)
        height = max(
            (
                wrapped_lines(cells, width)
                for value, cells, width in zip(values, size, columns, strict=True)
                if cells >= width and isinstance(value, str)
            ),
            default=1,
        )
        if height > 1:
            xlsx_row_height(sheet, index, LINE_HEIGHT * height)
        for column, value in enumerate(values):
            style = (
                formats.text
                if isinstance(value, str)
                else formats.date
                if isinstance(value, dt.date)
                else formats.other
            )
            _write(sheet, index, column, value, style)
    if not lines:
        sheet.write_string(3, 0, "本周没有超期、超审限或7日内到期的在办案件。")
    note = holiday_note(report)
    if note:
        sheet.write_string(3 + max(len(lines), 1) + 1, 0, note, formats.notes)
    sheet.freeze_panes(3, 0)
    xlsx_a4_landscape(sheet, 3, report.made_on)


def write_weekly_sheet(
    report: WeeklyReport,
    path: Path,
    created: dt.datetime | None = None,
    layout: int = SHEET_LAYOUT,
) -> None:
    """Save the weekly report as .xlsx: the figures, then the overdue and due-soon cases.

    XlsxWriter with a handful of formats made once; openpyxl built a styled object per
    cell (100,000 cases, 4,943 urgent ones: about 3 s to build and save). Not in
    constant-memory mode: the rows are in memory already, and the shared-string table
    (each team, group, judge and state written once) is about a third faster; at
    1,000,000 cases (49,000 urgent ones) it holds about 100 MB until saved.
    ``created`` (the document's creation time; XlsxWriter dates the zip's members
    1980-01-01) makes the file byte for byte reproducible: the 报表存档 reprints so,
    in the ``layout`` the sheet was issued in (``weekly_chart.SHEET_LAYOUT``).
    """
    with atomic_target(path) as temporary:
        book = xlsxwriter.Workbook(
            temporary, {"strings_to_formulas": False, "strings_to_urls": False}
        )
        try:
            if created is not None:
                book.set_properties({"created": created})
            formats = _Formats(book)
            after = _figures_sheet(book, formats, report)
            _urgent_sheet(book, formats, report)
            if layout >= 2:
                _judge_chart(book, formats, report, after)
        finally:
            close_xlsx(book)
