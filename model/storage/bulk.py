"""Many new rows at once with Core executemany, as the ORM would have written them.

The ledger import writes tens of thousands of rows in one transaction; through the
ORM's unit of work each costs about 150 µs (and SQLite's RETURNING gives no row order,
so the ORM inserts one by one unless given ids). Here a row is a plain dict by mapped
attribute name: ``complete`` fills in what the ORM would (each column's Python-side
default, else None), ``RowWriter`` gives the ids before the INSERT — on SQLite the
largest id plus one, as SQLite itself would; on PostgreSQL taken from the column's
sequence — and sends one executemany per table. The rows are built generically from
the mapped columns, so a column added to an entity is carried without a change here.
The caller appends the audit record's entries (``model.access.audit_core.inserted``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from functools import cache, lru_cache, partial
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    Table,
    bindparam,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapper, Session
from sqlalchemy.sql.schema import CallableColumnDefault, ScalarElementColumnDefault


@cache
def _columns(entity: type) -> list[tuple[str, Column[Any]]]:
    """(attribute name, column) of every mapped column of ``entity``, in mapper order."""
    mapper: Mapper[Any] = inspect(entity)
    return [(attr.key, attr.columns[0]) for attr in mapper.column_attrs]  # type: ignore[misc]  # column_attrs are ColumnProperty; columns[0] is their Column


def _no_default() -> None:
    return None


def _constant(value: Any) -> Any:
    return value


@cache
def _defaults(entity: type) -> list[tuple[str, Callable[[], Any]]]:
    """(attribute name, what gives its value when none is given) of each mapped column."""
    version: Column[Any] | None = inspect(entity).version_id_col
    found: list[tuple[str, Callable[[], Any]]] = []
    for key, column in _columns(entity):
        default = column.default
        if column is version:
            found.append((key, partial(_constant, 1)))  # the ORM numbers a new row's version 1
        elif default is None or column.server_default is not None:
            found.append((key, _no_default))
        elif isinstance(default, CallableColumnDefault):
            # The ORM calls a Python default with its execution context; ours ignore it.
            found.append((key, partial(default.arg, None)))  # type: ignore[arg-type]
        elif isinstance(default, ScalarElementColumnDefault):
            found.append((key, partial(_constant, default.arg)))
        else:
            found.append((key, _no_default))
    return found


def complete(entity: type, values: Mapping[str, Any]) -> dict[str, Any]:
    """A full row of ``entity``: every mapped attribute, as the ORM would insert it.

    A value given is kept; a missing one gets the column's Python-side default (called
    once per row, like the ORM's ``_now``), or None. A version counter starts at 1.
    """
    blank, called = _blank(entity)
    row = blank.copy()  # the constant defaults, in column order
    row.update(values)
    if len(row) != len(blank):  # something given that is not a column: left out
        row = {key: row[key] for key in blank}
    for key, default in called:
        if key not in values:
            row[key] = default()
    return row


@cache
def _blank(entity: type) -> tuple[dict[str, Any], list[tuple[str, Callable[[], Any]]]]:
    """A row of ``entity``'s constant defaults, and the defaults called afresh for each row."""
    blank: dict[str, Any] = {}
    called: list[tuple[str, Callable[[], Any]]] = []
    for key, default in _defaults(entity):
        if isinstance(default, partial) and default.func is not _constant:
            blank[key] = None
            called.append((key, default))
        else:
            blank[key] = default()
    return blank, called


class Fields:
    """A row dict read and written as attributes, for code written for an entity object.

    The ledger import's event writers read and set a case's row so
    (model/ledger/event_rows.py), and the sample data its history lines' clock
    (``clock_note``).
    """

    def __init__(self, values: dict[str, Any]) -> None:
        object.__setattr__(self, "values", values)

    def __getattr__(self, key: str) -> Any:
        try:
            return self.values[key]
        except KeyError:
            raise AttributeError(key) from None

    def __setattr__(self, key: str, value: Any) -> None:
        self.values[key] = value


