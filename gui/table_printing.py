"""Printing report tables page by page: title, period, repeated headers, 制表日期, 第 N 页 共 M 页.

A QTextDocument (the window's earlier way) neither repeats a table's header row on the
next page nor numbers pages "of M"; a sheet on paper needs both. Here the pages are laid
out first — so the number of pages is known — and then painted with QPainter, text and
pictures as vectors, on a printer, a print preview or a PDF alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPrintSupport import QPrinter

FONT_FAMILIES = ["SimSun", "宋体", "Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei"]
HEADER_FILL = QColor("#d9d9d9")
PICTURES_PER_PAGE = 2

Picture = Callable[[QPainter, QRectF], None]
"""Draws one picture (a chart) into a rectangle of the page."""


@dataclass
class PrintTable:
    """A table to print: its heading, column headers, texts, relative column widths."""

    heading: str
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[float]
    bold_rows: set[int] = field(default_factory=set)
    colours: dict[tuple[int, int], QColor] = field(default_factory=dict)
    left_columns: int = 2  # the first columns are names (left); the rest centred
    empty_text: str = ""  # said instead of the table when it has no rows


@dataclass(frozen=True)
class _Block:
    """What one page holds: table rows or pictures."""

    table: int | None = None
    first: int = 0
    last: int = 0  # exclusive
    with_heading: bool = False
    pictures: tuple[int, ...] = ()


def a4_landscape(printer: QPrinter) -> QPrinter:
    """Set a printer to A4 landscape."""
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    return printer


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


class _Page:
    """The page's geometry and fonts on one printer."""

    def __init__(self, printer: QPrinter, painter: QPainter) -> None:
        self.rect = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
        self.title_font, self.sub_font = _font(16, True), _font(10)
        self.body_font, self.bold_font = _font(9.5), _font(9.5, True)
        self.heading_font = _font(11, True)
        painter.setFont(self.body_font)
        metrics = QFontMetricsF(self.body_font, printer)
        self.row = metrics.height() * 1.55
        self.title_height = QFontMetricsF(self.title_font, printer).height() * 1.6
        self.sub_height = QFontMetricsF(self.sub_font, printer).height() * 1.8
        self.heading_height = QFontMetricsF(self.heading_font, printer).height() * 1.8
        self.footer = metrics.height() * 2
        self.top = self.rect.top() + self.title_height + self.sub_height
        self.bottom = self.rect.bottom() - self.footer


