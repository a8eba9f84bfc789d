"""The search box's condition: a typed fragment of a case number or a party's name.

What it finds is defined by ``LIKE '%fragment%'`` on 案号, 申请执行人 and 被执行人 (so
``%`` and ``_`` typed by the user stay LIKE's wildcards, as they always were). On
SQLite the trigram index of ``model.storage.search_index`` first narrows the cases to
those holding every run of three or more literal characters of the fragment — a
superset of the LIKE's answer, since the index folds case at least as widely as LIKE
does — and the LIKE then decides, so the result is exactly the LIKE's. A fragment
whose longest run is two characters (a given name, 张伟) is looked up as the trigrams
that begin with it (``pair_query``). A single character (a surname like 王), and common
fragments (``CANDIDATE_LIMIT``, ``MAX_TERMS``), are answered by the LIKE alone, walking
the list's order until a page is full. On PostgreSQL
the ``pg_trgm`` indexes serve the LIKE itself.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Boolean, ColumnElement, and_, false, literal, or_, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from model.entities import Case
from model.storage.search_index import (
    SEARCH_TABLE,
    SEARCH_VOCABULARY,
    has_search_source,
    has_search_table,
)

TRIGRAM = 3  # the shortest run the trigram index can look up
PAIR = 2  # a two-character run: looked up as the trigrams it begins
MAX_TERMS = 300
"""A pair that begins more trigrams than this is common (白山, 有限): the LIKE alone."""
NOTHING = ""
"""``narrows``' answer for a fragment the index proves no case holds."""


def _runs(fragment: str) -> list[str]:
    """The literal runs of ``fragment``: split at LIKE's own wildcards ``%`` and ``_``."""
    return re.split(r"[%_]", fragment)


def _phrase(run: str) -> str:
    return '"' + run.replace('"', '""') + '"'


def index_query(fragment: str) -> str | None:
    """The FTS5 query for ``fragment``'s literal runs, each a quoted phrase; None if too short.

    Inside double quotes FTS5 reads every character literally (``"`` doubled), so
    ``AND``, ``*``, ``-`` or ``:`` typed by the user are searched for, never obeyed.
    """
    runs = [run for run in _runs(fragment) if len(run) >= TRIGRAM]
    if not runs:
        return None
    return " AND ".join(_phrase(run) for run in runs)


def _folds_plainly(run: str) -> bool:
    """True when the index's case folding of ``run`` is Python's ``lower()``: ASCII
    letters, and characters without case (汉字, digits, punctuation)."""
    return all(char.isascii() or char.lower() == char.upper() for char in run)


def pair_query(session: Session, fragment: str) -> str | None:
    """The FTS5 query for a fragment whose longest runs are two characters; None when the
    LIKE alone must answer, ``NOTHING`` when no case holds it.

    Every text in the index ends with ``END``, so each two characters of it begin one of
    its trigrams: the pair is looked up as all the trigrams in the index's vocabulary
    that begin with it (read fresh each time — a case saved since adds its own).
    """
    pairs = [run for run in _runs(fragment) if len(run) == PAIR]
    if not pairs or not all(_folds_plainly(pair) for pair in pairs):
        return None
    connection = session.connection()
    if not (has_search_table(connection) and has_search_source(connection)):
        return None
    groups = []
    for pair in pairs:
        folded = pair.lower()
        terms = session.execute(
            text(
                f"SELECT term FROM {SEARCH_VOCABULARY} WHERE term >= :low AND term < :high "
                f"LIMIT {MAX_TERMS + 1}"
            ),
            {"low": folded, "high": folded + "\U0010ffff"},
        ).scalars()
        found = list(terms)
        if not found:
            return NOTHING
        if len(found) > MAX_TERMS:
            return None
        groups.append("(" + " OR ".join(_phrase(term) for term in found) + ")")
    return " AND ".join(groups)


class _IndexedCandidates(FunctionElement[bool]):
    """``case_id IN (the rowids the search index matches)``; true where there is no index."""

    type = Boolean()
    inherit_cache = True
    # A condition, not a value: without this SQLite would get "… IN (…) = 1", which
    # hides the IN from the planner and scans every case.
    _is_implicitly_boolean = True
    name = "indexed_candidates"


@compiles(_IndexedCandidates, "sqlite")
def _sqlite_candidates(element: _IndexedCandidates, compiler: SQLCompiler, **kw: Any) -> str:
    case_id, query = list(element.clauses)
    return (
        f"{compiler.process(case_id, **kw)} IN (SELECT rowid FROM {SEARCH_TABLE} "
        f"WHERE {SEARCH_TABLE} MATCH {compiler.process(query, **kw)})"
    )


@compiles(_IndexedCandidates)
def _no_candidates(element: _IndexedCandidates, compiler: SQLCompiler, **kw: Any) -> str:
    return "1 = 1"  # not used there (``narrows``): PostgreSQL's trigram indexes serve the LIKE


CANDIDATE_LIMIT = 5_000
"""Above this many candidates the index is not used: a common fragment (有限公司) fills a
page within a few hundred cases of the urgency order, while reading and sorting every
candidate would take a second at 1,000,000 cases."""

_selective: dict[tuple[str, ...], bool] = {}  # (database, FTS query) → few candidates


def narrows(session: Session | None, fragment: str) -> str | None:
    """The FTS5 query the index narrows ``fragment`` by, or None when the LIKE alone answers.

    Only on SQLite, with the session the query runs in, and where the file has the
    index. A common fragment is answered by the LIKE (counted once per database and
    query, reading at most ``CANDIDATE_LIMIT`` matches): the answer only chooses the
    quicker way, both give the same cases. ``NOTHING`` when the index proves no case
    holds the fragment.
    """
    fragment = fragment.strip()
    if session is None:
        return None
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return None
    query = index_query(fragment)
    if query is None:
        common = (str(bind.engine.url), "pair", fragment)
        if common in _selective:  # only "common" is kept: the terms change with the cases
            return None
        query = pair_query(session, fragment)
        if query is None or query == NOTHING:
            return query
        if not _few_candidates(session, query):
            _remember(common, False)
            return None
        return query
    key = (str(bind.engine.url), query)
    if key not in _selective:
        _remember(key, _few_candidates(session, query))
    return query if _selective[key] else None


def _remember(key: tuple[str, ...], few: bool) -> None:
    if len(_selective) > 256:
        _selective.clear()
    _selective[key] = few


def _few_candidates(session: Session, query: str) -> bool:
    if not has_search_table(session.connection()):
        return False
    counted = text(
        f"SELECT COUNT(*) FROM (SELECT 1 FROM {SEARCH_TABLE} "
        f"WHERE {SEARCH_TABLE} MATCH :query LIMIT {CANDIDATE_LIMIT + 1})"
    )
    return bool(session.execute(counted, {"query": query}).scalar_one() <= CANDIDATE_LIMIT)


def text_condition(fragment: str, session: Session | None = None) -> ColumnElement[bool] | None:
    """The cases whose number or party names contain ``fragment`` (stripped); None if empty."""
    fragment = fragment.strip()
    if not fragment:
        return None
    pattern = f"%{fragment}%"
    like = or_(
        Case.number.like(pattern),
        Case.applicant_names.like(pattern),
        Case.respondent_names.like(pattern),
    )
    query = narrows(session, fragment)
    if query is None:
        return like
    if query == NOTHING:
        return and_(false(), like)
    return and_(_IndexedCandidates(Case.id, literal(query)), like)
