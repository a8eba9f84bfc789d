"""The 期限事项 of a ledger written as rows: the window's own writers, the rows by Core.

The event writers (``add_period``, ``add_extension``, ``move_case``, ``record_closing``,
``add_imported_payment``) are called as the window calls them, but on a ``RowSink`` in
place of the session and on each case's row as a dict (``Fields``): what they add is
kept, in order, and written afterwards one executemany a table, the case rows with one
UPDATE each, and the audit record's entries made as the flush would have made them
(``audit_core``) — the first sheet's cases are written so too (model/ledger/register.py).
The ORM's flush of these objects was most of an event's cost (0.6 ms an event, measured).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from model.access import audit
from model.access.audit import ENTITY_LABELS
from model.access.audit_core import inserted, updated
from model.entities import Case, CaseGroup, Person, Team, table_of
from model.storage.bulk import Fields, RowWriter, complete, update_many

_CHUNK = 500
_ROSTER = frozenset({Team, CaseGroup, Person})  # not changed by an import


class RowSink:
    """Stands in for the session in the event writers: what they add is kept, in order.

    Reads (a team by id, the team of a track) go to the session, which holds nothing
    pending, so none of them flushes. A roster row got by id is kept: the session's
    identity map holds an object only while someone does, and each 移交 read its team
    again with a query.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.added: list[object] = []
        self._got: dict[tuple[type, Any], Any] = {}

    def add(self, obj: object) -> None:
        """Keep an object the writers made, to be written as a row."""
        self.added.append(obj)

    def get(self, entity: type, ident: Any, **options: Any) -> Any:
        """``Session.get``, each roster row (team, group, person) read once an import."""
        if entity not in _ROSTER or options:
            return self.session.get(entity, ident, **options)
        key = (entity, ident)
        if key not in self._got:
            self._got[key] = self.session.get(entity, ident)
        return self._got[key]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.session, name)

    def as_session(self) -> Session:
        """This sink where a writer's signature says session (it adds and reads only)."""
        return cast("Session", self)


class CaseRows:
    """The cases the events are written on: each row read once, changed in memory."""

    def __init__(self, session: Session, case_ids: list[int]) -> None:
        table = table_of(Case)
        self.before: dict[int, dict[str, Any]] = {}
        for offset in range(0, len(case_ids), _CHUNK):
            query = select(table).where(table.c.id.in_(case_ids[offset : offset + _CHUNK]))
            if session.get_bind().dialect.name == "postgresql":
                # nobody changes them before the UPDATE (SQLite: this transaction has
                # written already, so it holds the database's write lock)
                query = query.with_for_update()
            for row in session.connection().execute(query).mappings():
                self.before[row["id"]] = dict(row)
        self.now = {case_id: dict(row) for case_id, row in self.before.items()}

    def case(self, case_id: int) -> Case:
        """The case as the writers see it: its row, read and written as attributes."""
        return cast("Case", Fields(self.now[case_id]))

    def changed(self) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        """Each case's row as read and as it is now, its version moved on (a new history
        line moves it, as the flush's ``_bump_versions_of_cases_with_new_history`` does)."""
        for case_id, old in self.before.items():
            new = self.now[case_id]
            new["version"] = old["version"] + 1
            yield old, new


def write_rows(session: Session, sink: RowSink, cases: CaseRows) -> None:
    """Write what the writers added and the cases' new rows, and record them, in order."""
    writer = RowWriter(session)
    by_entity: dict[type, list[dict[str, Any]]] = {}
    in_order: list[tuple[type, dict[str, Any]]] = []
    for obj in sink.added:
        entity = type(obj)
        row = complete(entity, inspect(obj).dict)
        by_entity.setdefault(entity, []).append(row)
        in_order.append((entity, row))
    for entity, rows in by_entity.items():
        writer.give_ids(entity, rows)
    changes = [
        inserted(session, entity, row) for entity, row in in_order if entity in ENTITY_LABELS
    ]
    pairs = list(cases.changed())
    for old, new in pairs:
        change = updated(session, Case, old, new)
        if change is not None:
            changes.append(change)
    entries = audit.chain(session.connection(), [changes])  # packed meanwhile
    for entity, rows in by_entity.items():
        writer.insert(entity, rows)
    _update_cases(session, pairs)
    entries.write()


def _update_cases(session: Session, pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    """Each case's row as the events left it: one UPDATE a case, of the columns that moved.

    Cases that moved the same columns share one executemany: SQLite rewrites the entries
    of every index on a column the UPDATE sets, changed or not, and the cases table has
    twelve (the union of every case's columns made each UPDATE cost twice as much).
    """
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for old, new in pairs:
        moved = tuple(key for key in new if new[key] != old[key])
        by_columns.setdefault(moved, []).append({"id": new["id"], **{k: new[k] for k in moved}})
    connection = session.connection()
    for rows in by_columns.values():
        update_many(connection, table_of(Case), rows)  # locked: see CaseRows
