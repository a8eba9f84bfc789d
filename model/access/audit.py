"""操作记录: every change to a case, the roster or a setting, chained by hashes.

The record is written from one place only: listeners on every ORM ``Session``. After
each flush one sees what the flush wrote (new, changed and deleted rows with their
attribute history); just before the transaction commits, another appends one entry
for each case the transaction changed (schema version 13 on; one per row before) to
``audit_entries`` in the same transaction, so a change and its record commit or roll
back together. How an entry is stored: ``audit_packing``.

Who did it comes from ``session.info["actor_id"]`` — services call ``acting_as`` — and
falls back to the rows' own recorded_by / decided_by / created_by columns; None is the
system (the command line, seeding). Each entry's hash is
``sha256(previous entry's hash + canonical JSON of the entry)``;
``audit_chain.verify_chain`` recomputes it and finds edited, deleted and reordered
entries. Entries written before schema version 11 also store the previous hash
(``prev_hash``), which is checked; later ones leave it empty, since their own hash
already commits to it.

What a row change holds (schema version 11 on): an insert the new row's values once,
without its id and case (the change's row number and the entry's ``case_id`` say them;
``insert_state`` puts them back); an update the changed columns only, old and new; a
delete the row's last values. Writes made with Core statements (the
clock refresh's bulk UPDATEs of derived due dates) do not pass the ORM and are not
recorded; they are recomputed from the recorded events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from typing import Any, NamedTuple, cast

from sqlalchemy import Connection, Integer, event, func, inspect, select
from sqlalchemy.orm import Mapper, Session

from model import entities as e
from model.access.audit_packing import (
    GENESIS,
    GROUPED,
    entry_hash,
    group_text,
    pack,
    plain_value,
)
from model.storage.bulk import insert_many

ACTOR_KEY = "actor_id"
# Advisory-lock key for PostgreSQL (any constant; "AUDT" in ASCII).
_PG_LOCK_KEY = 0x41554454

ENTITY_LABELS: dict[type[e.Base], str] = {
    e.Case: "案件",
    e.Party: "当事人",
    e.TriageDecision: "分流",
    e.Assignment: "分案",
    e.ExcludedPeriod: "扣除期间",
    e.Extension: "延长",
    e.Transfer: "移交",
    e.Closing: "结案",
    e.CoerciveMeasure: "强制措施",
    e.Payment: "执行到位款",
    e.PropertyCheck: "财产核查",
    e.Person: "人员",
    e.PersonAlias: "人员别名",
    e.Team: "团队",
    e.TeamMember: "团队成员",
    e.CaseGroup: "办案组",
    e.Setting: "设置",
    e.Criterion: "分流标准",
    e.CriteriaVersion: "分流标准版本",
    e.Holiday: "节假日",
    e.HolidayYear: "节假日年份",
    e.UserAccount: "登录账号",
    e.IssuedSheet: "报表存档",
}
"""The audited entities, with the word the record's reader sees for each."""
# Never copied into the record: a password hash does not belong in a printable log.
REDACTED = {"password_hash", "salt", "params"}
ACTOR_COLUMNS = (
    "recorded_by_id",
    "decided_by_id",
    "assigned_by_id",
    "created_by_id",
    "made_by_id",
)

clock: Callable[[], dt.datetime] = dt.datetime.now
"""The time stamped on entries; tests replace it."""


def acting_as(session: Session, actor_id: int | None) -> Session:
    """Name the person on whose behalf this session writes; returns the session."""
    session.info[ACTOR_KEY] = actor_id
    return session


