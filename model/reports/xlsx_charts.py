"""Native Excel charts (XlsxWriter) shared by the statistics workbook and the weekly sheet."""

from __future__ import annotations

from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from model.reports.chart_style import BORDER, FONT, SPLIT_COLOURS, SPLIT_NAMES


def chart_font(size: int = 10, bold: bool = False) -> dict[str, Any]:
    """The charts' Chinese font at a size."""
    return {"name": FONT, "size": size, "bold": bold}


def write_split_block(
    sheet: Worksheet,
    row: int,
    heading: str,
    bars: list[tuple[str, tuple[int, int, int]]],
    header: Format,
    label: Format,
    number: Format,
) -> tuple[int, int]:
    """The numbers a stacked bar chart draws, from ``row``: a heading row, then one row a
    bar (name, 未超期, 超期, 超审限); the first and last rows of the bars."""
    sheet.write_row(row, 0, (heading, *SPLIT_NAMES), header)
    for offset, (name, split) in enumerate(bars, start=1):
        sheet.write_string(row + offset, 0, name, label)
        for column, value in enumerate(split, start=1):
            sheet.write_number(row + offset, column, value, number)
    return row + 1, row + len(bars)


def pending_split_chart(
    book: xlsxwriter.Workbook,
    data_sheet: str,
    first: int,
    last: int,
    heading: str,
    size: tuple[int, int],
) -> Any:
    """Pending cases as stacked columns (未超期 / 超期 / 超审限) in the program's colours,
    from the rows ``first``–``last`` of ``data_sheet`` written by ``write_split_block``."""
    chart = book.add_chart({"type": "column", "subtype": "stacked"})
    for column, colour in enumerate(SPLIT_COLOURS, start=1):
        chart.add_series(
            {
                "name": [data_sheet, first - 1, column],
                "categories": [data_sheet, first, 0, last, 0],
                "values": [data_sheet, first, column, last, column],
                "fill": {"color": colour},
                "border": {"color": BORDER, "width": 0.75},
                "gap": 80,
            }
        )
    chart.set_title({"name": heading, "name_font": chart_font(12, True)})
    chart.set_x_axis({"num_font": chart_font()})
    chart.set_y_axis(  # from 0: a bar's height is its count
        {"name": "未结案件（件）", "name_font": chart_font(), "num_font": chart_font(), "min": 0}
    )
    chart.set_legend({"position": "top", "font": chart_font()})
    chart.set_size({"width": size[0], "height": size[1]})
    return chart
