"""Printing the weekly sheet: the same figures as an HTML table in a QTextDocument, A4 landscape."""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from model.reports.weekly import RowKind, WeeklyReport, chinese_date
from model.reports.weekly_layout import (
    FIGURE_HEADERS,
    RATE_COLUMN,
    figure_values,
    holiday_note,
    report_subtitle,
    report_title,
)

_STYLE = """
body { font-family: "SimSun", "宋体", "Noto Serif CJK SC", "WenQuanYi Micro Hei", serif; }
h2 { text-align: center; margin: 0; }
p.sub { text-align: center; margin: 2px 0 6px 0; }
table { border-collapse: collapse; }
th { background: #d9d9d9; }
td.n { text-align: center; }
"""


def _cell(value: object, column: int) -> str:
    if column >= RATE_COLUMN:  # the rates (float or None)
        return "—" if value is None else f"{float(value):.1%}"  # type: ignore[arg-type]
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return escape(str(value))


def weekly_html(report: WeeklyReport) -> str:
    """The figures and the urgent cases as HTML tables a QTextDocument can print."""
    parts = [f"<html><head><style>{_STYLE}</style></head><body>"]
    parts.append(f"<h2>{escape(report_title(report))}</h2>")
    parts.append(f'<p class="sub">{escape(report_subtitle(report))}</p>')
    parts.append('<table border="1" cellspacing="0" cellpadding="3" width="100%"><tr>')
    parts += [f"<th>{h}</th>" for h in FIGURE_HEADERS]
    parts.append("</tr>")
    for row in report.rows:
        bold = row.kind in (RowKind.TEAM, RowKind.SPECIAL, RowKind.TOTAL)
        cells = []
        for column, value in enumerate(figure_values(row)):
            text = _cell(value, column)
            text = f"<b>{text}</b>" if bold else text
            cells.append(f'<td class="n">{text}</td>' if column >= 2 else f"<td>{text}</td>")
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</table>")
    parts.append(
        f"<h3>超期及临期案件（截至{chinese_date(report.as_of)}，共 {len(report.urgent)} 件）</h3>"
    )
    if report.urgent:
        headers = ("序号", "案号", "申请执行人", "被执行人", "承办团队", "办案组", "承办法官",
                   "到期日", "法定到期日", "期限情况")  # fmt: skip
        parts.append('<table border="1" cellspacing="0" cellpadding="3" width="100%"><tr>')
        parts += [f"<th>{h}</th>" for h in headers]
        parts.append("</tr>")
        for number, case in enumerate(report.urgent, start=1):
            values = (number, case.number, case.applicants, case.respondents, case.team,
                      case.group, case.judge, case.due_date, case.statutory_due_date,
                      case.limits)  # fmt: skip
            parts.append("<tr>" + "".join(f"<td>{_cell(v, 0)}</td>" for v in values) + "</tr>")
        parts.append("</table>")
    else:
        parts.append("<p>本周没有超期或7日内到期的在办案件。</p>")
    if report.missing_years:
        parts.append(f"<p>{escape(holiday_note(report))}</p>")
    parts.append(f"<p>制表日期：{chinese_date(report.made_on)}</p></body></html>")
    return "".join(parts)


def weekly_document(report: WeeklyReport) -> QTextDocument:
    """The document to preview, print or save as PDF."""
    document = QTextDocument()
    document.setHtml(weekly_html(report))
    return document


def a4_landscape(printer: QPrinter) -> QPrinter:
    """Set a printer to A4 landscape."""
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    return printer


def print_report(report: WeeklyReport, printer: QPrinter) -> None:
    """Print the report on a printer (Qt numbers the pages at the foot)."""
    a4_landscape(printer)
    weekly_document(report).print_(printer)


def save_pdf(report: WeeklyReport, path: Path) -> None:
    """Save the printed report as a PDF file."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setDocName(report_title(report))
    print_report(report, printer)
