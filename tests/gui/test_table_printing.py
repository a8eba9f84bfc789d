"""Printing tables from the window: every page has the title, the period, the column headers,
制表日期 and 第 N 页 共 M 页; a long table goes on over pages, then the pictures."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtPrintSupport import QPrinter

from gui.table_printing import PrintTable, print_pages
from gui.weekly_printing import cell_text, save_weekly_pdf, weekly_tables
from model.reports.weekly import weekly_figures
from tests.model.reports.test_weekly import build_week


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def pages_text(path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    # pdftotext drops the spaces between Chinese characters: compare without spaces
    return [page.replace(" ", "") for page in text.split("\f") if page.strip()]


def test_a_long_table_repeats_its_headers_on_every_numbered_page(qapp, tmp_path: Path) -> None:
    rows = [[f"第{i}行", str(i), f"{i / 100:.1%}"] for i in range(1, 121)]
    drawn: list[QRectF] = []
    table = PrintTable("", ("对象", "件数", "比率"), rows, (3, 1, 1))
    pdf = tmp_path / "t.pdf"
    count = print_pages(
        pdf_printer(pdf), "某某法院统计表", "统计期间：2026年11月", dt.date(2026, 11, 28), [table],
        [lambda painter, area: drawn.append(area)] * 3,
    )  # fmt: skip
    texts = pages_text(pdf)
    assert count == len(texts) >= 4
    assert len(drawn) == 3  # two pictures on one page, the third on the next
    seen = []
    for number, page in enumerate(texts, start=1):
        assert "某某法院统计表" in page and "统计期间：2026年11月" in page
        assert "制表日期：2026年11月28日" in page and f"第{number}页共{count}页" in page
        if number <= count - 2:  # the table's pages
            assert "对象" in page and "件数" in page and "比率" in page
            seen += [int(line.split("第")[1].split("行")[0]) for line in page.splitlines()
                     if line.startswith("第") and "行" in line]  # fmt: skip
    assert seen == list(range(1, 121))  # every row once, in order


def test_the_weekly_sheet_prints_as_the_excel_sheet(qapp, sessions, tmp_path: Path) -> None:
    build_week(sessions)
    with sessions() as s:
        report = weekly_figures(s, dt.date(2026, 11, 25), dt.date(2026, 12, 1))
    pdf = tmp_path / "week.pdf"
    count = save_weekly_pdf(report, pdf)
    texts = pages_text(pdf)
    assert count == len(texts)
    first = texts[0]
    assert "周工作量统计表" in first and "2026年11月23日至11月29日" in first
    assert "旧存" in first and "结案率" in first and "超期及临期案件" in first
    assert "超审限" in first and "法定到期日" in "".join(texts)  # both limits, as on the sheet
    assert f"第1页共{count}页" in first and "制表日期：2026年12月1日" in first
    assert cell_text(0.5) == "50.0%" and cell_text(None) == "—"
    assert cell_text(dt.date(2026, 3, 1)) == "2026-03-01" and cell_text(7) == "7"


def test_the_weekly_print_says_when_a_year_has_no_holidays(qapp, sessions) -> None:
    build_week(sessions)
    with sessions() as s:
        report = weekly_figures(s, dt.date(2026, 11, 25), dt.date(2026, 12, 1))
    assert len(weekly_tables(report)) == 2 + bool(report.missing_years)
    lacking = dataclasses.replace(report, missing_years=[2031])
    note = weekly_tables(lacking)[-1]
    assert note.rows == () and "2031年的节假日安排尚未录入" in note.empty_text


@pytest.mark.qt_log_ignore("QPainter::begin")
def test_nothing_is_printed_when_the_printer_cannot_start(qapp, tmp_path: Path) -> None:
    printer = pdf_printer(tmp_path / "missing" / "t.pdf")  # no such folder
    table = PrintTable("", ("a",), [["1"]], (1,))
    assert print_pages(printer, "t", "s", dt.date(2026, 1, 1), [table]) == 0
