"""The search box's condition: a typed fragment of a case number or a party's name.

What it finds is defined by ``LIKE '%fragment%'`` on 案号, 申请执行人 and 被执行人 (so
``%`` and ``_`` typed by the user stay LIKE's wildcards, as they always were). On
SQLite the trigram index of ``model.storage.search_index`` first narrows the cases to
those holding every run of three or more literal characters of the fragment — a
superset of the LIKE's answer, since the index folds case at least as widely as LIKE
does — and the LIKE then decides, so the result is exactly the LIKE's. Fragments
without such a run (a surname like 王), and common ones (``CANDIDATE_LIMIT``), are
answered by the LIKE alone, walking the list's order until a page is full. On PostgreSQL
the ``pg_trgm`` indexes serve the LIKE itself.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Boolean, ColumnElement, and_, literal, or_, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from model.entities import Case
from model.storage.search_index import SEARCH_TABLE, has_search_table

TRIGRAM = 3  # the shortest run the trigram index can look up


def index_query(fragment: str) -> str | None:
    """The FTS5 query for ``fragment``'s literal runs, each a quoted phrase; None if too short.

    Inside double quotes FTS5 reads every character literally (``"`` doubled), so
    ``AND``, ``*``, ``-`` or ``:`` typed by the user are searched for, never obeyed.
    """
    runs = [run for run in re.split(r"[%_]", fragment) if len(run) >= TRIGRAM]
    if not runs:
        return None
    return " AND ".join('"' + run.replace('"', '""') + '"' for run in runs)


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

_selective: dict[tuple[str, str], bool] = {}  # (database, FTS query) → few candidates


def narrows(session: Session | None, fragment: str) -> str | None:
    """The FTS5 query the index narrows ``fragment`` by, or None when the LIKE alone answers.

    Only on SQLite, with the session the query runs in, and where the file has the
    index. A common fragment is answered by the LIKE (counted once per database and
    query, reading at most ``CANDIDATE_LIMIT`` matches): the answer only chooses the
    quicker way, both give the same cases.
    """
    query = index_query(fragment.strip())
    if query is None or session is None:
        return None
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return None
    key = (str(bind.engine.url), query)
    if key not in _selective:
        if len(_selective) > 256:
            _selective.clear()
        _selective[key] = _few_candidates(session, query)
    return query if _selective[key] else None


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
    return and_(_IndexedCandidates(Case.id, literal(query)), like)
