"""The integrity check of a large database, run in the background after the window shows.

See model/storage/integrity.py for why and for the trade-off. When the check finds damage the
window says so (the same words as the check at open) and closes, so no more work goes
into the file; the closing backup is skipped, so a damaged file is never kept as a backup.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox

from model.storage.engine import damaged_message
from model.storage.integrity import check_file

RESTORE_HINT = "\n\n请在重新启动后通过“数据 → 备份与恢复”从最近的完好备份恢复。"

# The check waits this long after the window shows: started at once it read the file
# (SQLite's quick_check, seconds at 100k cases) while the window built its first tabs, and
# on a busy 2-core PC took their processor time — the start at 100k took 160 ms longer
# (median of 5, measured beside the same start without the check, issue 20).
START_DELAY_MS = 3000


class IntegrityWatch(QObject):
    """Checks one file on a worker thread; ``finished`` carries SQLite's findings."""

    finished = Signal(list)

    def __init__(self, path: Path, window: QMainWindow) -> None:
        """Check ``path`` for ``window``, which closes if the file is damaged."""
        super().__init__(window)
        self.path = path
        self.window = window
        self.damaged = False
        self.findings: list[str] | None = None
        self.finished.connect(self._report)

    def start(self) -> None:
        """Begin the check; the window keeps answering while it runs."""
        threading.Thread(target=self._run, name="integrity-check", daemon=True).start()

    def start_soon(self, delay_ms: int = START_DELAY_MS) -> None:
        """Begin the check once the window's first screen is up (``delay_ms`` from now)."""
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(self.start)
        timer.start(delay_ms)

    def _run(self) -> None:
        try:
            findings = check_file(self.path)
        except sqlite3.DatabaseError as error:
            findings = [str(error)]
        self.finished.emit(findings)  # queued to the window's thread

    def _report(self, findings: list[str]) -> None:
        self.findings = findings
        if findings == ["ok"]:
            return
        self.damaged = True
        QMessageBox.critical(
            self.window,
            self.window.windowTitle(),
            damaged_message(f"sqlite:///{self.path}", findings) + RESTORE_HINT,
        )
        self.window.close()