class RowWriter:
    """Ids before the INSERT and one executemany per table, inside the session's transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.sqlite = session.get_bind().dialect.name == "sqlite"
        self._next: dict[type, int] = {}  # SQLite: the next id of each table

    def reserve(self, entity: type, count: int) -> list[int]:
        """``count`` new ids of ``entity``'s single ``id`` key, ascending."""
        if count == 0:
            return []
        column: Column[Any] = inspect(entity).primary_key[0]
        if self.sqlite:
            if entity not in self._next:
                top = self.session.execute(select(func.max(column))).scalar()
                self._next[entity] = (top or 0) + 1
            first = self._next[entity]
            self._next[entity] = first + count
            return list(range(first, first + count))
        ids = self.session.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence(:table, :column)) AS id"
                " FROM generate_series(1, :count)"
            ),
            {"table": column.table.name, "column": column.name, "count": count},
        ).scalars()
        return sorted(ids)

    def give_ids(self, entity: type, rows: Sequence[dict[str, Any]]) -> None:
        """Set ``id`` on each row, in order."""
        for row, new_id in zip(rows, self.reserve(entity, len(rows)), strict=True):
            row["id"] = new_id

    def insert(self, entity: type, rows: Sequence[Mapping[str, Any]]) -> None:
        """One executemany of complete rows (attribute names) into ``entity``'s table."""
        if not rows:
            return
        names = [
            (key, column.key)
            for key, column in _columns(entity)
            # left to the database, as the ORM leaves a column it was given no value for
            if not (column.server_default is not None or column.computed is not None)
            or any(row[key] is not None for row in rows)
        ]
        if len(names) == len(rows[0]) and all(key == name for key, name in names):
            params: Sequence[Mapping[str, Any]] = rows
        else:
            params = [{name: row[key] for key, name in names} for row in rows]
        insert_many(self.session.connection(), inspect(entity).local_table, params)


