"""执行团队办案管理 — start the window, or run one command of the command line (SPEC §7)."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    """Dispatch: a known command runs without a window; anything else opens the program."""
    from model.commands import COMMANDS, run_command

    if argv and argv[0] in COMMANDS:
        return run_command(argv)
    from gui.app import run_app

    return run_app(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
