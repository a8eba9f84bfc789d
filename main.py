"""执行团队办案管理 — start the window, or run one command of the command line (SPEC §7)."""

from __future__ import annotations

import gc
import sys


def main(argv: list[str]) -> int:
    """Dispatch: no command opens the window, a command runs without one.

    The whole line is checked first: a word that is not a command, or an option the
    window does not have, is refused with the list of commands and the window is never
    opened (a scheduled job must not hang on a login dialog).

    The garbage collector waits while the program's modules are imported: they make
    some 120,000 objects and almost no garbage (under 500 objects), yet the collector
    walked them over and over, 60–80 ms of the window's start (measured, issue 20).
    The window turns it back on once its start-up objects are made
    (gui/responsiveness.py); a command, before it runs.
    """
    gc.disable()
    try:
        from model.commands import parse_command_line, run_parsed

        arguments = parse_command_line(argv)
        if arguments.command is not None:
            gc.enable()
            return run_parsed(arguments)
        from gui.app import run_app

        return run_app(argv)
    finally:
        gc.enable()


if __name__ == "__main__":
    if getattr(sys, "frozen", False):
        # The bundle's executable is also the export's child process (started with
        # --multiprocessing-fork): it must become that child before anything else runs,
        # Qt and the command line's parser included. Unfrozen, Python starts the child
        # itself and this is not needed.
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main(sys.argv[1:]))
