"""执行团队办案管理 — start the window, or run one command of the command line (SPEC §7)."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    """Dispatch: no command opens the window, a command runs without one.

    The whole line is checked first: a word that is not a command, or an option the
    window does not have, is refused with the list of commands and the window is never
    opened (a scheduled job must not hang on a login dialog).
    """
    from model.commands import parse_command_line, run_parsed

    arguments = parse_command_line(argv)
    if arguments.command is not None:
        return run_parsed(arguments)
    from gui.app import run_app

    return run_app(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
