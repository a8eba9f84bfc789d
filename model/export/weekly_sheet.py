"""周工作量统计表 as .xlsx: sheet 1 the figures, sheet 2 the overdue and due-soon cases."""

from __future__ import annotations

import argparse
import datetime as dt
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session, sessionmaker

from model.export.sheet_style import (
    BODY_FONT,
    BOLD_FONT,
    BORDER,
    CENTER,
    DATE_FORMAT,
    HEADER_FILL,
    LEFT,
    PERCENT_FORMAT,
    TITLE_FONT,
    WRAP,
    a4_landscape,
    fit_heights,
    fit_widths,
    save_workbook,
)
from model.weekly import RowKind, WeeklyReport, WeeklyRow, chinese_date, weekly_figures

FIGURES_SHEET = "周工作量统计表"
URGENT_SHEET = "超期及临期案件"
FIGURE_HEADERS = (
    "团队",
    "统计对象",
    "旧存",
    "新收",
    "已结",
    "未结",
    "超期",
    "7日内到期",
    "结案率",
    "期限内结案率",
)
URGENT_HEADERS = (
    "序号",
    "案号",
    "申请执行人",
    "被执行人",
    "承办团队",
    "办案组",
    "承办法官",
    "到期日",
    "法定到期日",
    "剩余天数",
    "状态",
)


def figure_values(row: WeeklyRow) -> list[object]:
    """The cells of one line of sheet 1 (rates as fractions, None where undefined)."""
    f = row.figures
    return [
        row.team,
        row.label,
        f.carried,
        f.new,
        f.closed,
        f.pending,
        f.overdue,
        f.due_soon,
        f.closing_rate,
        f.in_time_rate,
    ]


def report_title(report: WeeklyReport) -> str:
    """江源林区基层法院执行局周工作量统计表."""
    return f"{report.court_name}执行局{FIGURES_SHEET}"


def report_subtitle(report: WeeklyReport) -> str:
    """统计周期 and the day the figures stand at."""
    text = f"统计周期：{report.week}"
    if report.as_of < report.sunday:
        text += f"（本周未结束，统计截至{chinese_date(report.as_of)}）"
    return text


def _title(sheet: Worksheet, title: str, subtitle: str, columns: int) -> None:
    sheet.append([title])
    sheet.append([subtitle])
    for row in (1, 2):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    sheet["A1"].font = TITLE_FONT
    sheet["A1"].alignment = CENTER
    sheet["A2"].font = BODY_FONT
    sheet["A2"].alignment = CENTER
    sheet.row_dimensions[1].height = 28


def _header(sheet: Worksheet, headers: tuple[str, ...]) -> None:
    sheet.append(list(headers))
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = CENTER


