"""质效指标统计表 as .xlsx: the figures table, then native Excel charts of the pictures.

Sheet 1 carries the table (A4 landscape, title with the court and period, repeated
header rows, page numbers) and, after a page break, the charts: pending cases per judge
and per group as stacked columns (未超期 / 超期 / 超审限), and the last 12 weeks' 结案率,
超期 and 超审限 as lines. XlsxWriter's charts are plain DrawingML that Excel, WPS and
LibreOffice all draw; their numbers sit on sheet 2 (图表数据), where a reader can check them.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

import xlsxwriter
from sqlalchemy.orm import Session, sessionmaker
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from model.reports.chart_style import (
    OVERDUE_LINE,
    RATE_LINE,
    STATUTORY_LINE,
    TREND_TITLE,
)
from model.reports.periods import Period
from model.reports.sheet_style import (
    PERCENT_FORMAT,
    XLSX_BODY,
    XLSX_BOLD,
    XLSX_BORDER,
    XLSX_CENTER,
    XLSX_HEADER_FILL,
    XLSX_LEFT,
    XLSX_TITLE,
    atomic_target,
    close_xlsx,
    xlsx_a4_landscape,
    xlsx_row_height,
)
from model.reports.statistics import ScopeKind
from model.reports.statistics_layout import (
    CHART_DATA_SHEET,
    HEADERS,
    NOTES,
    STATISTICS_SHEET,
    table_lines,
    title,
)
from model.reports.statistics_layout import subtitle as make_subtitle
from model.reports.statistics_report import StatisticsReport, compute_report
from model.reports.xlsx_charts import chart_font, pending_split_chart, write_split_block

WIDTHS = (26, 22, 16, 16, 18, 18, 18)  # characters: scope, figure, three values, two changes
CHART_WIDTH, CHART_HEIGHT = 900, 340  # pixels: a landscape page's width, three to a page


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        def made(*parts: dict[str, Any]) -> Format:
            return book.add_format({key: value for part in parts for key, value in part.items()})

        self.title = made(XLSX_TITLE, XLSX_CENTER)
        self.subtitle = made(XLSX_BODY, XLSX_CENTER)
        self.header = made(XLSX_BOLD, XLSX_HEADER_FILL, XLSX_BORDER, XLSX_CENTER)
        self.scope = made(XLSX_BOLD, XLSX_BORDER, XLSX_LEFT)
        self.label = made(XLSX_BODY, XLSX_BORDER, XLSX_LEFT)
        self.text = made(XLSX_BODY, XLSX_BORDER, XLSX_CENTER)
        self.notes = made(XLSX_BODY, {"text_wrap": True, "valign": "top"})
        self.number = {
            "count": made(XLSX_BODY, XLSX_BORDER, XLSX_CENTER, {"num_format": "0"}),
            "rate": made(XLSX_BODY, XLSX_BORDER, XLSX_CENTER, {"num_format": PERCENT_FORMAT}),
            "days": made(XLSX_BODY, XLSX_BORDER, XLSX_CENTER, {"num_format": "0.0"}),
            "money": made(XLSX_BODY, XLSX_BORDER, XLSX_CENTER, {"num_format": "#,##0.00"}),
        }
        self.good = made(XLSX_BODY, XLSX_BORDER, XLSX_CENTER, {"font_color": "#1b6e2a"})
        self.bad = made(XLSX_BODY, XLSX_BORDER, XLSX_CENTER, {"font_color": "#b3261e"})


def _number(sheet: Worksheet, row: int, column: int, value: object, style: Format) -> None:
    if value is None:
        sheet.write_string(row, column, "—", style)
    else:
        sheet.write_number(row, column, float(value), style)  # type: ignore[arg-type]


def _table(sheet: Worksheet, formats: _Formats, report: StatisticsReport) -> int:
    """The title rows and the figures; the first row after them."""
    stats = report.stats
    for column, width in enumerate(WIDTHS):
        sheet.set_column(column, column, width)
    last = len(HEADERS) - 1
    xlsx_row_height(sheet, 0, 28)
    sheet.merge_range(0, 0, 0, last, title(stats), formats.title)
    xlsx_row_height(sheet, 1, 30)
    sheet.merge_range(1, 0, 1, last, make_subtitle(stats), formats.subtitle)
    sheet.write_row(2, 0, HEADERS, formats.header)
    row = 3
    for line in table_lines(stats):
        number = formats.number[line.indicator.kind]
        # the scope on every line: a page may begin in the middle of a scope's figures
        sheet.write_string(
            row, 0, line.scope, formats.scope if line.first_of_scope else formats.label
        )
        sheet.write_string(row, 1, line.indicator.label, formats.label)
        _number(sheet, row, 2, line.current, number)
        _number(sheet, row, 3, line.previous, number)
        _number(sheet, row, 5, line.year_before, number)
        for column, moved in ((4, line.previous_change), (6, line.year_before_change)):
            style = (
                formats.text if moved.good is None else formats.good if moved.good else formats.bad
            )
            sheet.write_string(row, column, moved.text, style)
        row += 1
    xlsx_row_height(sheet, row, 75)
    sheet.merge_range(row, 0, row, last, NOTES, formats.notes)
    return row + 1


def _chart_data(
    book: xlsxwriter.Workbook, formats: _Formats, report: StatisticsReport
) -> dict[str, tuple[int, int]]:
    """Sheet 2: the numbers the charts draw; where each block lies, for the series."""
    sheet = book.add_worksheet(CHART_DATA_SHEET)
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 3, 12)
    places: dict[str, tuple[int, int]] = {}
    row = 0
    for key, heading in ((ScopeKind.JUDGE, "承办法官"), (ScopeKind.GROUP, "办案组")):
        bars = report.bars(key)
        places[key] = write_split_block(
            sheet, row, heading, bars, formats.header, formats.label, formats.number["count"]
        )
        row += len(bars) + 2
    sheet.write_row(row, 0, ("周（周一）", "结案率", "超期", "超审限"), formats.header)
    for offset, point in enumerate(report.weeks, start=1):
        sheet.write_string(row + offset, 0, point.label, formats.label)
        _number(sheet, row + offset, 1, point.closing_rate, formats.number["rate"])
        sheet.write_number(row + offset, 2, point.overdue, formats.number["count"])
        sheet.write_number(row + offset, 3, point.statutory_overdue, formats.number["count"])
    places["weeks"] = (row + 1, row + len(report.weeks))
    return places


def _line_chart(book: xlsxwriter.Workbook, first: int, last: int) -> Any:
    chart = book.add_chart({"type": "line"})
    chart.add_series(
        {
            "name": [CHART_DATA_SHEET, first - 1, 1],
            "categories": [CHART_DATA_SHEET, first, 0, last, 0],
            "values": [CHART_DATA_SHEET, first, 1, last, 1],
            "line": {"color": RATE_LINE, "width": 2.25},
            "marker": {"type": "circle", "size": 5, "fill": {"color": RATE_LINE}},
        }
    )
    for column, colour, dash, marker in (
        (2, OVERDUE_LINE, "dash", "square"),
        (3, STATUTORY_LINE, "round_dot", "diamond"),
    ):
        chart.add_series(
            {
                "name": [CHART_DATA_SHEET, first - 1, column],
                "categories": [CHART_DATA_SHEET, first, 0, last, 0],
                "values": [CHART_DATA_SHEET, first, column, last, column],
                "line": {"color": colour, "width": 2.25, "dash_type": dash},
                "marker": {"type": marker, "size": 5, "fill": {"color": colour}},
                "y2_axis": True,
            }
        )
    chart.set_title({"name": TREND_TITLE, "name_font": chart_font(12, True)})
    chart.set_x_axis({"name": "周（周一）", "name_font": chart_font(), "num_font": chart_font()})
    chart.set_y_axis(
        {
            "name": "结案率",
            "name_font": chart_font(),
            "num_font": chart_font(),
            "num_format": "0%",
            "min": 0,
        }
    )
    chart.set_y2_axis(
        {"name": "未结案件（件）", "name_font": chart_font(), "num_font": chart_font(), "min": 0}
    )
    chart.set_legend({"position": "top", "font": chart_font()})
    chart.set_size({"width": CHART_WIDTH, "height": CHART_HEIGHT})
    return chart


def write_statistics_sheet(report: StatisticsReport, path: Path) -> None:
    """Save the statistics as .xlsx: the figures, the charts, and the charts' numbers."""
    with atomic_target(path) as temporary:
        book = xlsxwriter.Workbook(
            temporary, {"strings_to_formulas": False, "strings_to_urls": False}
        )
        try:
            formats = _Formats(book)
            sheet = book.add_worksheet(STATISTICS_SHEET)
            after = _table(sheet, formats, report)
            places = _chart_data(book, formats, report)
            sheet.set_h_pagebreaks([after])  # the pictures start on a page of their own
            row = after + 1
            for kind, heading in (
                (ScopeKind.JUDGE, "各承办法官未结案件"),
                (ScopeKind.GROUP, "各办案组未结案件"),
            ):
                first, last = places[kind]
                if last >= first:
                    chart = pending_split_chart(
                        book, CHART_DATA_SHEET, first, last, heading, (CHART_WIDTH, CHART_HEIGHT)
                    )
                    sheet.insert_chart(row, 0, chart)
                    row += 18
            first, last = places["weeks"]
            sheet.insert_chart(row, 0, _line_chart(book, first, last))
            sheet.freeze_panes(3, 0)
            xlsx_a4_landscape(sheet, 3, report.stats.made_on)
            sheet.print_area(0, 0, row + 18, len(HEADERS) - 1)
        finally:
            close_xlsx(book)


def export_statistics(
    sessions: sessionmaker[Session], period: Period, today: dt.date, path: Path
) -> StatisticsReport:
    """Compute a period's statistics and save them; the report written."""
    with sessions() as session:
        report = compute_report(session, period, today)
    write_statistics_sheet(report, path)
    return report


def statistics_command(arguments: argparse.Namespace) -> int:
    """``statistics OUT.xlsx --from D --to D [--db PATH] [--today D]``."""
    from model.commands import open_for_command
    from model.reports.periods import date_range

    today = arguments.today or dt.date.today()
    period = date_range(arguments.start, arguments.end)
    store = open_for_command(arguments.db)
    try:
        report = export_statistics(store.sessions, period, today, arguments.out)
    finally:
        store.close()
    bureau = report.stats.bureau.current
    rate = bureau.value("closing_rate")
    shown = "—" if rate is None else f"{rate:.1%}"
    print(
        f"已生成质效指标统计表：{arguments.out}\n"
        f"统计期间：{report.stats.period.label}；收案 {bureau.intake}，"
        f"结案 {bureau.figures.closed}，未结 {bureau.figures.pending}，结案率 {shown}。"
    )
    return 0
