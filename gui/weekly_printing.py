"""Printing the weekly sheet from the window as the Excel sheet prints: title and week on every
page, the column headers repeated, 制表日期 and 第 N 页 共 M 页 at the foot.

The cells come from ``model.reports.weekly_layout`` (the sheet's own), written as text by
their type: a count as a number, a rate (a fraction) as a percentage, a date as a date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter

from gui.table_printing import PrintTable, print_pages
from model.reports.weekly import RowKind, WeeklyReport, chinese_date
from model.reports.weekly_layout import (
    FIGURE_HEADERS,
    URGENT_HEADERS,
    figure_values,
    holiday_note,
    report_subtitle,
    report_title,
    urgent_values,
)

_BOLD = (RowKind.TEAM, RowKind.SPECIAL, RowKind.TOTAL)


def cell_text(value: object) -> str:
    """A cell as printed: rates (fractions) as percentages, dates as dates, nothing as a dash."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1%}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def _widths(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[float]:
    """Column widths from the longest text in each (a CJK character counts two)."""

    def size(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    return [
        max(4, size(header), *(size(row[i]) for row in rows[:500])) + 2
        for i, header in enumerate(headers)
    ]


def weekly_tables(report: WeeklyReport) -> list[PrintTable]:
    """The figures, then the overdue and due-soon cases, then the holiday note if any."""
    figures = [[cell_text(v) for v in figure_values(row)] for row in report.rows]
    bold = {i for i, row in enumerate(report.rows) if row.kind in _BOLD}
    urgent = [[cell_text(v) for v in urgent_values(i, report)] for i in range(len(report.urgent))]
    urgent_widths = _widths(URGENT_HEADERS, urgent)
    tables = [
        PrintTable("", FIGURE_HEADERS, figures, _widths(FIGURE_HEADERS, figures), bold_rows=bold),
        PrintTable(
            f"超期及临期案件（截至{chinese_date(report.as_of)}，共 {len(report.urgent)} 件）",
            URGENT_HEADERS,
            urgent,
            [min(width, 30) for width in urgent_widths],
            left_columns=len(URGENT_HEADERS),
            empty_text="本周没有超期或7日内到期的在办案件。",
        ),
    ]
    if report.missing_years:  # said under the tables, as the sheet says it
        tables.append(PrintTable("", (), (), (), empty_text=holiday_note(report)))
    return tables


def print_weekly(report: WeeklyReport, printer: QPrinter) -> int:
    """Print the week's sheet (preview, printer or PDF); the number of pages."""
    return print_pages(
        printer, report_title(report), report_subtitle(report), report.made_on,
        weekly_tables(report),
    )  # fmt: skip


def save_weekly_pdf(report: WeeklyReport, path: Path) -> int:
    """Save the printed sheet as a PDF file; the number of pages."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setDocName(report_title(report))
    return print_weekly(report, printer)
