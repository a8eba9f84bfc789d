"""Do the tables still say what the record says? Each audited row against its last entry.

The hash chain (``audit_chain.verify_chain``) proves the record itself was not rewritten; it
says nothing about a row changed with an SQLite tool behind the program's back. Here
the record is replayed table by table — an insert gives a row's values, each update
the values it changed, a delete removes it — and the result is compared with the
rows on disk, column by column. Every difference is reported: a value edited, a row
deleted, a row inserted that the record never saw.

Not compared: what the record does not hold (password hashes), the version counter,
and a case's clock (due dates, status and what goes with them), which the calendar
recomputes without a record line; ``check`` recomputes the clock from the events.
Rows older than the record (a database from before version 2 kept none) have no
entry: a row without any is taken as older when no row of its table with a smaller
id was recorded as inserted; any later row without an entry was inserted outside.

Streams each table in id order beside its entries sorted the same way, so 100 000
cases (about a million audited rows) are compared in constant memory.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Connection, Integer, Numeric, cast, inspect, literal, select
from sqlalchemy.orm import Mapper, Session, sessionmaker

from model import entities as e
from model.access.audit import ENTITY_LABELS, REDACTED, insert_state
from model.access.audit_packing import AS_IS, plain_value
from model.access.audit_unpacked import Recorded, UnpackedRows

# Derived from the events, rewritten by the calendar without a record line (check covers it).
_NOT_COMPARED: dict[str, frozenset[str]] = {
    "cases": frozenset(
        {
            "version",
            "due_date",
            "statutory_due_date",
            "status",
            "days_left_at_suspension",
            "closed_on",
            "closing_method",
        }
    ),
}
_MISSING = object()


@dataclass(frozen=True)
class RowDifference:
    """One place where a table and the record disagree."""

    table: str
    row: str  # the row's key as the record writes it
    column: str  # "" when the whole row is missing or unrecorded
    recorded: Any
    found: Any

    @property
    def message(self) -> str:
        """The difference in Chinese: table, row, column, recorded value, value found."""
        label = ENTITY_TABLE_LABELS.get(self.table, self.table)
        where = f"{label}（表 {self.table}）第 {self.row} 行"
        if self.column == "":
            return f"{where}：操作记录中为“{_shown(self.recorded)}”，表中为“{_shown(self.found)}”"
        return (
            f"{where} 字段 {self.column}：操作记录中为“{_shown(self.recorded)}”，"
            f"表中为“{_shown(self.found)}”"
        )


ENTITY_TABLE_LABELS = {cls.__tablename__: label for cls, label in ENTITY_LABELS.items()}
ROW_ABSENT = "（没有这一行）"
ROW_UNRECORDED = "（没有新增这一行的记录）"
ROW_DELETED = "（已删除）"


def _shown(value: Any) -> str:
    if value is None:
        return "空"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _same(recorded: Any, found: Any, numeric: bool) -> bool:
    if recorded == found:
        return True
    if numeric and recorded is not None and found is not None:
        try:  # 50000 recorded, 50000.00 stored: the same amount
            return Decimal(str(recorded)) == Decimal(str(found))
        except InvalidOperation:
            return False
    return False


def _recorded(
    connection: Connection, table: str, by_number: bool, unpacked: UnpackedRows | None
) -> Iterator[Recorded]:
    """Every recorded change of ``table``'s rows, by row key and seq, both forms merged."""
    audit = e.AuditEntry.__table__
    key = cast(audit.c.entity_id, Integer) if by_number else audit.c.entity_id
    query = (
        select(key, audit.c.seq, audit.c.action, audit.c.after, audit.c.entity_id, audit.c.case_id)
        .where(audit.c.entity == literal(table))
        .order_by(key, audit.c.seq)
    )
    compiled = query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
    cursor = connection.exec_driver_sql(str(compiled))
    stored: Iterator[Recorded] = (
        row for batch in iter(lambda: cursor.fetchmany(5000), []) for row in batch
    )
    if unpacked is None:
        return stored
    grouped = unpacked.of(table, by_number)
    if by_number:
        return heapq.merge(stored, grouped, key=lambda row: (row[0], row[1]))
    # text keys: the two databases may collate differently, and these tables are small
    return iter(sorted([*stored, *grouped], key=lambda row: (row[0], row[1])))


def _entries(
    connection: Connection, entity: type, by_number: bool, unpacked: UnpackedRows | None
) -> Iterator[tuple[Any, dict[str, Any]]]:
    """(key, replayed state) of every recorded row of ``table``, in key order.

    A state holds only what the record knows; ``None`` is a row the record deleted.
    Read as stored (no conversions): most rows have one entry, their insert.
    """
    table = entity.__tablename__  # type: ignore[attr-defined]
    loads = json.loads
    current: Any = _MISSING
    state: dict[str, Any] | None = None
    inserted = False
    for entity_id, _seq, action, after, written_id, case_id in _recorded(
        connection, table, by_number, unpacked
    ):
        if entity_id != current:
            if current is not _MISSING:
                yield current, {"state": state, "inserted": inserted}
            current, state, inserted = entity_id, {}, False
        if action == "delete":
            state = None
        elif action == "insert":
            payload = loads(after) if after else {}
            state, inserted = insert_state(entity, payload, written_id, case_id), True
        else:
            if state is None:
                state = {}
            state.update(loads(after) if after else {})
    if current is not _MISSING:
        yield current, {"state": state, "inserted": inserted}


