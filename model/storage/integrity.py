"""SQLite's integrity check of a database file, at open or (for a large file) just after.

``PRAGMA quick_check`` reads the whole file: about 0.6 s for 100 000 cases and 6–9 s for
1 000 000 on an office PC, and ``quick_check(N)`` only limits how many problems are
reported, not the reading. A file up to ``CHECK_AT_OPEN_BYTES`` is checked before it is
opened for work, as always; a larger one is opened at once and checked on a separate
read-only connection in the background while the window shows (``check_file``), and
the window closes with the damage explained when it finds any. The trade-off: for the
few seconds the check runs on a large file, a clerk can save into a file that turns out
to be damaged; the saves go through SQLite's journal like any other, and the window then
stops all work and points to the restore, as the check at open does.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

CHECK_AT_OPEN_BYTES = 8 * 1024 * 1024
"""About 2,000 cases (a bureau's first year): checked in under 50 ms before the window.
A larger file is checked beside the open window: at 10,000 cases (45 MB) the check took
200 ms of a 1.1 s start (issue 20), and it finds the same damage either way."""


def check_at_open(path: Path | None) -> bool:
    """Whether to check the file before opening it (small or new files, and servers)."""
    if path is None or not path.exists():
        return True
    return path.stat().st_size <= CHECK_AT_OPEN_BYTES


def check_file(path: Path) -> list[str]:
    """``PRAGMA quick_check`` on its own read-only connection: ["ok"] for a sound file.

    Safe to run in another thread: it shares nothing with the program's engine, and
    SQLite releases Python's lock while it reads.
    """
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        return [row[0] for row in connection.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as error:  # too damaged to be checked at all
        return [str(error)]
    finally:
        connection.close()
