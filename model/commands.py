"""The command line (SPEC §7): the same services the window uses, without a window.

``COMMAND_TABLE`` is the one place commands are listed: name, where its work lives
(imported only when it runs), its help, its arguments, and what it does with the
database (``StoreUse``, model/storage/command_open.py). From that declaration follow
its ``--db`` and ``--take-over`` options and how ``open_for_command`` opens the store:
a reading command read-only and without a lock, refusing a database that does not
exist; a writing one with the lock. ``main.py`` with no command opens the window;
anything else that is not a command is refused with the list of commands. Every
command prints a Chinese message and exits non-zero on bad input; a ``UserError``
never reaches the user as a traceback, and argparse's own words are Chinese too
(the parser and its Chinese: model/command_parser.py).
"""

from __future__ import annotations

import argparse
import contextvars
import datetime as dt
import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from model import command_parser
from model.command_parser import command_list, unknown_command
from model.errors import UserError
from model.storage.command_open import StoreUse, open_reading, open_writing, prepare_reading
from model.storage.faults import user_error_for
from model.storage.store import Store


def parse_date(text: str) -> dt.date:
    """An argparse type for YYYY-MM-DD with a Chinese message."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}”不是有效日期，请写成 YYYY-MM-DD，例如 2026-03-02"
        ) from None


def file_path(text: str) -> Path:
    """An argparse type for a file named on the command line: not empty, not a folder."""
    if not text.strip() or text.strip() in (".", ".."):
        raise argparse.ArgumentTypeError("请给出文件名，例如 周报表.xlsx")
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"“{text}”是一个文件夹，请给出文件名")
    return path


def _out(metavar: str) -> Callable[[argparse.ArgumentParser], None]:
    def arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("out", type=file_path, metavar=metavar, help="要写出的文件")

    return arguments


def _today(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today", type=parse_date, metavar="YYYY-MM-DD", help="固定“今天”的日期（默认：今天）"
    )


def _import_cases(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ledger", type=file_path, metavar="LEDGER.xlsx", help="案件台账文件")
    parser.add_argument("--skip-bad", action="store_true", help="只导入无误的行")


def _export_cases(parser: argparse.ArgumentParser) -> None:
    _out("OUT.xlsx")(parser)
    _today(parser)


def _weekly_report(parser: argparse.ArgumentParser) -> None:
    _out("OUT.xlsx")(parser)
    parser.add_argument(
        "--week", type=parse_date, required=True, metavar="YYYY-MM-DD", help="该周内任意一天"
    )
    _today(parser)


def _statistics(parser: argparse.ArgumentParser) -> None:
    _out("OUT.xlsx")(parser)
    parser.add_argument(
        "--from", dest="start", type=parse_date, required=True, metavar="YYYY-MM-DD", help="起始日"
    )
    parser.add_argument(
        "--to", dest="end", type=parse_date, required=True, metavar="YYYY-MM-DD", help="截止日"
    )
    _today(parser)


def _reminders(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", metavar="NAME", help="只列此人的待办（默认：全部，按承办法官）")
    parser.add_argument("--xlsx", type=Path, metavar="OUT.xlsx", help="同时写成可打印的表格")
    _today(parser)


def _restore(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "backup",
        type=Path,
        metavar="BACKUP.sqlite",
        help="要恢复的备份文件（.sqlite，或压缩的 .sqlite.xz）",
    )


def _migrate_to(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", metavar="postgresql://…", help="空的 PostgreSQL 数据库地址")


def _nothing(_parser: argparse.ArgumentParser) -> None:
    pass


@dataclass(frozen=True)
class Command:
    """One command: what it is called, what it does, what it does to the database."""

    name: str
    handler: str  # "module:function", imported when the command runs
    help: str
    store: StoreUse
    arguments: Callable[[argparse.ArgumentParser], None] = _nothing


# Add a command here and nowhere else; say what it does with the database.
COMMAND_TABLE: tuple[Command, ...] = (
    Command(
        "import-cases",
        "model.ledger.command:import_cases_command",
        "导入案件台账（.xlsx）",
        StoreUse.CREATES,
        _import_cases,
    ),
    Command(
        "export-cases",
        "model.reports.case_list:export_cases_command",
        "导出案件清单（.xlsx）",
        StoreUse.READS,
        _export_cases,
    ),
    Command(
        "weekly-report",
        "model.reports.weekly_command:weekly_report_command",
        "生成周工作量统计表（.xlsx）",
        StoreUse.RECORDS,
        _weekly_report,
    ),
    Command(
        "statistics",
        "model.reports.statistics_sheet:statistics_command",
        "生成质效指标统计表及图表（.xlsx）",
        StoreUse.READS,
        _statistics,
    ),
    Command(
        "reminders",
        "model.reports.reminder_sheet:reminders_command",
        "待办事项（按人列出，或写成 .xlsx）",
        StoreUse.READS,
        _reminders,
    ),
    Command(
        "ledger-template",
        "model.ledger.template:ledger_template_command",
        "生成空白案件台账模板（.xlsx）",
        StoreUse.NONE,
        _out("OUT.xlsx"),
    ),
    Command(
        "backup",
        "model.storage.maintenance:backup_command",
        "备份数据库",
        StoreUse.READS,
        _out("OUT.sqlite"),
    ),
    Command(
        "restore",
        "model.storage.maintenance:restore_command",
        "从备份恢复数据库（先备份当前文件）",
        StoreUse.WRITES,
        _restore,
    ),
    Command(
        "check",
        "model.storage.maintenance:check_command",
        "检查数据库完整性",
        StoreUse.READS,
    ),
    Command(
        "audit-verify",
        "model.storage.maintenance:audit_verify_command",
        "校验操作记录链",
        StoreUse.READS,
    ),
    Command(
        "migrate-to",
        "model.storage.maintenance:migrate_to_command",
        "把数据库复制到 PostgreSQL 服务器",
        StoreUse.WRITES,
        _migrate_to,
    ),
)
COMMANDS_BY_NAME: dict[str, Command] = {command.name: command for command in COMMAND_TABLE}


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, from the table (model/command_parser.py lays it out)."""
    return command_parser.build_parser(COMMAND_TABLE)


