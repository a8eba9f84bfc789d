"""Where the program keeps its files on this computer: the default database, and beside it the log.

Imports nothing of the program, so the engine, the fault log and the command line can
all ask it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_FOLDER = "zhixing-tuandui"
DEFAULT_FILE = "cases.sqlite"


def default_database_path() -> Path:
    """The default database in the user's local data folder."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_FOLDER / DEFAULT_FILE
