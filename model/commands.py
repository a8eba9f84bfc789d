"""The command line (SPEC §7): the same services the window uses, without a window.

``COMMAND_TABLE`` is the one place commands are listed: name, where its work lives
(imported only when it runs), its help, its arguments, and what it does with the
database (``StoreUse``, model/storage/command_open.py). From that declaration follow
its ``--db`` and ``--take-over`` options and how ``open_for_command`` opens the store:
a reading command read-only and without a lock, refusing a database that does not
exist; a writing one with the lock. ``main.py`` with no command opens the window;
anything else that is not a command is refused with the list of commands. Every
command prints a Chinese message and exits non-zero on bad input; a ``UserError``
never reaches the user as a traceback, and argparse's own words are Chinese too.
"""

from __future__ import annotations

import argparse
import contextvars
import datetime as dt
import importlib
import sys
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from model.errors import UserError
from model.storage.command_open import StoreUse, open_reading, open_writing, prepare_reading
from model.storage.faults import user_error_for
from model.storage.store import Store

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

PROG = "main.py"


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
        "model.ledger.check:import_cases_command",
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
        "model.reports.weekly_sheet:weekly_report_command",
        "生成周工作量统计表（.xlsx）",
        StoreUse.READS,
        _weekly_report,
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
COMMANDS = frozenset(COMMANDS_BY_NAME)
HANDLERS: dict[str, str] = {command.name: command.handler for command in COMMAND_TABLE}

# argparse's own words (Python 3.10–3.13), in Chinese; any other passes through unchanged.
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "options": "选项",
    "optional arguments": "选项",
    "positional arguments": "参数",
    "show this help message and exit": "显示本帮助并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少以下参数：%s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "expected at least one argument": "至少需要一个值",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "无效的选择：%(value)r（可选：%(choices)s）"
    ),
    "ambiguous option: %(option)s could match %(matches)s": (
        "选项 %(option)s 不明确，可能是 %(matches)s"
    ),
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的值 %r",
    "one of the arguments %s is required": "必须给出参数 %s 之一",
    "unexpected option string: %s": "意外的选项：%s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "subcommands": "命令",
}


def _translate(text: str) -> str:
    return _ARGPARSE_ZH.get(text, text)


def _ntranslate(singular: str, plural: str, count: int) -> str:
    if singular == "expected %s argument":
        return "需要 %s 个值"
    return singular if count == 1 else plural


@contextmanager
def chinese_argparse() -> Iterator[None]:
    """argparse speaks Chinese while the command line is built, parsed or printed.

    argparse looks its texts up through its module's ``_`` and ``ngettext`` at the time
    it needs them; they are replaced only for this block, so nothing else (pytest's own
    options, another program in the same process) is affected.
    """
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _translate, _ntranslate  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def command_list() -> str:
    """Every command and what it does, one a line."""
    width = max(len(command.name) for command in COMMAND_TABLE)
    return "\n".join(f"  {c.name.ljust(width)}  {c.help}" for c in COMMAND_TABLE)


DB_HELP = "数据库文件路径或 postgresql:// 地址（默认：用户数据文件夹中的 cases.sqlite）"


def _wide(text: str) -> int:
    """How many more columns than characters ``text`` takes (CJK characters take two)."""
    return sum(unicodedata.east_asian_width(char) in "WF" for char in text)


