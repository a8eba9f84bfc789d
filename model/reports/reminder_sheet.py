"""``reminders``: the 待办 list on the command line, one item a line, or as a printable sheet.

Both read ``compute_reminders`` — the list the 待办 tab shows — for the person named,
or for everyone grouped by judge.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import xlsxwriter
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.entities import Person, PersonAlias
from model.errors import UserError
from model.reports.reminders import ReminderList, compute_reminders
from model.reports.sheet_style import (
    XLSX_BODY,
    XLSX_BOLD,
    XLSX_BORDER,
    XLSX_CENTER,
    XLSX_HEADER_FILL,
    XLSX_TITLE,
    XLSX_WRAP,
    atomic_target,
    close_xlsx,
    display_width,
    xlsx_a4_landscape,
    xlsx_row_height,
    xlsx_widths,
)
from model.roster.names import normalise_name

TITLE = "待办事项"
HEADERS = ("事项", "案号", "当事人", "应办事项", "期限", "剩余天数", "责任人")
WIDTHS = (10, 26, 30, 56, 12, 9, 10)
NOTHING = "没有待办事项"


def find_person(session: Session, name: str) -> Person:
    """The person a name (or a recorded alias) means; refused naming the known names."""
    wanted = normalise_name(name)
    person = session.scalar(select(Person).where(Person.name == wanted))
    if person is None:
        person = session.scalar(select(Person).join(PersonAlias).where(PersonAlias.alias == wanted))
    if person is None:
        known = session.scalars(select(Person.name).where(Person.active).order_by(Person.id))
        raise UserError(
            f"人员名册中没有“{name.strip()}”。可用的姓名：{'、'.join(known)}。", field="user"
        )
    return person


def reminder_lines(reminders: ReminderList) -> list[str]:
    """One line an item (案号, kind, due date, responsible), under a heading per person."""
    if not reminders.items:
        whose = f"{reminders.viewer}" if reminders.viewer else ""
        return [f"{whose}{NOTHING}（{reminders.today:%Y-%m-%d}）。"]
    people: dict[str, list[str]] = {}
    for item in reminders.items:
        people.setdefault(item.responsible, []).append(
            f"{item.number}\t{item.kind.label}\t{item.due:%Y-%m-%d}\t{item.responsible}"
        )
    lines: list[str] = []
    for person, items in people.items():
        lines.append(f"【{person}】{len(items)} 项")
        lines.extend(items)
    return lines


def write_reminder_sheet(reminders: ReminderList, path: Path) -> None:
    """The list as an A4 sheet: title, date, the header repeated on every page."""
    with atomic_target(path) as temporary:
        book = xlsxwriter.Workbook(temporary, {"strings_to_formulas": False})
        title = book.add_format({**XLSX_TITLE, "align": "center", "valign": "vcenter"})
        sub = book.add_format({**XLSX_BODY, "align": "left", "valign": "vcenter"})
        header = book.add_format({**XLSX_BOLD, **XLSX_BORDER, **XLSX_HEADER_FILL, **XLSX_CENTER})
        group = book.add_format({**XLSX_BOLD, **XLSX_BORDER, "valign": "vcenter"})
        body = book.add_format({**XLSX_BODY, **XLSX_BORDER, **XLSX_WRAP})
        centre = book.add_format({**XLSX_BODY, **XLSX_BORDER, **XLSX_CENTER})
        sheet = book.add_worksheet(TITLE)
        last = len(HEADERS) - 1
        whose = f"{reminders.viewer}的" if reminders.viewer else "全局（按承办法官）"
        sheet.merge_range(0, 0, 0, last, f"{whose}{TITLE}", title)
        xlsx_row_height(sheet, 0, 28)
        sheet.merge_range(
            1, 0, 1, last, f"日期：{reminders.today:%Y-%m-%d}　共 {len(reminders)} 项", sub
        )
        sheet.write_row(2, 0, HEADERS, header)
        xlsx_widths(sheet, dict(enumerate(WIDTHS, start=1)))
        row = 3
        if not reminders.items:
            sheet.merge_range(row, 0, row, last, f"{NOTHING}。", body)
        for section in reminders.sections():
            sheet.merge_range(
                row, 0, row, last, f"{section.title}（{len(section.items)} 项）", group
            )
            row += 1
            for item in section.items:
                sheet.write_row(row, 0, (item.kind.label, item.number, item.parties), body)
                sheet.write(row, 3, item.what, body)
                sheet.write(row, 4, f"{item.due:%Y-%m-%d}", centre)
                sheet.write(row, 5, item.days_left, centre)
                sheet.write(row, 6, item.responsible, centre)
                lines = max(
                    -(-display_width(item.what) // (WIDTHS[3] - 1)),
                    -(-display_width(item.parties) // (WIDTHS[2] - 1)),
                )
                if lines > 1:
                    xlsx_row_height(sheet, row, 15.0 * lines)
                row += 1
        xlsx_a4_landscape(sheet, 3, reminders.today)
        close_xlsx(book)


def load_reminders(
    sessions: sessionmaker[Session], today: dt.date, user: str | None
) -> ReminderList:
    """The list for the user named (refused when unknown), or everyone's by judge."""
    with sessions() as session:
        person_id = find_person(session, user).id if user else None
        return compute_reminders(session, today, person_id)


def reminders_command(arguments: argparse.Namespace) -> int:
    """``reminders [--user NAME] [--xlsx OUT.xlsx] [--db PATH] [--today YYYY-MM-DD]``."""
    from model.commands import open_for_command

    today = arguments.today or dt.date.today()
    store = open_for_command(arguments.db)
    try:
        reminders = load_reminders(store.sessions, today, arguments.user)
    finally:
        store.close()
    if arguments.xlsx is not None:
        write_reminder_sheet(reminders, arguments.xlsx)
    for line in reminder_lines(reminders):
        print(line)
    if arguments.xlsx is not None:
        print(f"已写出 {arguments.xlsx}（{len(reminders)} 项）。")
    return 0
