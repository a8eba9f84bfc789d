"""weekly-report: the week's sheet from the command line, recorded when it can be.

The command and the export it runs (``export_weekly_report``: make, write and record
the sheet, ``model.reports.archive``); the sheet's layout is ``weekly_sheet``'s.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from model.reports.archive import issue_weekly_sheet
from model.reports.weekly import WeeklyReport
from model.reports.weekly_layout import holiday_note
from model.reports.weekly_sheet import write_weekly_sheet


def export_weekly_report(
    sessions: sessionmaker[Session],
    any_day: dt.date,
    today: dt.date,
    path: Path,
    actor_id: int | None = None,
) -> WeeklyReport:
    """Compute the week's figures, save them and record the sheet (报表存档); the report."""
    report, _ = issue_weekly_sheet(sessions, any_day, today, path, actor_id)
    return report


def weekly_report_command(arguments: argparse.Namespace) -> int:
    """``weekly-report OUT.xlsx --week YYYY-MM-DD [--db PATH] [--today YYYY-MM-DD]``.

    The sheet is recorded (报表存档) when the command can take the database's lock. While
    the window has it open the command still makes the sheet, from a read-only store
    (issue 18: scheduled reports run during office hours), and says it was not recorded.
    """
    from model.commands import open_for_command
    from model.reports.weekly import weekly_figures
    from model.storage.command_open import command_target
    from model.storage.lock import DatabaseLockedError
    from model.storage.store import open_store

    today = arguments.today or dt.date.today()
    try:
        # Never takes a lock over: a reading command leaves even a crashed holder's lock
        # to the next writing command, which says it took it over.
        store = open_store(command_target(arguments.db))
        recorded = True
    except DatabaseLockedError as locked:  # another program has it open: the sheet only
        who = f"由{locked.holder.describe()}" if locked.holder is not None else "正被另一程序"
        print(f"数据库此时{who}打开，因此以只读方式打开数据库：不加锁、不写入，本表不存档。")
        store = open_for_command(arguments.db)
        recorded = False
    try:
        if recorded:
            report = export_weekly_report(store.sessions, arguments.week, today, arguments.out)
        else:
            with store.sessions() as session:
                report = weekly_figures(session, arguments.week, today)
            write_weekly_sheet(report, arguments.out)
    finally:
        store.close()
    total = report.total
    record_note = (
        "已存档（报表 → 已出报表 可重印、核对）。"
        if recorded
        else "本表未存档：数据库正由另一程序（窗口）使用或留有未释放的锁。需要存档时请在窗口"
        "“报表”页导出，或在窗口关闭后重新运行本命令。"
    )
    print(
        f"已生成周工作量统计表：{arguments.out}\n"
        f"统计周期：{report.week}；旧存 {total.carried}，新收 {total.new}，"
        f"已结 {total.closed}，未结 {total.pending}，超期 {total.overdue}，"
        f"超审限 {total.statutory_overdue}，7日内到期 {total.due_soon}；"
        f"超期及临期案件 {len(report.urgent)} 件。"
        + record_note
        + (f"\n{holiday_note(report)}" if report.missing_years else "")
    )
    return 0
