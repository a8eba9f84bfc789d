"""The command line (SPEC §7): the same services the window uses, without a window.

The parser below is the contract of SPEC §7; each command's work lives in the
module of its area, named in ``HANDLERS`` and imported only when it runs. Every
command prints a Chinese message and exits non-zero on bad input; a ``UserError``
never reaches the user as a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
from pathlib import Path
from typing import NoReturn

from model.errors import UserError
from model.storage.engine import default_database_path
from model.storage.store import Store, open_store

HANDLERS: dict[str, str] = {
    "import-cases": "model.ledger.check:import_cases_command",
    "export-cases": "model.reports.case_list:export_cases_command",
    "weekly-report": "model.reports.weekly_sheet:weekly_report_command",
    "statistics": "model.reports.statistics_sheet:statistics_command",
    "ledger-template": "model.ledger.template:ledger_template_command",
    "backup": "model.storage.maintenance:backup_command",
    "check": "model.storage.maintenance:check_command",
    "audit-verify": "model.storage.maintenance:audit_verify_command",
    "migrate-to": "model.storage.maintenance:migrate_to_command",
}
COMMANDS = frozenset(HANDLERS)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"错误：命令参数不正确（{message}）。", file=sys.stderr)
        raise SystemExit(2)


def parse_date(text: str) -> dt.date:
    """An argparse type for YYYY-MM-DD with a Chinese message."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}”不是有效日期，请写成 YYYY-MM-DD，例如 2026-03-02"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command, exactly as SPEC §7 writes them."""
    parser = _Parser(prog="main.py", description="执行团队办案管理 命令行")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def db(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--db", help="数据库文件路径或 postgresql:// 地址（默认：用户数据文件夹）")
        return p

    def today(p: argparse.ArgumentParser) -> None:
        p.add_argument("--today", type=parse_date, help="固定“今天”的日期 YYYY-MM-DD")

    p = db(sub.add_parser("import-cases", help="导入案件台账（.xlsx）"))
    p.add_argument("ledger", type=Path, metavar="LEDGER.xlsx")
    p.add_argument("--skip-bad", action="store_true", help="只导入无误的行")
    p = db(sub.add_parser("export-cases", help="导出案件清单（.xlsx）"))
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    today(p)
    p = db(sub.add_parser("weekly-report", help="生成周工作量统计表（.xlsx）"))
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    p.add_argument("--week", type=parse_date, required=True, help="该周内任意一天 YYYY-MM-DD")
    today(p)
    p = db(sub.add_parser("statistics", help="生成质效指标统计表及图表（.xlsx）"))
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    p.add_argument("--from", dest="start", type=parse_date, required=True, help="起始日 YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=parse_date, required=True, help="截止日 YYYY-MM-DD")
    today(p)
    p = sub.add_parser("ledger-template", help="生成空白案件台账模板（.xlsx）")
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    p = db(sub.add_parser("backup", help="备份数据库"))
    p.add_argument("out", type=Path, metavar="OUT.sqlite")
    db(sub.add_parser("check", help="检查数据库完整性"))
    db(sub.add_parser("audit-verify", help="校验操作记录链"))
    p = db(sub.add_parser("migrate-to", help="把数据库复制到 PostgreSQL 服务器"))
    p.add_argument("url", metavar="postgresql://…")
    return parser


def open_for_command(db: str | None) -> Store:
    """Open the database named by --db, or the default one (created on first use)."""
    if db is None:
        target = default_database_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        return open_store(target)
    return open_store(db)


def run_command(argv: list[str]) -> int:
    """Run one command line; the exit code."""
    arguments = build_parser().parse_args(argv)
    module_name, function_name = HANDLERS[arguments.command].split(":")
    try:
        handler = getattr(importlib.import_module(module_name), function_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise  # a real fault inside the module, not a command this version lacks
        print(f"错误：命令 {arguments.command} 在此版本中尚不可用。", file=sys.stderr)
        return 3
    try:
        return int(handler(arguments))
    except UserError as error:
        print(f"错误：{error.message}", file=sys.stderr)
        return 1