def lock_chain(connection: Connection) -> None:
    """Serialise appenders so two writers never chain onto the same last entry.

    SQLite: the flush that triggers the append already holds the database's write lock.
    PostgreSQL: a transaction-scoped advisory lock, released at commit or rollback.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(_PG_LOCK_KEY)))


class PendingChange(NamedTuple):
    """One row change, as a flush (or a bulk writer) saw it; a tuple: made by the 100,000."""

    action: str
    entity: str
    entity_id: str
    case_id: int | None
    before: dict[str, Any]
    after: dict[str, Any]
    actor_id: int | None


def _columns(obj: object) -> list[str]:
    return [attr.key for attr in inspect(obj).mapper.column_attrs if attr.key not in REDACTED]


def _case_id(obj: object) -> int | None:
    if isinstance(obj, e.Case):
        return obj.id
    value = getattr(obj, "case_id", None)
    return int(value) if value is not None else None


def table_name(entity: type) -> str:
    """The table an audited entity lives in (every audited class is a mapped entity)."""
    return e.table_of(cast("type[e.Base]", entity)).name


def _actor(session: Session, obj: object) -> int | None:
    if ACTOR_KEY in session.info:
        actor: int | None = session.info[ACTOR_KEY]
        return actor
    for column in ACTOR_COLUMNS:
        value = getattr(obj, column, None)
        if value is not None:
            return int(value)
    return None


def _change(session: Session, obj: object, action: str) -> PendingChange | None:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    implied = implied_keys(state.mapper.class_) if action == "insert" else frozenset()
    for key in _columns(obj):
        if action == "insert":
            if key not in implied:
                after[key] = plain_value(state.dict.get(key))
        elif action == "delete":
            before[key] = plain_value(state.dict.get(key))
        else:
            history = state.attrs[key].history
            if history.added or history.deleted:
                old = plain_value(history.deleted[0]) if history.deleted else None
                new = plain_value(history.added[0]) if history.added else None
                if old != new:  # setting a value to what it was is no change
                    before[key], after[key] = old, new
    if action == "update" and before == after:
        return None
    identity = state.identity or inspect(obj).mapper.primary_key_from_instance(obj)
    return PendingChange(
        action=action,
        entity=table_name(type(obj)),
        entity_id=",".join(str(part) for part in identity),
        case_id=_case_id(obj),
        before=before,
        after=after,
        actor_id=_actor(session, obj),
    )


# --- what an insert's entry leaves out, and how readers put it back --------------------


@cache
def implied_keys(entity: type) -> frozenset[str]:
    """What an insert's entry leaves out because the entry itself says it.

    The row's number is the entry's ``entity_id`` and its case the entry's ``case_id``;
    writing them again in the payload cost some 25 bytes an entry (schema version 11).
    Readers put them back (``insert_state``).
    """
    mapper: Mapper[Any] = inspect(entity)
    keys = {attr.key for attr in mapper.column_attrs}
    implied = set()
    primary = list(mapper.primary_key)
    if len(primary) == 1 and isinstance(primary[0].type, Integer):
        implied.add(mapper.get_property_by_column(primary[0]).key)
    if "case_id" in keys and entity is not e.Case:
        implied.add("case_id")
    return frozenset(implied)


def insert_state(
    entity: type, payload: dict[str, Any], entity_id: str, case_id: int | None
) -> dict[str, Any]:
    """An insert's recorded values with what ``implied_keys`` left out put back."""
    implied = implied_keys(entity)
    state = dict(payload)
    for key in implied:
        if key == "case_id":
            state.setdefault(key, case_id)
        else:
            state.setdefault(key, int(entity_id))
    return state


_PENDING = "audit_changes_of_this_transaction"


def _after_flush(session: Session, _context: object) -> None:
    """Keep what the flush wrote, to be recorded when the transaction commits."""
    changes: list[PendingChange] = []
    for action, objects in (
        ("insert", session.new),
        ("update", session.dirty),
        ("delete", session.deleted),
    ):
        for obj in objects:
            if type(obj) in ENTITY_LABELS:
                change = _change(session, obj, action)
                if change is not None:
                    changes.append(change)
    if changes:
        session.info.setdefault(_PENDING, []).extend(changes)


def _before_commit(session: Session) -> None:
    """Record the transaction's changes, one entry a case, just before it commits.

    A service flushes several times in one action (registering a case: once for the
    case's id, once for the rest); recorded at commit, the action is one entry for
    each case it touched, not one for each flush.
    """
    session.flush()  # what is still unflushed belongs to this action too
    changes = session.info.pop(_PENDING, None)
    if changes:
        append(session.connection(), changes)


def _after_transaction_end(session: Session, transaction: object) -> None:
    """A rolled-back transaction's changes were never made: nothing of them is kept."""
    if getattr(transaction, "parent", None) is None:
        session.info.pop(_PENDING, None)


def append(connection: Connection, changes: Iterable[PendingChange]) -> None:
    """Chain the changes of one action (a flush, a ledger batch) onto the record.

    One entry for each case (and one for the changes outside any case) by each actor,
    in the order the changes came (``audit_packing``); inside the caller's transaction.
    """
    chain(connection, [changes]).write(moved_check=False)  # nothing came between


