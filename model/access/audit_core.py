"""The 操作记录's row changes for rows written with Core statements, as a flush makes them.

The ledger import (``model/ledger/register.py``) writes its cases a batch at a time with
executemany, past the ORM and so past ``audit``'s flush listener; it records them with
these, exactly as the flush would have (``tests/model/ledger/test_register.py`` compares
the two), and chains them with ``audit.append`` in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from operator import itemgetter
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Mapper, Session

from model import entities as e
from model.access.audit import (
    ACTOR_COLUMNS,
    ACTOR_KEY,
    REDACTED,
    PendingChange,
    implied_keys,
    table_name,
)
from model.access.audit_packing import plain_value


@cache
def _row_keys(entity: type) -> tuple[list[str], list[str], str | None]:
    """The recorded attribute names, the key's names, and the version counter's name."""
    mapper: Mapper[Any] = inspect(entity)
    keys = [attr.key for attr in mapper.column_attrs if attr.key not in REDACTED]
    primary = [mapper.get_property_by_column(column).key for column in mapper.primary_key]
    version = mapper.version_id_col
    counter = mapper.get_property_by_column(version).key if version is not None else None
    return keys, primary, counter


def inserted(session: Session, entity: type, row: dict[str, Any]) -> PendingChange:
    """The entry the flush would record for ``row`` (complete, with its id) inserted.

    For rows written with Core statements that must be recorded as the ORM's would be;
    the caller passes the changes to ``append`` in the same transaction. The values stay
    as the row has them: the record's encoder writes dates, enums and amounts as
    ``plain_value`` does (60,000 rows an import, each converted once, there).
    """
    table, recorded, values, key_of = _insert_shape(entity)
    after = dict(zip(recorded, values(row), strict=True))  # converted as the record writes it
    info = session.info
    return PendingChange(
        "insert",
        table,
        key_of(row),
        row["id"] if entity is e.Case else _row_case(row),
        {},
        after,
        info[ACTOR_KEY] if ACTOR_KEY in info else _row_actor(row),
    )


@cache
def _insert_shape(
    entity: type,
) -> tuple[str, tuple[str, ...], Callable[[dict[str, Any]], Any], Callable[[dict[str, Any]], str]]:
    """An inserted row's table, the attributes its entry records, what reads their values
    from a row (a complete one: every attribute there), and what spells its key."""
    keys, primary, _counter = _row_keys(entity)
    implied = implied_keys(entity)
    recorded = tuple(k for k in keys if k not in implied)
    read = itemgetter(*recorded)
    values = read if len(recorded) > 1 else partial(_one, read)
    return table_name(entity), recorded, values, partial(_key_text, itemgetter(*primary))


def _one(read: Callable[[dict[str, Any]], Any], row: dict[str, Any]) -> tuple[Any]:
    return (read(row),)


def _key_text(read: Callable[[dict[str, Any]], Any], row: dict[str, Any]) -> str:
    """A row's key as its entry spells it: the values joined by commas."""
    found = read(row)
    return ",".join(map(str, found)) if type(found) is tuple else str(found)


def _row_case(row: dict[str, Any]) -> int | None:
    """``_case_id`` for a plain row."""
    value = row.get("case_id")
    return int(value) if value is not None else None


def _row_actor(row: dict[str, Any]) -> int | None:
    """``_actor`` for a plain row: its first recorded-by column that is set."""
    for column in ACTOR_COLUMNS:
        value = row.get(column)
        if value is not None:
            return int(value)
    return None


def updated(
    session: Session, entity: type, old: dict[str, Any], new: dict[str, Any]
) -> PendingChange | None:
    """The entry the flush would record for a row changed from ``old`` to ``new``.

    Only the values that differ, as for an ORM update; the version counter, which the
    flush itself bumps, is not among them. None when nothing differs.
    """
    keys, primary, counter = _row_keys(entity)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for key in keys:
        was, now = old.get(key), new.get(key)
        if was is now or key == counter:
            continue  # the same value (most columns: the very object the row was made with)
        was, now = plain_value(was), plain_value(now)
        if was != now:
            before[key], after[key] = was, now
    if not after:
        return None
    info = session.info
    return PendingChange(
        action="update",
        entity=table_name(entity),
        entity_id=",".join(str(new[key]) for key in primary),
        case_id=new["id"] if entity is e.Case else _row_case(new),
        before=before,
        after=after,
        actor_id=info[ACTOR_KEY] if ACTOR_KEY in info else _row_actor(new),
    )
