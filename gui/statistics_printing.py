"""Printing the statistics: the figures table with its headers on every page, then the charts."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter
from PySide6.QtPrintSupport import QPrinter

from gui.models.statistics_table_model import BAD, GOOD, StatisticsTableModel
from gui.table_printing import PrintTable, print_pages
from gui.widgets.statistics_charts import make_charts, render_into
from model.reports.statistics_layout import HEADERS, table_lines, title
from model.reports.statistics_layout import subtitle as period_text
from model.reports.statistics_report import StatisticsReport

WIDTHS = (2.6, 2.2, 1.5, 1.5, 1.7, 1.6, 1.7)


def statistics_table(report: StatisticsReport) -> PrintTable:
    """The figures as the print shows them: the scope on every line, changes coloured."""
    lines = table_lines(report.stats)
    rows, colours, bold = [], {}, set()
    for index, line in enumerate(lines):
        texts = [StatisticsTableModel.text(line, column) for column in range(len(HEADERS))]
        texts[0] = line.scope  # a page may begin inside a scope: name it on every line
        rows.append(texts)
        if line.first_of_scope:
            bold.add(index)
        for column, change in ((4, line.previous_change), (6, line.year_before_change)):
            if change.good is not None:
                colours[(index, column)] = QColor(GOOD if change.good else BAD)
    return PrintTable("", HEADERS, rows, WIDTHS, bold_rows=bold, colours=colours)


def _draw(report: StatisticsReport, index: int, painter: QPainter, area: QRectF) -> None:
    render_into(make_charts(report)[index], painter, area)


def print_statistics(report: StatisticsReport, printer: QPrinter) -> int:
    """Print the statistics (preview, printer or PDF); the number of pages."""
    pictures = [partial(_draw, report, index) for index in range(3)]
    return print_pages(
        printer,
        title(report.stats),
        period_text(report.stats),
        report.stats.made_on,
        [statistics_table(report)],
        pictures,
    )


def save_statistics_pdf(report: StatisticsReport, path: Path) -> int:
    """Save the print as a PDF file; the number of pages."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setDocName(title(report.stats))
    return print_statistics(report, printer)
