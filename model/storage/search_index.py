"""The index behind the search box: substrings of case numbers and party names.

The deadlines list finds a typed fragment anywhere in 案号, 申请执行人 or 被执行人
(``LIKE '%…%'``), which no B-tree index answers: at 1,000,000 cases a rare name read
every row. Each database gets a trigram index over the three columns instead:

- SQLite: an FTS5 table with the ``trigram`` tokenizer (SQLite 3.34 and later) whose
  content is read from ``cases`` itself (through a view that ends each text with
  ``END``: the texts are not stored twice), kept in step by triggers on ``cases``, so
  every write path — the services, the ledger import's Core inserts, the generator —
  updates it in its own transaction; its vocabulary (``fts5vocab``) finds the trigrams
  a two-character fragment begins (schema version 14);
- PostgreSQL: a ``pg_trgm`` GIN index on each column, which answers ``LIKE`` itself.
  Where the server's user may not create the extension the indexes are left out and
  search reads every row as before (a warning is logged); a later start creates them
  once an administrator has run ``CREATE EXTENSION pg_trgm``.

``model.cases.search`` turns the typed text into a condition that uses them.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from sqlalchemy import Connection, text

log = logging.getLogger(__name__)

SEARCH_TABLE = "case_search"
SEARCHED_COLUMNS = ("number", "applicant_names", "respondent_names")
TRIGRAM_INDEXES = {column: f"ix_cases_trgm_{column}" for column in SEARCHED_COLUMNS}

SEARCH_SOURCE = "case_search_source"
SEARCH_VOCABULARY = "case_search_terms"
END = "\x1f"
"""Ends each indexed text (a control character no case number or name holds), so that
every two characters of a text are the start of one of its trigrams: a two-character
fragment is looked up as the trigrams that begin with it (``SEARCH_VOCABULARY``)."""

_COLUMNS = ", ".join(SEARCHED_COLUMNS)
_NEW = ", ".join(f"new.{column} || char(31)" for column in SEARCHED_COLUMNS)
_OLD = ", ".join(f"old.{column} || char(31)" for column in SEARCHED_COLUMNS)
# An external-content FTS5 table forgets a row by being told the values it indexed.
_FORGET = (
    f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rowid, {_COLUMNS}) "
    f"VALUES ('delete', old.id, {_OLD});"
)
_LEARN = f"INSERT INTO {SEARCH_TABLE} (rowid, {_COLUMNS}) VALUES (new.id, {_NEW});"
_ENDED = ", ".join(f"{column} || char(31) AS {column}" for column in SEARCHED_COLUMNS)
_TRIGGERS = ("insert", "delete", "update")

SQLITE_STATEMENTS = (
    # What the index holds: the three texts, each ended by END (a view: not stored twice)
    f"CREATE VIEW IF NOT EXISTS {SEARCH_SOURCE} AS SELECT id, {_ENDED} FROM cases",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_TABLE} USING fts5("
    f"{_COLUMNS}, content='{SEARCH_SOURCE}', content_rowid='id', tokenize='trigram')",
    # the index's trigrams, in order: the ones a two-character fragment begins
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {SEARCH_VOCABULARY} "
    f"USING fts5vocab({SEARCH_TABLE}, 'row')",
    f"CREATE TRIGGER IF NOT EXISTS {SEARCH_TABLE}_insert AFTER INSERT ON cases BEGIN {_LEARN} END",
    f"CREATE TRIGGER IF NOT EXISTS {SEARCH_TABLE}_delete AFTER DELETE ON cases BEGIN {_FORGET} END",
    # Only when a searched text changes: a case's status and dates change far more often.
    f"CREATE TRIGGER IF NOT EXISTS {SEARCH_TABLE}_update AFTER UPDATE OF id, {_COLUMNS} "
    f"ON cases BEGIN {_FORGET} {_LEARN} END",
)


def drop_search_index(connection: Connection) -> None:
    """The SQLite search index and everything that keeps it, removed (to be rebuilt)."""
    for trigger in _TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {SEARCH_TABLE}_{trigger}")
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {SEARCH_VOCABULARY}")
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")
    connection.exec_driver_sql(f"DROP VIEW IF EXISTS {SEARCH_SOURCE}")


def ensure_search_index(connection: Connection) -> bool:
    """The search index, created (and filled from the cases) where missing; False when
    this SQLite or this server cannot have it, and search reads every row as before.

    Cheap when it exists (one catalogue query), so it runs at every start: a file
    upgraded by a SQLite without the trigram tokenizer gets its index once a newer one
    opens it, a server once an administrator has added ``pg_trgm``.
    """
    if connection.dialect.name == "postgresql":
        return ensure_trigram_indexes(connection)
    if connection.dialect.name != "sqlite":
        return False
    if has_search_table(connection):
        return True
    options = set(connection.exec_driver_sql("PRAGMA compile_options").scalars())
    if sqlite3.sqlite_version_info < (3, 34) or "ENABLE_FTS5" not in options:
        log.warning(
            "SQLite %s has no FTS5 trigram tokenizer: search reads every row",
            sqlite3.sqlite_version,
        )
        return False
    for statement in SQLITE_STATEMENTS:
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql(f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}) VALUES ('rebuild')")
    return True


@contextmanager
def cases_indexed_at_end(connection: Connection) -> Iterator[None]:
    """SQLite: the cases inserted inside this block enter the search index in one statement
    at its end, instead of one by one through the insert trigger; elsewhere nothing changes.

    FTS5 writes its pending terms out at every statement's savepoint, so a trigger firing
    per row of an executemany made a segment per case: 10,000 cases of a ledger import took
    1.5–2 s to insert instead of 0.3 s, and one ``INSERT … SELECT`` indexes them in 0.05 s.
    The trigger is dropped and made again from its own stored SQL inside the caller's
    transaction, so no other connection ever sees the database without it (a rollback, a
    crash, brings it back with the rest). For bulk writers inside one transaction only:
    nothing in the block may search, update or delete cases.
    """
    trigger = f"{SEARCH_TABLE}_insert"
    sql = None
    if connection.dialect.name == "sqlite":
        sql = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (trigger,)
        ).scalar()
    if sql is None:  # PostgreSQL's GIN indexes keep themselves; an old SQLite has no index
        yield
        return
    top = connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM cases").scalar()
    connection.exec_driver_sql(f"DROP TRIGGER {trigger}")
    try:
        yield
    except BaseException:
        with suppress(Exception):  # the caller's rollback brings it back in any case
            connection.exec_driver_sql(sql)
        raise
    connection.exec_driver_sql(
        f"INSERT INTO {SEARCH_TABLE} (rowid, {_COLUMNS}) "
        f"SELECT id, {_NEW.replace('new.', '')} FROM cases WHERE id > ?",  # as the trigger would
        (top,),
    )
    connection.exec_driver_sql(sql)


def has_search_table(connection: Connection) -> bool:
    """True when this SQLite database has the search index."""
    found = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (SEARCH_TABLE,)
    )
    return found.first() is not None


def has_search_source(connection: Connection) -> bool:
    """True when the index reads its texts ended by ``END`` (schema version 14 on)."""
    found = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'view' AND name = ?", (SEARCH_SOURCE,)
    )
    return found.first() is not None


def check_search_index(connection: Connection) -> bool:
    """True when the SQLite search index holds exactly what ``cases`` holds."""
    try:
        connection.exec_driver_sql(
            f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rank) VALUES ('integrity-check', 1)"
        )
    except Exception:  # SQLite reports a mismatch as "database disk image is malformed"
        return False
    return True


def ensure_trigram_indexes(connection: Connection) -> bool:
    """PostgreSQL: the trigram indexes, created where missing; False when they cannot be.

    Cheap when they exist (one catalogue query), so it runs at every start: a server
    whose administrator adds ``pg_trgm`` later gets the indexes at the next start.
    """
    if connection.dialect.name != "postgresql":
        return True
    present = set(
        connection.execute(
            text(
                "SELECT indexname FROM pg_indexes "
                "WHERE schemaname = current_schema() AND tablename = 'cases'"
            )
        ).scalars()
    )
    missing = [c for c, name in TRIGRAM_INDEXES.items() if name not in present]
    if not missing:
        return True
    schema = _trigram_schema(connection)
    if schema is None:
        return False
    for column in missing:
        connection.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEXES[column]} ON cases "
            f'USING gin ({column} "{schema}".gin_trgm_ops)'
        )
    return True


def _trigram_schema(connection: Connection) -> str | None:
    """The schema ``pg_trgm`` lives in, installing it first if this user may; else None."""
    found = "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
    schema = connection.execute(text(found)).scalar()
    if schema is not None:
        return str(schema).strip('"')
    # Into public where allowed: an extension lives once per database, and the first
    # schema of the search path may be a private one that is dropped later.
    public = connection.execute(
        text(
            "SELECT has_schema_privilege(oid, 'CREATE') FROM pg_namespace WHERE nspname = 'public'"
        )
    ).scalar()
    where = " SCHEMA public" if public else ""
    try:
        with connection.begin_nested():
            connection.exec_driver_sql(f"CREATE EXTENSION IF NOT EXISTS pg_trgm{where}")
    except Exception as error:  # no right to create it, or not installed on the server
        log.warning("pg_trgm is not available, search reads every row: %s", error)
        return None
    schema = connection.execute(text(found)).scalar()
    return None if schema is None else str(schema).strip('"')
