"""The grouped entries' rows, unpacked and sorted by table and row, for the replay.

``audit_rows`` replays the record table by table in row order, beside the table read
in the same order. An entry grouped by action (schema version 13) holds one case's rows
of several tables, so its rows are unpacked once into a scratch SQLite file of their own
(a temporary directory; SQLite sorts on disk, so a decade's record needs no more memory
than a page) rather than into the database, which ``audit-verify`` opens read-only.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, literal, select

from model import entities as e
from model.access.audit_packing import GROUPED, canonical, row_changes

Recorded = tuple[Any, int, str, str, str, int | None]
"""(row key, seq, action, after as JSON, row as written, case) of one row change."""


class UnpackedRows:
    """The rows of every grouped entry, by table; a context manager (removes its file)."""

    def __init__(self, connection: Connection) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="zt-audit-")
        self._db = sqlite3.connect(Path(self._folder.name) / "rows.sqlite")
        self._db.execute(
            "CREATE TABLE rows (entity TEXT, entity_id TEXT, seq INTEGER, action TEXT, "
            "case_id INTEGER, after TEXT)"
        )
        self.count = 0
        audit = e.AuditEntry.__table__
        grouped = (
            select(audit.c.seq, audit.c.case_id, audit.c.after, audit.c.packed)
            .where(audit.c.action == literal(GROUPED))
            .order_by(audit.c.seq)
        )
        compiled = grouped.compile(
            dialect=connection.dialect, compile_kwargs={"literal_binds": True}
        )
        cursor = connection.exec_driver_sql(str(compiled))
        while batch := cursor.fetchmany(2000):
            rows = [
                (
                    change.entity,
                    change.entity_id,
                    seq,
                    change.action,
                    case_id,
                    canonical(change.after) if change.after else "",
                )
                for seq, case_id, after, packed in batch
                for change in row_changes(
                    {
                        "seq": seq,
                        "action": GROUPED,
                        "case_id": case_id,
                        "after": after,
                        "packed": None if packed is None else bytes(packed),
                    }
                )
            ]
            self._db.executemany("INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?)", rows)
            self.count += len(rows)
        self._db.execute("CREATE INDEX ix_rows ON rows (entity, seq)")

    def of(self, table: str, by_number: bool) -> Iterator[Recorded]:
        """The row changes of ``table``, by row (as a number when ``by_number``) and seq."""
        key = "CAST(entity_id AS INTEGER)" if by_number else "entity_id"
        yield from self._db.execute(
            f"SELECT {key} AS k, seq, action, after, entity_id, case_id FROM rows "
            "WHERE entity = ? ORDER BY k, seq",
            (table,),
        )

    def close(self) -> None:
        """Remove the scratch file."""
        self._db.close()
        self._folder.cleanup()

    def __enter__(self) -> UnpackedRows:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
