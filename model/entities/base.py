"""The declarative base and the column helpers every entity module shares."""

import datetime as dt
import time
from enum import Enum

from sqlalchemy import Enum as SqlEnum
from sqlalchemy import Table
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base of every table."""


def table_of(entity: type[Base]) -> Table:
    """An entity's Table (SQLAlchemy types ``__table__`` as any FROM clause)."""
    table = entity.__table__
    assert isinstance(table, Table)
    return table


def enum_column(enum_class: type[Enum]) -> SqlEnum:
    """Store an enum as its value (a short English word), checked by the database."""
    return SqlEnum(
        enum_class,
        native_enum=False,
        length=16,
        validate_strings=True,
        values_callable=lambda members: [member.value for member in members],
    )


def now() -> dt.datetime:
    """The current time to the second, as every recorded-at column stores it.

    Made once a second: a ledger import stamps 60,000 rows, and making each time afresh
    was a twentieth of it (measured).
    """
    global _now
    second = int(time.time())
    if _now[0] != second:
        _now = (second, dt.datetime.fromtimestamp(second))
    return _now[1]


_now: tuple[int, dt.datetime] = (0, dt.datetime.min)