def compare_table(
    connection: Connection, entity: type, unpacked: UnpackedRows | None = None
) -> Iterator[RowDifference]:
    """Every difference between ``entity``'s table and its replayed record.

    ``unpacked``: the rows of the entries grouped by action, where there are any.
    """
    mapper: Mapper[Any] = inspect(entity)
    table_name = entity.__tablename__  # type: ignore[attr-defined]
    skipped = REDACTED | _NOT_COMPARED.get(table_name, frozenset())
    columns = [attr.columns[0] for attr in mapper.column_attrs if attr.key not in skipped]
    numeric = {column.key for column in columns if isinstance(column.type, Numeric)}
    primary = list(mapper.primary_key)
    by_number = len(primary) == 1 and isinstance(primary[0].type, Integer)

    def key_of(row: Any) -> Any:
        if by_number:
            return row[primary[0].key]
        return ",".join(str(plain_value(row[column.key])) for column in primary)

    order = primary if by_number else []
    rows = connection.execute(select(*columns).order_by(*order).execution_options(yield_per=5000))
    names = [column.key for column in columns]
    found_rows: Iterator[dict[str, Any]] = (dict(zip(names, row, strict=True)) for row in rows)
    if entity is e.TriageDecision:
        found_rows = _with_criteria_texts(connection, found_rows)
    if not by_number:  # a few settings, criteria, holidays, team members: in memory
        recorded = dict(_entries(connection, entity, False, unpacked))
        seen: set[Any] = set()
        for row in found_rows:
            key = key_of(row)
            seen.add(key)
            yield from _compare_row(table_name, str(key), recorded.get(key), row, columns, numeric)
        for key, entry in recorded.items():
            if key not in seen and entry["state"] is not None:
                yield RowDifference(table_name, str(key), "", "（存在）", ROW_ABSENT)
        return
    yield from _merge(
        table_name,
        _entries(connection, entity, True, unpacked),
        found_rows,
        key_of,
        columns,
        numeric,
    )


def _with_criteria_texts(
    connection: Connection, rows: Iterator[dict[str, Any]]
) -> Iterator[dict[str, Any]]:
    """Each decision with the texts its version holds, as ``criteria_texts``.

    Entries written before schema version 11 carry the texts themselves; comparing
    them with the version the migration gave the decision checks both.
    """
    versions = e.table_of(e.CriteriaVersion)
    texts = dict(connection.execute(select(versions.c.id, versions.c.texts)).all())
    for row in rows:
        row["criteria_texts"] = texts.get(row.get("criteria_version_id"))
        yield row


def _merge(
    table: str,
    entries: Iterator[tuple[Any, dict[str, Any]]],
    rows: Iterator[dict[str, Any]],
    key_of: Any,
    columns: list[Any],
    numeric: set[str],
) -> Iterator[RowDifference]:
    """Walk the entries and the rows side by side, both in ascending id order."""
    entry = next(entries, None)
    row = next(rows, None)
    any_inserted = False  # a recorded insert with a smaller id: later rows need one too
    while entry is not None or row is not None:
        row_key = key_of(row) if row is not None else None
        if row is None or (entry is not None and entry[0] < row_key):
            assert entry is not None
            if entry[1]["state"] is not None:
                yield RowDifference(table, str(entry[0]), "", "（存在）", ROW_ABSENT)
            any_inserted = any_inserted or entry[1]["inserted"]
            entry = next(entries, None)
            continue
        if entry is not None and entry[0] == row_key:
            any_inserted = any_inserted or entry[1]["inserted"]
            yield from _compare_row(table, str(row_key), entry[1], row, columns, numeric)
            entry = next(entries, None)
        elif any_inserted:
            yield RowDifference(table, str(row_key), "", ROW_UNRECORDED, "（存在）")
        row = next(rows, None)


def _compare_row(
    table: str,
    key: str,
    entry: dict[str, Any] | None,
    row: dict[str, Any],
    columns: list[Any],
    numeric: set[str],
) -> Iterator[RowDifference]:
    if entry is None:
        return  # older than the record (small tables: no insert anywhere before it)
    state = entry["state"]
    if state is None:
        yield RowDifference(table, key, "", ROW_DELETED, "（存在）")
        return
    for name, recorded in state.items():
        if name not in row:
            continue  # not compared (derived, redacted) or no longer a column
        found = row[name]
        if type(found) not in AS_IS:
            found = plain_value(found)
        if recorded != found and not _same(recorded, found, name in numeric):
            yield RowDifference(table, key, name, recorded, found)


def compare_with_record(connection: Connection) -> Iterator[RowDifference]:
    """Every difference between the audited tables and the record, table by table."""
    with UnpackedRows(connection) as unpacked:
        for entity in ENTITY_LABELS:
            yield from compare_table(connection, entity, unpacked if unpacked.count else None)


def verify_rows(sessions: sessionmaker[Session]) -> list[RowDifference]:
    """``compare_with_record`` through a session factory (the command and the window)."""
    with sessions() as session:
        return list(compare_with_record(session.connection()))
