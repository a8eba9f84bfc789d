"""The command line's parser, in Chinese: argparse's own words, help laid out by display width.

Built from a table of commands (``model.commands.COMMAND_TABLE``, passed in): each gives
its name, help, arguments and what it does with the database, from which its ``--db``
and ``--take-over`` options follow. A word that is no command is refused with the list
of commands, never the window.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn, Protocol

from model.storage.command_open import StoreUse

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

PROG = "main.py"


class Declared(Protocol):
    """What the parser reads of a command's declaration (``model.commands.Command``)."""

    @property
    def name(self) -> str: ...

    @property
    def help(self) -> str: ...

    @property
    def store(self) -> StoreUse: ...

    @property
    def arguments(self) -> Callable[[argparse.ArgumentParser], None]: ...


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


def command_list(table: Sequence[Declared]) -> str:
    """Every command and what it does, one a line."""
    width = max(len(command.name) for command in table)
    return "\n".join(f"  {c.name.ljust(width)}  {c.help}" for c in table)


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
    def __init__(self, *args: object, listing: str = "", **kwargs: object) -> None:
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.listing = listing  # the commands, for a word that is none of them
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
        if isinstance(action, argparse._SubParsersAction) and value not in (action.choices or ()):
            unknown_command(str(value), self.listing)
        super()._check_value(action, value)


def unknown_command(name: str, listing: str) -> NoReturn:
    """Refuse a word that is no command, listing the commands; never opens the window."""
    print(
        f"错误：没有“{name}”这个命令（此版本的命令见下）。未打开窗口，也没有做任何修改。\n"
        f"可用的命令：\n{listing}\n"
        f"不带命令运行 {PROG} 即打开窗口；{PROG} --help 显示全部说明，"
        f"{PROG} 命令 --help 显示该命令的参数。",
        file=sys.stderr,
    )
    raise SystemExit(2)


def build_parser(table: Sequence[Declared]) -> argparse.ArgumentParser:
    """The whole command line: the window's options, and every command of ``table``."""
    with chinese_argparse():
        parser = _Parser(
            listing=command_list(table),
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
        for command in table:
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


def parse_command_line(argv: list[str], table: Sequence[Declared]) -> argparse.Namespace:
    """The parsed command line; SystemExit(2) with a Chinese message when it is wrong."""
    parser = build_parser(table)
    with chinese_argparse():
        return parser.parse_args(argv)
