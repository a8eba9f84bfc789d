"""操作记录 as .xlsx: the audit entries of one case or of a period, for inspections."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy.orm import Session, sessionmaker

from model.access.audit_chain import verify
from model.access.audit_lines import AuditLine, audit_lines
from model.access.permissions import Action, authorise
from model.reports.sheet_style import (
    BODY_FONT,
    BOLD_FONT,
    BORDER,
    CENTER,
    HEADER_FILL,
    LEFT,
    TITLE_FONT,
    WRAP,
    a4_landscape,
    check_target,
    first_sheet,
    fit_heights,
    fit_widths,
    save_workbook,
)

SHEET = "操作记录"
HEADERS = ("序号", "时间", "操作人", "操作", "对象", "对象编号", "案号", "变更内容（原值 → 新值）")


def write_audit_sheet(
    sessions: sessionmaker[Session],
    path: Path,
    actor_id: int | None,
    *,
    case_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    today: dt.date | None = None,
) -> int:
    """Write the entries of a case or a period to ``path``; the number of entries."""
    check_target(path)
    with sessions() as session:
        authorise(session, actor_id, Action.VIEW_AUDIT)
    lines = audit_lines(sessions, case_id=case_id, start=start, end=end)
    report = verify(sessions)
    book = _book(lines, _title(lines, case_id, start, end), report.message)
    a4_landscape(first_sheet(book), "1:3", today or dt.date.today())
    save_workbook(book, path)
    return len(lines)


def _title(
    lines: list[AuditLine], case_id: int | None, start: dt.date | None, end: dt.date | None
) -> str:
    if case_id is not None:
        number = next((line.case_number for line in lines if line.case_number), f"案件 {case_id}")
        return f"操作记录：{number}"
    first = start.isoformat() if start else "最早"
    last = end.isoformat() if end else "至今"
    return f"操作记录：{first} 至 {last}"


def _book(lines: list[AuditLine], title: str, check: str) -> Workbook:
    book = Workbook()
    sheet = first_sheet(book)
    sheet.title = SHEET
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet["A1"].font = TITLE_FONT
    sheet["A1"].alignment = CENTER
    sheet.append([f"校验：{check}"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))
    sheet["A2"].font = BODY_FONT
    sheet.append(list(HEADERS))
    for cell in sheet[3]:
        cell.font, cell.fill, cell.border, cell.alignment = BOLD_FONT, HEADER_FILL, BORDER, CENTER
    rows = [
        [
            line.seq,
            line.at.strftime("%Y-%m-%d %H:%M:%S"),
            line.actor,
            line.action,
            line.entity,
            line.entity_id,
            line.case_number,
            line.changes,
        ]
        for line in lines
    ]
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            cell.font, cell.border = BODY_FONT, BORDER
            cell.alignment = WRAP if cell.column == len(HEADERS) else LEFT
    fit_widths(sheet, [HEADERS, *rows], maximum=60)
    fit_heights(sheet, 4)
    sheet.freeze_panes = "A4"
    return book
