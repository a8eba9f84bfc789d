"""Has another PC changed the data? A counter every writing transaction bumps.

One row in ``data_version`` counts the transactions that wrote anything. Each store
bumps it on commit (through the engine's commit hook, so no service has to remember)
and counts its own bumps; a window polls ``others_changed()`` every few seconds and
reloads its tabs when the counter moved further than its own commits explain. The
same SQL works on SQLite (several windows on one file) and PostgreSQL (several PCs).
"""

from __future__ import annotations

import threading

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.exc import SQLAlchemyError

from model.storage.faults import ServerUnreachableError, is_connection_lost, unreachable_message

COUNTER_TABLE = "data_version"
_BUMP = f"UPDATE {COUNTER_TABLE} SET counter = counter + 1 WHERE id = 1"
_WROTE = "zt_wrote"
_WRITES = ("INSERT", "UPDATE", "DELETE")


def ensure_counter(connection: Connection) -> None:
    """Create the counter table and its one row where missing (every upgrade runs this)."""
    connection.execute(
        text(
            f"CREATE TABLE IF NOT EXISTS {COUNTER_TABLE} "
            "(id INTEGER PRIMARY KEY, counter BIGINT NOT NULL)"
        )
    )
    if connection.execute(text(f"SELECT count(*) FROM {COUNTER_TABLE}")).scalar_one() == 0:
        connection.execute(text(f"INSERT INTO {COUNTER_TABLE} (id, counter) VALUES (1, 0)"))


class ChangeTracker:
    """Bumps the counter on each writing commit of ``engine``; tells others' changes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._own = 0  # our bumps since the last poll
        self._lock = threading.Lock()
        event.listen(engine, "after_cursor_execute", self._seen)
        event.listen(engine, "commit", self._committing)
        event.listen(engine, "rollback", self._rolled_back)
        self._last = self.read()

    def _seen(
        self,
        conn: Connection,
        _cursor: object,
        statement: str,
        _parameters: object,
        _context: object,
        _executemany: bool,
    ) -> None:
        if statement.lstrip()[:6].upper() in _WRITES:
            conn.info[_WROTE] = True

    def _committing(self, conn: Connection) -> None:
        # Runs just before the driver's COMMIT, inside the same transaction: the bump
        # is committed together with the change, or not at all.
        if not conn.info.pop(_WROTE, False):
            return
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]  # an open connection always has its DB-API connection
        try:
            cursor.execute(_BUMP)
        finally:
            cursor.close()
        with self._lock:
            self._own += 1

    def _rolled_back(self, conn: Connection) -> None:
        conn.info.pop(_WROTE, None)

    def read(self) -> int | None:
        """The counter now; None where the database has none (an old read-only file).

        A server (or connection) that is gone raises ``ServerUnreachableError``: the
        window must say so, not carry on as if nobody had saved anything.
        """
        try:
            with self.engine.connect() as connection:
                return connection.execute(text(f"SELECT counter FROM {COUNTER_TABLE}")).scalar()
        except SQLAlchemyError as error:
            if is_connection_lost(error):
                raise ServerUnreachableError(unreachable_message()) from error
            return None

    def others_changed(self) -> bool:
        """True when someone else committed a change since the last call."""
        now = self.read()
        with self._lock:
            own, self._own = self._own, 0
        last, self._last = self._last, now
        if now is None or last is None:
            return False
        return now - last > own
