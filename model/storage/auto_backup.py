"""The automatic backup: after changes, at close, and at most daily while running.

The store counts its writing statements (``WriteCounter``, an engine hook); a backup is
due when that count moved since the last one (model/storage/backup.py writes it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sqlalchemy import Connection

from model.storage.backup import BackupInfo, _backup_files, make_backup
from model.storage.engine import writes


@dataclass
class WriteCounter:
    """How many writing statements ran; the automatic backup compares it."""

    count: int = 0
    backed_up: int = 0  # the count at the last automatic backup

    def seen(
        self,
        _conn: Connection,
        _cursor: object,
        statement: str,
        _parameters: object,
        _context: object,
        _executemany: bool,
    ) -> None:
        """The engine's after_cursor_execute hook."""
        if writes(statement):
            self.count += 1


class AutoBackedUp(Protocol):
    """What the automatic backup reads of an open store (model.storage.store.Store)."""

    @property
    def path(self) -> Path | None: ...

    @property
    def read_only(self) -> bool: ...

    @property
    def writes(self) -> WriteCounter: ...


def auto_backup_if_due(
    store: AutoBackedUp, *, closing: bool = False, now: dt.datetime | None = None
) -> BackupInfo | None:
    """The automatic backup: after changes, at close, and at most daily while running.

    Nothing happens when nothing was written since this store's last backup, for a
    read-only store, or for a server database.
    """
    database = store.path
    if database is None or store.read_only:
        return None
    if store.writes.count <= store.writes.backed_up:
        return None
    now = now or dt.datetime.now()
    if not closing:
        autos = [taken for _p, kind, taken in _backup_files(database) if kind == "auto"]
        if autos and now - autos[0] < dt.timedelta(days=1):
            return None
    info = make_backup(database, kind="auto", now=now)
    store.writes.backed_up = store.writes.count
    return info