def insert_many(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """One INSERT of many rows, each keyed by column key (every row the same keys).

    On SQLite the values go straight to the driver's executemany, each converted by its
    column type's own bind processor — what SQLAlchemy would send, without its per-row
    parameter handling, which is most of the cost; elsewhere a Core executemany.
    """
    if not rows:
        return
    dialect = connection.dialect
    if dialect.name != "sqlite":
        connection.execute(insert(table), list(rows))
        return
    statement, order, processors = _prepared(table, tuple(rows[0]), dialect)
    connection.exec_driver_sql(statement, _positional(rows, order, processors))


def update_many(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """One UPDATE … WHERE id = ? of many rows, each keyed by column key, ``id`` among them
    (every row the same keys): each row's other columns set. As ``insert_many``."""
    if not rows:
        return
    dialect = connection.dialect
    keys = tuple(key for key in rows[0] if key != "id")
    if not keys:
        return  # nothing to set
    if dialect.name != "sqlite":
        statement = _update(table, keys)
        params = [{"row_id": row["id"], **{f"new_{k}": row[k] for k in keys}} for row in rows]
        connection.execute(statement, params)
        return
    sql, order, processors = _prepared_update(table, keys, dialect)
    order = ["id" if name == "row_id" else name.removeprefix("new_") for name in order]
    connection.exec_driver_sql(sql, _positional(rows, order, processors))


def _update(table: Table, keys: tuple[str, ...]) -> Any:
    return (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values({key: bindparam(f"new_{key}") for key in keys})
    )


Convert = Callable[[Sequence[Any]], list[Any]]
"""A column's values as the driver is given them (its type's bind processor on each)."""


def _positional(
    rows: Sequence[Mapping[str, Any]], order: Sequence[str], converters: Sequence[Convert | None]
) -> list[tuple[Any, ...]]:
    """The rows' values in the statement's order, each converted by its bind processor."""
    columns = []
    for key, convert in zip(order, converters, strict=True):
        column = [row[key] for row in rows]
        columns.append(column if convert is None else convert(column))
    return list(zip(*columns, strict=True))


@lru_cache(maxsize=256)
def _prepared(
    table: Table, keys: tuple[str, ...], dialect: Dialect
) -> tuple[str, list[str], Sequence[Convert | None]]:
    """The INSERT's SQL, its parameters' order and their bind processors, made once.

    Compiling the statement took about 0.5 ms, paid at every call: the ledger import's
    期限事项 rows flush a few rows at a time, each flush appending audit entries and
    clock spans through here (2,000 calls for 675 events).
    """
    statement = insert(table).values({key: bindparam(key) for key in keys})
    return _compiled(statement, dialect, lambda name: table.c[name].type)


@lru_cache(maxsize=64)
def _prepared_update(
    table: Table, keys: tuple[str, ...], dialect: Dialect
) -> tuple[str, list[str], Sequence[Convert | None]]:
    """``_prepared`` for ``update_many``'s statement (parameters ``row_id``, ``new_…``)."""
    return _compiled(
        _update(table, keys),
        dialect,
        lambda name: table.c["id" if name == "row_id" else name.removeprefix("new_")].type,
    )


def _compiled(
    statement: Any, dialect: Dialect, type_of: Callable[[str], Any]
) -> tuple[str, list[str], Sequence[Convert | None]]:
    compiled = statement.compile(dialect=dialect)
    order = list(compiled.positiontup or [])
    converters = [
        _converter(dialect.type_descriptor(type_of(name)).bind_processor(dialect)) for name in order
    ]
    return compiled.string, order, converters


_SAMPLES = (
    dt.date(2026, 1, 2),
    dt.datetime(2026, 11, 30, 1, 2, 3),
    dt.datetime(2026, 11, 30, 1, 2, 3, 45),
    None,
)


def _converter(process: Callable[[Any], Any] | None) -> Convert | None:
    """A column's converter: its bind processor on each value, a date's done faster.

    SQLAlchemy's SQLite date and datetime processors format each value with
    ``%``-formatting in Python (a fifth of an import's executemany time, measured);
    ``isoformat`` spells the same text, and is called once for each distinct value (an
    import's rows share a few hundred filing days and one time a second). Used only
    where it gives exactly the processor's text for plain dates and datetimes; anything
    else (a time zone, a datetime in a date column) goes to the processor.
    """
    if process is None:
        return None
    for fast in (_date_text, _datetime_text):
        try:
            if all(fast(value, process) == process(value) for value in _SAMPLES):
                return partial(_each_distinct, partial(fast, process=process))
        except Exception:  # a probe: any other column type's processor may refuse them
            continue
    return partial(_each, process)


def _each(process: Callable[[Any], Any], values: Sequence[Any]) -> list[Any]:
    return list(map(process, values))


def _each_distinct(process: Callable[[Any], Any], values: Sequence[Any]) -> list[Any]:
    """``_each`` for a date column's values: each distinct one converted once.

    Keyed by type and time zone too: an aware datetime equals the same instant in another
    zone, and a date subclass its date, yet each is written as itself.
    """
    keys = [(type(value), value, getattr(value, "tzinfo", None)) for value in values]
    done = {key: process(key[1]) for key in set(keys)}
    return [done[key] for key in keys]


def _date_text(value: Any, process: Callable[[Any], Any]) -> Any:
    if type(value) is dt.date:
        return value.isoformat()
    return process(value)


def _datetime_text(value: Any, process: Callable[[Any], Any]) -> Any:
    if type(value) is dt.datetime and value.tzinfo is None:
        return value.isoformat(" ", "microseconds")
    return process(value)


def reset_id_sequences(connection: Connection, metadata: MetaData) -> None:
    """PostgreSQL: each serial id continues after the largest id in its table.

    Rows inserted with their ids given (a copy, a generated benchmark database) leave
    the sequences where they were, and the next save would collide with id 1. SQLite
    needs nothing: it takes the largest id plus one itself.
    """
    if connection.dialect.name != "postgresql":
        return
    for table in metadata.sorted_tables:
        for column in table.primary_key.columns:
            if isinstance(column.type, Integer) and column.autoincrement in (True, "auto"):
                connection.execute(
                    text(
                        "SELECT setval(pg_get_serial_sequence(:t, :c), "
                        f"coalesce((SELECT max({column.name}) FROM {table.name}), 0) + 1, false)"
                    ),
                    {"t": table.name, "c": column.name},
                )


BULK_TABLES = (
    "cases",
    "parties",
    "triage_decisions",
    "assignments",
    "clock_spans",
    "excluded_periods",
    "extensions",
    "transfers",
    "closings",
    "payments",
    "property_checks",
    "history",
    "audit_entries",
)
"""The tables a ledger import or a generated database fills by the thousand."""
BULK_ANALYSE_FROM = 1000
"""From this many rows written at once, the planner's statistics are refreshed."""


def refresh_statistics(connection: Connection, rows: int) -> None:
    """After ``rows`` were written in bulk: PostgreSQL's planner statistics brought up to date.

    Its autovacuum analyses a table only a while after the write; until then the planner
    takes a just-filled table for the empty one it last saw, and the weekly sheet over
    100,000 just-imported cases ran for minutes (nested loops) instead of a second.
    SQLite needs nothing here: ``PRAGMA optimize`` runs as its connections close.
    """
    if connection.dialect.name != "postgresql" or rows < BULK_ANALYSE_FROM:
        return
    present = set(inspect(connection).get_table_names())
    for name in BULK_TABLES:
        if name in present:
            connection.exec_driver_sql(f"ANALYZE {name}")