def append_actions(connection: Connection, actions: Iterable[Iterable[PendingChange]]) -> None:
    """``append`` for several actions in turn: each action's entries after the last's.

    For writers that replay many actions at once (the sample-data generator records a
    case's registration, each of its events and payments as the program would).
    """
    chain(connection, actions).write(moved_check=False)  # nothing came between


def chain(connection: Connection, actions: Iterable[Iterable[PendingChange]]) -> Chained:
    """The entries ``append_actions`` writes, hashed onto the chain; written by ``write``.

    Their packing runs meanwhile (``Chained``): a bulk writer chains a batch's changes,
    writes its other rows, then the entries.
    """
    groups: list[tuple[int | None, int | None, list[PendingChange]]] = []
    for changes in actions:
        by_key: dict[tuple[int | None, int | None], list[PendingChange]] = {}
        for change in changes:
            key = (change.case_id, change.actor_id)
            if key not in by_key:
                by_key[key] = []
                groups.append((*key, by_key[key]))
            by_key[key].append(change)
    if not groups:
        return Chained(connection, [], [], None)
    lock_chain(connection)
    last = _last_entry(connection)
    seq, prev = last if last is not None else (0, GENESIS)
    at = clock().replace(microsecond=0)
    rows = []
    texts = []
    for case_id, actor_id, group in groups:
        seq += 1
        text = group_text([(c.action, c.entity, c.entity_id, c.before, c.after) for c in group])
        row: dict[str, Any] = {
            "seq": seq,
            "at": at,
            "actor_id": actor_id,
            "action": GROUPED,
            "entity": "",
            "entity_id": "",
            "case_id": case_id,
            "before": "",
            "after": text,
            "prev_hash": "",  # the link is in the hash (computed over prev); see verify_chain
        }
        row["hash"] = prev = entry_hash(prev, row)
        row["after"] = ""
        rows.append(row)
        texts.append(text)
    return Chained(connection, rows, texts, last)


def _last_entry(connection: Connection) -> tuple[int, str] | None:
    """The record's last entry's (seq, hash), or None for an empty record."""
    table = e.table_of(e.AuditEntry)
    last = connection.execute(
        select(table.c.seq, table.c.hash).order_by(table.c.seq.desc()).limit(1)
    ).first()
    return (last[0], last[1]) if last is not None else None


class Chained:
    """Entries hashed onto the chain and being packed; ``write`` inserts them.

    The packing (raw deflate: a tenth of a ledger import) runs on a thread of its own,
    for batches worth it, while the caller writes its other rows: zlib and SQLite both
    let go of Python's lock while they work, so the two go on side by side. Nothing
    may append to the record between ``chain`` and ``write`` (``write`` checks).
    """

    def __init__(
        self,
        connection: Connection,
        rows: list[dict[str, Any]],
        texts: list[str],
        base: tuple[int, str] | None,
    ) -> None:
        self._connection = connection
        self._rows = rows
        self._base = base  # the entry they are chained onto
        self._packed: Future[list[bytes]] | list[bytes] = []
        if len(texts) >= _PACKED_APART:
            try:
                self._packed = _packer().submit(_pack_all, texts)
            except RuntimeError:  # the interpreter is shutting down: no new threads
                self._packed = _pack_all(texts)
        elif texts:
            self._packed = _pack_all(texts)

    def write(self, moved_check: bool = True) -> None:
        """Insert the entries, packed (once); ``moved_check``: first make sure the record's
        last entry is still the one they were chained onto (a query)."""
        packed = self._packed
        if not self._rows:
            return
        if moved_check and _last_entry(self._connection) != self._base:
            raise RuntimeError("the 操作记录 moved on between chaining entries and writing them")
        done = packed.result() if isinstance(packed, Future) else packed
        for row, entry in zip(self._rows, done, strict=True):
            row["packed"] = entry
        insert_many(self._connection, e.table_of(e.AuditEntry), self._rows)
        self._rows = []


_PACKED_APART = 100  # entries: fewer are packed at once (a flush's one or two)


def _pack_all(texts: list[str]) -> list[bytes]:
    return [pack(text) for text in texts]


@cache
def _packer() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="audit-pack")


event.listen(Session, "after_flush", _after_flush)
event.listen(Session, "before_commit", _before_commit)
event.listen(Session, "after_transaction_end", _after_transaction_end)
