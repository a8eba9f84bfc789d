"""Case lists as SQL: the filters of the deadlines tab, shared by the window and the exports.

Everything here filters, sorts, counts and pages in SQL, so lists stay quick with
100 000 cases and more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, extract, func, or_, select, union
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker
from typing_extensions import Unpack

from model.cases.search import narrows, text_condition
from model.entities import (
    OPEN_STATUSES,
    Case,
    CaseGroup,
    CaseStatus,
    HolidayYear,
    Person,
    Role,
    Team,
    Track,
    earliest_due,
    status_is,
)

HANDLER_DAYS = 7  # a handler is to be fixed within 7 days of filing


class ChiefList(str, Enum):
    """The lists the bureau chief asks for."""

    TRANSFER_DUE = "transfer_due"  # 应移交: fast-track cases past their month
    UNASSIGNED = "unassigned"  # 无承办人超7日
    SPECIAL = "special"  # 特殊案件

    @property
    def label(self) -> str:
        return CHIEF_LIST_LABELS[self]


CHIEF_LIST_LABELS = {
    ChiefList.TRANSFER_DUE: "应移交（简易案件超一个月）",
    ChiefList.UNASSIGNED: "无承办人超7日",
    ChiefList.SPECIAL: "特殊案件",
}


AnySelect = Select[Unpack[tuple[Any, ...]]]
"""A SELECT of any columns (SQLAlchemy 2.1 types a select by its columns)."""


@dataclass(frozen=True)
class CaseFilter:
    """What the user narrowed a case list to; None means "any"."""

    team_id: int | None = None
    group_id: int | None = None
    judge_id: int | None = None
    track: Track | None = None
    statuses: frozenset[CaseStatus] | None = None  # None: every status
    text: str = ""  # a fragment of the case number or a party's name
    special_only: bool = False
    chief_list: ChiefList | None = None
    as_of: dt.date | None = None  # "today" for the chief's lists; None: the real today
    past: str | None = None  # PAST_TRACK (超期) / PAST_STATUTORY (超审限): pending cases past it
    soon: str | None = None  # SOON_*: pending cases by the earlier of their two due dates


PAST_TRACK = "track"  # 超期: past the track limit (到期日)
PAST_STATUTORY = "statutory"  # 超审限: past the statutory limit (法定到期日)
PAST_LABELS = {PAST_TRACK: "超期", PAST_STATUTORY: "超审限"}


SOON_OVERDUE = "overdue"  # past either limit (the red rows)
SOON_WEEK = "week"  # 7日内到期: due today … today + 7
SOON_MONTH = "month"  # 8至30日内到期
SOON_LABELS = {SOON_OVERDUE: "已超期", SOON_WEEK: "7日内到期", SOON_MONTH: "8至30日内到期"}


def _where(query: AnySelect, f: CaseFilter, session: Session | None = None) -> AnySelect:
    """Apply the filter's conditions to a query over ``Case``.

    With the session the query will run in, the search chooses the quicker of its two
    ways for the typed text (``model.cases.search.narrows``); the cases are the same.
    """
    if f.team_id is not None:
        query = query.where(Case.team_id == f.team_id)
    if f.group_id is not None:
        query = query.where(Case.group_id == f.group_id)
    if f.judge_id is not None:
        query = query.where(Case.judge_id == f.judge_id)
    if f.track is not None:
        query = query.where(Case.track == f.track)
    if f.special_only or f.chief_list is ChiefList.SPECIAL:
        query = query.where(Case.track == Track.SPECIAL)
    if f.statuses is not None:
        query = query.where(status_is(f.statuses))
    today = f.as_of or dt.date.today()
    if f.chief_list is ChiefList.TRANSFER_DUE:
        query = query.where(
            Case.track == Track.SIMPLE,
            Case.status == CaseStatus.PENDING,
            Case.due_date < today,
        )
    elif f.chief_list is ChiefList.UNASSIGNED:
        query = query.where(
            Case.judge_id.is_(None),
            Case.status != CaseStatus.CLOSED,
            Case.filing_date < today - dt.timedelta(days=HANDLER_DAYS),
        )
    if f.past is not None:
        column = Case.due_date if f.past == PAST_TRACK else Case.statutory_due_date
        query = query.where(Case.status == CaseStatus.PENDING, column < today)
    if f.soon is not None:
        query = query.where(Case.status == CaseStatus.PENDING, _soon(f.soon, today))
    found = text_condition(f.text, session)
    if found is not None:
        query = query.where(found)
    return query


def _soon(key: str, today: dt.date) -> ColumnElement[bool]:
    """The urgency band of ``key`` by the earlier due date, as the count chips count it."""
    due = earliest_due()
    week = today + dt.timedelta(days=7)
    if key == SOON_OVERDUE:
        return due < today
    if key == SOON_WEEK:
        return due.between(today, week)
    return (due > week) & (due <= today + dt.timedelta(days=30))


def filtered_cases(case_filter: CaseFilter | None = None) -> Select[tuple[Case]]:
    """A SELECT of the cases matching the filter, most urgent first (no due date last)."""
    query = _where(select(Case), case_filter or CaseFilter())
    return query.order_by(Case.due_date.is_(None), Case.due_date, Case.number)


@dataclass(frozen=True)
class UrgencyCounts:
    """Pending cases by urgency (by the earlier of the two due dates), and past each limit."""

    overdue: int  # past either limit (the rows painted red)
    within_7: int  # 7日内到期 (today … today + 7)
    within_30: int  # 30日内到期 (8 … 30 days)
    track_overdue: int = 0  # 超期: past the track limit
    statutory_overdue: int = 0  # 超审限: past the statutory limit


def urgency_counts(
    session: Session, case_filter: CaseFilter | None, today: dt.date
) -> UrgencyCounts:
    """Counts of the filter's pending cases that are overdue or due soon, in one query."""
    due = earliest_due()
    week = today + dt.timedelta(days=7)
    month = today + dt.timedelta(days=30)

    def count(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    query = _where(
        select(
            count(due < today),
            count(due.between(today, week)),
            count((due > week) & (due <= month)),
            count(Case.due_date < today),
            count(Case.statutory_due_date < today),
        ).select_from(Case),
        case_filter or CaseFilter(),
        session,
    ).where(Case.status == CaseStatus.PENDING)
    return UrgencyCounts(*(int(n) for n in session.execute(query).one()))


@dataclass(frozen=True)
class CaseRow:
    """One row of the deadlines list."""

    id: int
    number: str
    applicants: str
    respondents: str
    track: Track
    team: str
    group: str
    judge: str
    filing_date: dt.date
    due_date: dt.date | None
    statutory_due_date: dt.date | None
    status: CaseStatus
    days_left_at_suspension: int | None
    closed_on: dt.date | None


HANDLER_NAMES = (Team.name, CaseGroup.name, Person.name)
"""承办团队, 办案组 and 承办法官 of a case by name; ``join_handler_names`` joins them in."""


def join_handler_names(query: AnySelect, entity: Any = Case) -> AnySelect:
    """The outer joins that give ``HANDLER_NAMES`` for ``entity`` (Case or an alias of it)."""
    return (
        query.outerjoin(Team, Team.id == entity.team_id)
        .outerjoin(CaseGroup, CaseGroup.id == entity.group_id)
        .outerjoin(Person, Person.id == entity.judge_id)
    )


SORT_KEYS: dict[str, ColumnElement[Any] | InstrumentedAttribute[Any]] = {
    "number": Case.number,
    "applicants": Case.applicant_names,
    "respondents": Case.respondent_names,
    "track": Case.track,
    "team": Team.name,
    "group": CaseGroup.name,
    "judge": Person.name,
    "filing_date": Case.filing_date,
    "due_date": Case.due_date,
    "statutory_due_date": Case.statutory_due_date,
    "status": Case.status,
}
"""The columns a list may be sorted by; "urgency" (the default) is the earlier due date."""


def case_rows_query(
    case_filter: CaseFilter | None,
    sort: str = "urgency",
    descending: bool = False,
    session: Session | None = None,
) -> AnySelect:
    """The rows of the list, sorted in SQL; page it with ``.limit().offset()``.

    ``session``: the one it will run in, for the search's choice (see ``_where``).
    """
    query: AnySelect = join_handler_names(
        select(
            Case.id,
            Case.number,
            Case.applicant_names,
            Case.respondent_names,
            Case.track,
            *(func.coalesce(name, "") for name in HANDLER_NAMES),
            Case.filing_date,
            Case.due_date,
            Case.statutory_due_date,
            Case.status,
            Case.days_left_at_suspension,
            Case.closed_on,
        )
    )
    f = case_filter or CaseFilter()
    query = _where(query, f, session)
    if (
        sort not in SORT_KEYS
        and not descending
        and f.statuses == frozenset(OPEN_STATUSES)
        and narrows(session, f.text) is None  # else: the few the search index found, sorted
    ):
        # The open cases, most urgent first: the list everyone opens. Without statistics
        # (a new database, or one whose connections never closed: PRAGMA optimize runs
        # at close) SQLite prefers the (status, due_date) index and sorts every open
        # case — 184 ms at 100k, 0.3 ms told — so it is told. With statistics it
        # chooses this index itself (tests/model/storage/test_query_plans.py).
        query = query.with_hint(Case.__table__, "INDEXED BY ix_cases_open_urgency", "sqlite")
    key = SORT_KEYS.get(sort, earliest_due())
    ordered = key.desc() if descending else key.asc()
    # NULLS LAST rather than "key IS NULL" first: SQLite and PostgreSQL then walk the
    # urgency index in order (cases without a due date are the suspended ones).
    return query.order_by(ordered.nulls_last(), Case.number, Case.id)


def fetch_case_rows(
    session: Session,
    case_filter: CaseFilter | None,
    offset: int,
    limit: int,
    sort: str = "urgency",
    descending: bool = False,
) -> list[CaseRow]:
    """One page of the list."""
    rows = session.execute(
        case_rows_query(case_filter, sort, descending, session).limit(limit).offset(offset)
    )
    return [CaseRow(*row) for row in rows]


@dataclass(frozen=True)
class FilterChoices:
    """What the list's filters offer, as (id, name): teams, groups (with their team), judges."""

    teams: list[tuple[int, str]]
    groups: list[tuple[int, str]]  # 执行速执团队 第一办案组
    judges: list[tuple[int, str]]


def filter_choices(sessions: sessionmaker[Session]) -> FilterChoices:
    """The teams, case groups and judges the deadlines list can be narrowed to, in roster order."""
    with sessions() as s:
        teams = s.execute(select(Team.id, Team.name).order_by(Team.ordinal, Team.id)).all()
        groups = s.execute(
            select(CaseGroup.id, Team.name, CaseGroup.name)
            .join(Team, Team.id == CaseGroup.team_id)
            .order_by(Team.ordinal, CaseGroup.rotation)
        ).all()
        judges = s.execute(
            select(Person.id, Person.name).where(Person.role == Role.JUDGE).order_by(Person.id)
        ).all()
    return FilterChoices(
        [(i, n) for i, n in teams],
        [(i, f"{t} {n}") for i, t, n in groups],
        [(i, n) for i, n in judges],
    )


def count_cases(session: Session, case_filter: CaseFilter | None) -> int:
    """How many cases the filter matches."""
    query = _where(select(func.count()).select_from(Case), case_filter or CaseFilter(), session)
    return int(session.scalar(query) or 0)


def missing_holiday_years(session: Session, case_filter: CaseFilter | None) -> list[int]:
    """Years of the listed cases' due dates that have no holiday data.

    Only dates outside the known years can be missing, so only those ranges are read
    (through the due-date indexes): a decade of known years costs a few index probes,
    not a pass over every case.
    """
    f = case_filter or CaseFilter()
    known = set(session.scalars(select(HolidayYear.year)))

    def unknown(column: InstrumentedAttribute[dt.date | None]) -> ColumnElement[bool]:
        if not known:
            return column.is_not(None)
        first, last = min(known), max(known)
        ranges = [column < dt.date(first, 1, 1), column >= dt.date(last + 1, 1, 1)]
        ranges += [
            and_(column >= dt.date(year, 1, 1), column < dt.date(year + 1, 1, 1))
            for year in range(first + 1, last)
            if year not in known
        ]
        return or_(*ranges)

    years = union(
        _where(select(extract("year", Case.due_date).label("y")), f, session).where(
            unknown(Case.due_date)
        ),
        _where(select(extract("year", Case.statutory_due_date).label("y")), f, session).where(
            unknown(Case.statutory_due_date)
        ),
    ).subquery()
    found = {int(y) for y in session.scalars(select(years.c.y))}
    return sorted(found - known)


def days_left(due: dt.date | None, today: dt.date) -> int | None:
    """剩余天数: the due date minus today, negative when overdue."""
    return None if due is None else (due - today).days