def parse_command_line(argv: list[str]) -> argparse.Namespace:
    """The parsed command line; SystemExit(2) with a Chinese message when it is wrong."""
    return command_parser.parse_command_line(argv, COMMAND_TABLE)


_RUNNING: contextvars.ContextVar[argparse.Namespace | None] = contextvars.ContextVar(
    "running_command", default=None
)


def open_for_command(db: str | None) -> Store:
    """Open the database as the running command's declaration says (see the module)."""
    arguments = _RUNNING.get()
    command = COMMANDS_BY_NAME.get(getattr(arguments, "command", None) or "")
    use = command.store if command is not None else StoreUse.CREATES
    if use in (StoreUse.READS, StoreUse.RECORDS):
        return open_reading(db)
    return open_writing(
        db,
        take_over=bool(getattr(arguments, "take_over", False)),
        may_create=use is StoreUse.CREATES,
    )


def run_parsed(arguments: argparse.Namespace) -> int:
    """Run one parsed command; the exit code."""
    command = COMMANDS_BY_NAME[arguments.command]
    module_name, function_name = command.handler.split(":")
    try:
        handler = getattr(importlib.import_module(module_name), function_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise  # a real fault inside the module, not a command this version lacks
        print(f"错误：命令 {arguments.command} 在此版本中尚不可用。", file=sys.stderr)
        return 3
    if not hasattr(arguments, "db"):
        arguments.db = None
    token = _RUNNING.set(arguments)
    try:
        if command.store is StoreUse.READS:
            prepare_reading(arguments.db)
        elif command.store is StoreUse.RECORDS:  # it says itself whether it recorded
            prepare_reading(arguments.db, say=lambda _notice: None)
        return int(handler(arguments))
    except UserError as error:
        print(f"错误：{error.message}", file=sys.stderr)
        return 1
    except Exception as error:  # not a known refusal: logged, told in Chinese, no traceback
        print(f"错误：{user_error_for(error, arguments.command).message}", file=sys.stderr)
        return 1
    finally:
        _RUNNING.reset(token)


def run_command(argv: list[str]) -> int:
    """Run one command line (it must name a command); the exit code."""
    arguments = parse_command_line(argv)
    if arguments.command is None:
        unknown_command(" ".join(argv) or "（空）", command_list(COMMAND_TABLE))
    return run_parsed(arguments)