class _Formatter(argparse.HelpFormatter):
    """Help laid out for Chinese: columns by display width, commands on one line each."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32)

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            invocation = self._format_action_invocation(action)
            self._action_max_length = max(
                self._action_max_length, len(invocation) + _wide(invocation) + self._current_indent
            )
        if isinstance(action, argparse._SubParsersAction):
            # argparse measures the commands one indent short, and wraps the longest.
            longest = max(len(name) for name in action.choices)
            self._action_max_length = max(
                self._action_max_length, longest + self._current_indent + 2 * self._indent_increment
            )

    def format_help(self) -> str:
        text = super().format_help()
        for heading in ("选项", "参数", "命令"):  # the colon after a heading is argparse's own
            text = text.replace(f"\n{heading}:\n", f"\n{heading}：\n")
        return text

    def _format_action(self, action: argparse.Action) -> str:
        text = super()._format_action(action)
        if isinstance(action, argparse._SubParsersAction):
            return text.split("\n", 1)[1]  # the metavar's own line ("命令") repeats the title
        invocation = self._format_action_invocation(action)
        extra = _wide(invocation)
        head, found, rest = text.partition(invocation)
        padding = len(rest) - len(rest.lstrip(" "))
        if extra and found and padding >= extra + 2:
            text = head + invocation + rest[extra:]  # argparse padded by characters, not columns
        return text


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        with chinese_argparse():
            super().print_help(file)

    def print_usage(self, file: SupportsWrite[str] | None = None) -> None:
        with chinese_argparse():
            super().print_usage(file)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"错误：命令参数不正确（{message}）。", file=sys.stderr)
        raise SystemExit(2)

    def _check_value(self, action: argparse.Action, value: object) -> None:
        if isinstance(action, argparse._SubParsersAction) and value not in COMMANDS:
            unknown_command(str(value))
        super()._check_value(action, value)


def unknown_command(name: str) -> NoReturn:
    """Refuse a word that is no command, listing the commands; never opens the window."""
    print(
        f"错误：没有“{name}”这个命令（此版本的命令见下）。未打开窗口，也没有做任何修改。\n"
        f"可用的命令：\n{command_list()}\n"
        f"不带命令运行 {PROG} 即打开窗口；{PROG} --help 显示全部说明，"
        f"{PROG} 命令 --help 显示该命令的参数。",
        file=sys.stderr,
    )
    raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: the window's options, and every command of the table."""
    with chinese_argparse():
        parser = _Parser(
            prog=PROG,
            description="执行团队办案管理。不带命令运行即打开窗口；"
            "给出命令则不打开窗口，完成该项工作后退出（适合计划任务）。",
            epilog=f"各命令的参数：{PROG} 命令 --help",
            formatter_class=_Formatter,
        )
        parser.add_argument(
            "--db",
            metavar="数据库",
            help=DB_HELP,
        )
        # For install checks: show the window, then quit by itself after this many milliseconds.
        parser.add_argument("--quit-after", type=int, default=0, help=argparse.SUPPRESS)
        # For install checks: print the texts of a file dialog (are Qt's dialogs Chinese?).
        parser.add_argument("--dialog-texts", action="store_true", help=argparse.SUPPRESS)
        sub = parser.add_subparsers(
            dest="command", title="命令", metavar="命令", parser_class=_Parser
        )
        for command in COMMAND_TABLE:
            p = sub.add_parser(
                command.name,
                help=command.help,
                description=command.help,
                prog=f"{PROG} {command.name}",
                formatter_class=_Formatter,
            )
            command.arguments(p)
            if command.store is not StoreUse.NONE:
                # SUPPRESS: "main.py --db X check" keeps X (the window's option above).
                p.add_argument(
                    "--db",
                    metavar="数据库",
                    default=argparse.SUPPRESS,
                    help=DB_HELP,
                )
            if command.store in (StoreUse.WRITES, StoreUse.CREATES):
                p.add_argument(
                    "--take-over",
                    action="store_true",
                    help="管理员用：接管一个无法确认对方已退出的锁（对方确实已关闭程序时才用）；"
                    "确认已异常退出的锁不需要此项，会自动接管",
                )
    return parser


def parse_command_line(argv: list[str]) -> argparse.Namespace:
    """The parsed command line; SystemExit(2) with a Chinese message when it is wrong."""
    parser = build_parser()
    with chinese_argparse():
        return parser.parse_args(argv)


_RUNNING: contextvars.ContextVar[argparse.Namespace | None] = contextvars.ContextVar(
    "running_command", default=None
)


def open_for_command(db: str | None) -> Store:
    """Open the database as the running command's declaration says (see the module)."""
    arguments = _RUNNING.get()
    command = COMMANDS_BY_NAME.get(getattr(arguments, "command", None) or "")
    use = command.store if command is not None else StoreUse.CREATES
    if use is StoreUse.READS:
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
        unknown_command(" ".join(argv) or "（空）")
    return run_parsed(arguments)