def _layout(page: _Page, tables: Sequence[PrintTable], pictures: int) -> list[list[_Block]]:
    """The blocks of each page: every table's rows, its header repeated on each page."""
    pages: list[list[_Block]] = []
    blocks: list[_Block] = []
    y = page.top
    for index, table in enumerate(tables):
        first = 0
        heading = True
        count = max(1, len(table.rows))  # an empty table still says so
        while first < count:
            need = (page.heading_height if heading else 0) + 2 * page.row
            if y + need > page.bottom and blocks:
                pages.append(blocks)
                blocks, y = [], page.top
            y += (page.heading_height if heading else 0) + page.row
            fit = max(1, int((page.bottom - y) // page.row))
            last = min(count, first + fit)
            blocks.append(_Block(index, first, last, heading))
            y += (last - first) * page.row
            first, heading = last, False
    if blocks:
        pages.append(blocks)
    for start in range(0, pictures, PICTURES_PER_PAGE):
        pages.append(
            [_Block(pictures=tuple(range(start, min(pictures, start + PICTURES_PER_PAGE))))]
        )
    return pages or [[]]


def print_pages(
    printer: QPrinter,
    title: str,
    subtitle: str,
    made_on: dt.date,
    tables: Sequence[PrintTable],
    pictures: Sequence[Picture] = (),
) -> int:
    """Print the tables, then the pictures two to a page; the number of pages."""
    a4_landscape(printer)
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        page = _Page(printer, painter)
        pages = _layout(page, tables, len(pictures))
        for number, blocks in enumerate(pages, start=1):
            if number > 1:
                printer.newPage()
            _frame(painter, page, title, subtitle, made_on, number, len(pages))
            y = page.top
            for block in blocks:
                if block.table is not None:
                    y = _table(painter, page, tables[block.table], block, y)
                else:
                    _pictures(painter, page, [pictures[i] for i in block.pictures])
    finally:
        painter.end()
    return len(pages)


def _frame(
    painter: QPainter,
    page: _Page,
    title: str,
    subtitle: str,
    made_on: dt.date,
    number: int,
    count: int,
) -> None:
    """Title and period on top, 制表日期 and 第 N 页 共 M 页 at the foot: on every page."""
    r = page.rect
    painter.setPen(QPen(Qt.GlobalColor.black))
    painter.setFont(page.title_font)
    painter.drawText(
        QRectF(r.left(), r.top(), r.width(), page.title_height), Qt.AlignmentFlag.AlignCenter, title
    )
    painter.setFont(page.sub_font)
    painter.drawText(
        QRectF(r.left(), r.top() + page.title_height, r.width(), page.sub_height),
        Qt.AlignmentFlag.AlignCenter,
        subtitle,
    )
    painter.setFont(page.body_font)
    foot = QRectF(r.left(), page.bottom, r.width(), page.footer)
    made = f"制表日期：{made_on.year}年{made_on.month}月{made_on.day}日"
    painter.drawText(foot, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, made)
    painter.drawText(
        foot,
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        f"第 {number} 页 共 {count} 页",
    )


def _table(painter: QPainter, page: _Page, table: PrintTable, block: _Block, y: float) -> float:
    """One page's share of a table, under its repeated header row; the y after it."""
    r = page.rect
    if block.with_heading and table.heading:
        painter.setFont(page.heading_font)
        painter.drawText(
            QRectF(r.left(), y, r.width(), page.heading_height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            table.heading,
        )
        y += page.heading_height
    if not table.rows:
        painter.setFont(page.body_font)
        painter.drawText(
            QRectF(r.left(), y, r.width(), page.row),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            table.empty_text,
        )
        return y + page.row
    total = sum(table.widths)
    lefts = [r.left()]
    for width in table.widths:
        lefts.append(lefts[-1] + r.width() * width / total)
    pen = QPen(Qt.GlobalColor.black)
    pen.setWidthF(max(1.0, page.row / 60))
    rows: list[tuple[Sequence[str], bool, int]] = [(table.headers, True, -1)]
    rows += [(table.rows[i], i in table.bold_rows, i) for i in range(block.first, block.last)]
    for cells, bold, index in rows:
        if index == -1:
            painter.fillRect(QRectF(r.left(), y, r.width(), page.row), HEADER_FILL)
        painter.setFont(page.bold_font if bold else page.body_font)
        for column, text in enumerate(cells):
            cell = QRectF(lefts[column], y, lefts[column + 1] - lefts[column], page.row)
            painter.setPen(pen)
            painter.drawRect(cell)
            painter.setPen(QPen(table.colours.get((index, column), QColor("black"))))
            inner = cell.adjusted(page.row / 5, 0, -page.row / 5, 0)
            align = (
                Qt.AlignmentFlag.AlignLeft
                if column < table.left_columns and index != -1
                else Qt.AlignmentFlag.AlignHCenter
            )
            # a text longer than its column ends in … rather than being cut mid-character
            shown = painter.fontMetrics().elidedText(
                text, Qt.TextElideMode.ElideRight, int(inner.width())
            )
            painter.drawText(inner, align | Qt.AlignmentFlag.AlignVCenter, shown)
        y += page.row
    return y


def _pictures(painter: QPainter, page: _Page, drawn: Sequence[Picture]) -> None:
    """Pictures stacked on a page, each its share of the height."""
    r = page.rect
    height = (page.bottom - page.top) / PICTURES_PER_PAGE
    for position, picture in enumerate(drawn):
        area = QRectF(r.left(), page.top + position * height, r.width(), height)
        picture(painter, area.adjusted(0, height * 0.03, 0, -height * 0.03))
