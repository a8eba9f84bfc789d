"""The 操作记录's entries as stored: one an action, packed (schema version 13 on).

Up to schema version 12 each changed row had an entry of its own: registering a case
wrote six or seven (the case, its parties, the triage, the assignment, …), each with
its own hash, timestamp and three index entries, about 2.9 KB of record a case. From
version 13 an entry holds every row one action changed on one case (action ``rows``):
its payload is the canonical JSON list of the row changes, ``[action, table, row,
before, after]`` each, kept in ``packed`` compressed with raw deflate (the standard
library's zlib), and ``before``/``after`` stay empty. The hash is computed over the JSON
text as if it stood in ``after``, so the chain is as strong as before; the record
drops to about 0.7 KB a case.

Readers see rows either way: ``row_changes`` turns an entry of either form into its
``RowChange``s.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from operator import attrgetter, methodcaller
from typing import Any

import orjson

GENESIS = "0" * 64
"""What the first entry's hash is computed over, in place of a previous entry's."""
GROUPED = "rows"
"""The action of an entry that holds an action's row changes."""

_WINDOW = -15  # raw deflate: no zlib header or checksum (the entry's hash covers it)
# Written with a 4 KB window (an action's rows are 1–3 KB of JSON) and little memory: as
# small as the full window and half the time, which is mostly setting the state up;
# read with the full window, which reads any window up to it.
_PACKING = (9, zlib.DEFLATED, -12, 5)


AS_IS = frozenset({str, int, float, bool, type(None)})


def plain_value(value: Any) -> Any:
    """A JSON-ready form of a column value."""
    kind = type(value)
    if kind in AS_IS:  # the common case first (an enum is a str subclass: not here)
        return value
    convert = _CONVERTERS.get(kind)
    if convert is None:
        convert = _CONVERTERS[kind] = _converter(value)
    return convert(value)


def _converter(value: Any) -> Callable[[Any], Any]:
    """How values of ``value``'s own type become JSON-ready (kept per type: an import
    converts a quarter of a million dates, enums and amounts)."""
    if isinstance(value, Enum):
        return attrgetter("value")
    if isinstance(value, (dt.date, dt.datetime)):
        return methodcaller("isoformat")
    if isinstance(value, Decimal):
        return str
    if isinstance(value, dict):
        return lambda mapping: {str(k): plain_value(v) for k, v in mapping.items()}
    if isinstance(value, (list, tuple)):
        return lambda items: [plain_value(v) for v in items]
    return _unchanged


def _unchanged(value: Any) -> Any:
    return value


_CONVERTERS: dict[type, Callable[[Any], Any]] = {}


# orjson writes dates, datetimes and enums as plain_value would (their isoformat, their
# value) and calls plain_value for the rest (amounts), so a row made for the record
# (``audit_core.inserted``) need not convert its values first. For strings, integers, None
# and mappings with string keys it spells exactly what ``json.dumps(sort_keys=True,
# ensure_ascii=False, separators=(",", ":"))`` does — every hash in the record is over an
# entry's fields so spelled, and tests/model/access/test_audit_packing.py holds the two to
# the same bytes — at about a third of the standard library's time (an import encodes
# 20,000 entries). A number as a key is written as text, sorted as text (json sorted it
# as a number): no recorded value has one, and a new entry's text is hashed as stored.
_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


def canonical_bytes(value: Any) -> bytes:
    """The one JSON spelling of a value, UTF-8 encoded: sorted keys, no spaces."""
    return orjson.dumps(value, default=plain_value, option=_OPTIONS)


def canonical(value: Any) -> str:
    """The one JSON spelling of a value: sorted keys, no spaces, UTF-8 kept."""
    return canonical_bytes(value).decode("utf-8")


@dataclass(frozen=True)
class RowChange:
    """One row inserted, updated or deleted, as the record holds it."""

    seq: int
    action: str  # insert / update / delete
    entity: str  # the table's name
    entity_id: str
    case_id: int | None
    before: dict[str, Any]
    after: dict[str, Any]
    actor_id: int | None = None  # the entry's: who made the change


def entry_hash(prev_hash: str, entry: dict[str, Any]) -> str:
    """sha256 of the previous hash and the entry's canonical JSON."""
    body = {key: entry[key] for key in _HASHED}
    at = body["at"]
    body["at"] = at.isoformat() if isinstance(at, dt.datetime) else str(at)
    return hashlib.sha256(prev_hash.encode("utf-8") + canonical_bytes(body)).hexdigest()


_HASHED = ("seq", "at", "actor_id", "action", "entity", "entity_id", "case_id", "before", "after")


def group_text(rows: list[tuple[str, str, str, dict[str, Any], dict[str, Any]]]) -> str:
    """The JSON an entry of many rows is hashed over: ``[action, table, row, before, after]``."""
    return canonical([list(row) for row in rows])


def pack(text: str) -> bytes:
    """``text`` compressed as stored in ``packed``."""
    squeezer = zlib.compressobj(*_PACKING)
    return squeezer.compress(text.encode("utf-8")) + squeezer.flush()


def unpack(packed: bytes) -> str:
    """The JSON text ``pack`` compressed."""
    return zlib.decompress(packed, _WINDOW).decode("utf-8")


def stored_after(after: str, packed: bytes | None) -> str:
    """What an entry's hash covers as its ``after``: the text, or the unpacked rows."""
    return unpack(packed) if packed is not None else after


def row_changes(entry: Any) -> list[RowChange]:
    """The rows an entry records, whichever form it was written in.

    ``entry`` is a mapping with the table's columns (``seq``, ``action``, ``entity``,
    ``entity_id``, ``case_id``, ``before``, ``after``, ``packed``; ``actor_id`` if known).
    """
    seq, case_id, actor = entry["seq"], entry["case_id"], entry.get("actor_id")
    if entry["action"] != GROUPED:
        before, after = entry["before"], entry["after"]
        return [
            RowChange(
                seq,
                entry["action"],
                entry["entity"],
                entry["entity_id"],
                case_id,
                json.loads(before) if before else {},
                json.loads(after) if after else {},
                actor,
            )
        ]
    rows = json.loads(stored_after(entry["after"], entry["packed"]))
    return [
        RowChange(seq, action, table, row, case_id, before, after, actor)
        for action, table, row, before, after in rows
    ]