def _figures_sheet(sheet: Worksheet, report: WeeklyReport) -> None:
    sheet.title = FIGURES_SHEET
    _title(sheet, report_title(report), report_subtitle(report), len(FIGURE_HEADERS))
    _header(sheet, FIGURE_HEADERS)
    lines = [figure_values(row) for row in report.rows]
    for row, values in zip(report.rows, lines, strict=True):
        sheet.append(values)
        bold = row.kind in (RowKind.TEAM, RowKind.SPECIAL, RowKind.TOTAL)
        for index, cell in enumerate(sheet[sheet.max_row]):
            cell.font = BOLD_FONT if bold else BODY_FONT
            cell.border = BORDER
            cell.alignment = LEFT if index < 2 else CENTER
            if index >= 8:
                cell.number_format = PERCENT_FORMAT
    notes = (
        "说明：旧存为周一开始时在办的案件；未结为统计截止日在办的案件；超期、7日内到期按团队期限"
        "（到期日）计算，中止的案件不计。结案率＝已结÷（旧存＋新收）；期限内结案率＝本周结案中"
        "未超团队期限的比例。特殊案件已计入普执团队，另行单列供局长掌握。"
    )
    sheet.append([notes])
    last = sheet.max_row
    sheet.merge_cells(start_row=last, start_column=1, end_row=last, end_column=len(FIGURE_HEADERS))
    sheet.cell(last, 1).font = BODY_FONT
    sheet.cell(last, 1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[last].height = 48
    fit_widths(sheet, [FIGURE_HEADERS, *lines])
    sheet.freeze_panes = "C4"
    a4_landscape(sheet, "1:3", report.made_on)


def urgent_values(index: int, report: WeeklyReport) -> list[object]:
    """The cells of one line of sheet 2."""
    u = report.urgent[index]
    state = f"超期{-u.days_left}天" if u.overdue else ("今日到期" if u.days_left == 0 else "临期")
    return [
        index + 1,
        u.number,
        u.applicants,
        u.respondents,
        u.team,
        u.group,
        u.judge,
        u.due_date,
        u.statutory_due_date,
        u.days_left,
        state,
    ]


def _urgent_sheet(sheet: Worksheet, report: WeeklyReport) -> None:
    sheet.title = URGENT_SHEET
    subtitle = f"截至{chinese_date(report.as_of)}：超期及7日内到期的在办案件，最紧急的在前"
    _title(sheet, f"{report.court_name}执行局{URGENT_SHEET}", subtitle, len(URGENT_HEADERS))
    _header(sheet, URGENT_HEADERS)
    lines = [urgent_values(i, report) for i in range(len(report.urgent))]
    row = sheet.max_row
    # Setting font/border/alignment hashes each style into the workbook's list (about
    # 1 ms a cell); the three kinds of body cell are styled once and their style
    # index arrays copied (openpyxl's own way of copying a cell's style).
    styles: dict[str, StyleArray] = {}
    for values in lines:
        sheet.append(values)
        row += 1
        # cells by position: sheet[row] recomputes the sheet's width each time (quadratic)
        for column in range(1, len(values) + 1):
            cell = sheet.cell(row=row, column=column)
            kind = (
                "date"
                if isinstance(cell.value, dt.date)
                else "text"
                if isinstance(cell.value, str)
                else "other"
            )
            if kind in styles:
                cell._style = copy(styles[kind])
                continue
            cell.font = BODY_FONT
            cell.border = BORDER
            if kind == "date":
                cell.number_format = DATE_FORMAT
                cell.alignment = CENTER
            elif kind == "text":
                cell.alignment = WRAP
            else:
                cell.alignment = CENTER
            styles[kind] = copy(cell._style)
    if not lines:
        sheet.append(["本周没有超期或7日内到期的在办案件。"])
    fit_widths(sheet, [URGENT_HEADERS, *lines], maximum=24)
    fit_heights(sheet, first_row=4)
    sheet.freeze_panes = "A4"
    a4_landscape(sheet, "1:3", report.made_on)


def build_weekly_workbook(report: WeeklyReport) -> Workbook:
    """The two sheets of the weekly report, values only."""
    book = Workbook()
    _figures_sheet(book.active, report)
    _urgent_sheet(book.create_sheet(), report)
    return book


def write_weekly_sheet(report: WeeklyReport, path: Path) -> None:
    """Save the weekly report as .xlsx."""
    save_workbook(build_weekly_workbook(report), path)


def export_weekly_report(
    sessions: sessionmaker[Session], any_day: dt.date, today: dt.date, path: Path
) -> WeeklyReport:
    """Compute the week's figures and save them; the report written."""
    with sessions() as session:
        report = weekly_figures(session, any_day, today)
    write_weekly_sheet(report, path)
    return report


def weekly_report_command(arguments: argparse.Namespace) -> int:
    """``weekly-report OUT.xlsx --week YYYY-MM-DD [--db PATH] [--today YYYY-MM-DD]``."""
    from model.commands import open_for_command

    today = arguments.today or dt.date.today()
    store = open_for_command(arguments.db)
    try:
        report = export_weekly_report(store.sessions, arguments.week, today, arguments.out)
    finally:
        store.close()
    total = report.total
    print(
        f"已生成周工作量统计表：{arguments.out}\n"
        f"统计周期：{report.week}；旧存 {total.carried}，新收 {total.new}，"
        f"已结 {total.closed}，未结 {total.pending}，超期 {total.overdue}，"
        f"7日内到期 {total.due_soon}；超期及临期案件 {len(report.urgent)} 件。"
    )
    return 0
