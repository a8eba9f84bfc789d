"""Typed SQLAlchemy 2 entities: the roster, the rule data and the cases.

Cases carry their current state (track, handler, due dates, status) as columns so
that lists filter, sort and count in SQL; the events that produce that state are
kept in their own tables and never rewritten, only voided with a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    case,
)
from sqlalchemy import (
    Enum as SqlEnum,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import Grouping


class Base(DeclarativeBase):
    """Declarative base of every table."""


def table_of(entity: type[Base]) -> Table:
    """An entity's Table (SQLAlchemy types ``__table__`` as any FROM clause)."""
    table = entity.__table__
    assert isinstance(table, Table)
    return table


class Role(str, Enum):
    """A person's role on the roster."""

    JUDGE = "judge"  # 员额法官
    POLICE = "police"  # 司法警察
    CLERK = "clerk"  # 书记员

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {Role.JUDGE: "员额法官", Role.POLICE: "司法警察", Role.CLERK: "书记员"}


class Track(str, Enum):
    """The diversion track (繁简分流) a case takes."""

    SIMPLE = "simple"  # 简易案件 → 速执团队, 1 month
    ORDINARY = "ordinary"  # 普通案件 → 普执团队, 6 months
    SPECIAL = "special"  # 特殊案件 → 普执团队, 6 months, flagged for the chief

    @property
    def label(self) -> str:
        return TRACK_LABELS[self]

    @property
    def limit_months(self) -> int:
        """团队期限: the bureau's own limit for the track."""
        return 1 if self is Track.SIMPLE else 6


TRACK_LABELS = {Track.SIMPLE: "简易", Track.ORDINARY: "普通", Track.SPECIAL: "特殊"}


class CaseStatus(str, Enum):
    """Where a case stands."""

    PENDING = "pending"  # 在办
    SUSPENDED = "suspended"  # 中止 (an open excluded period stops the clock)
    CLOSED = "closed"  # 已结

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    CaseStatus.PENDING: "在办",
    CaseStatus.SUSPENDED: "中止",
    CaseStatus.CLOSED: "已结",
}


class PartySide(str, Enum):
    """Which side of the case a party is on."""

    APPLICANT = "applicant"  # 申请执行人
    RESPONDENT = "respondent"  # 被执行人


PARTY_TYPES = ("自然人", "法人", "非法人组织", "党政机关")
"""被执行人类型, as SPEC §7 spells them."""

COERCIVE_MEASURES = ("拘传", "拘留", "搜查", "查封", "扣押", "冻结", "强制迁出")
"""强制执行措施 the judicial police carry out (the seed's 四（1）)."""

CLOSING_METHODS = ("执行完毕", "终结本次执行程序", "终结执行", "销案", "不予执行", "驳回申请")
"""结案方式, 《执行工作若干问题的规定》第64条."""


def _enum(enum_class: type[Enum]) -> SqlEnum:
    """Store an enum as its value (a short English word), checked by the database."""
    return SqlEnum(
        enum_class,
        native_enum=False,
        length=16,
        validate_strings=True,
        values_callable=lambda members: [member.value for member in members],
    )


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


# --- settings and rule data -------------------------------------------------------


class Setting(Base):
    """A named office setting (court name and code, triage thresholds)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class Criterion(Base):
    """One diversion criterion (分流标准) of the checklist."""

    __tablename__ = "criteria"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    track: Mapped[Track] = mapped_column(_enum(Track))
    text: Mapped[str] = mapped_column(Text)
    ordinal: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CriteriaVersion(Base):
    """分流标准版本: the checklist's texts as clerks saw them, stored once per wording.

    Each triage decision names the version it was decided on, so editing a criterion
    never rewrites what an old case was triaged against (schema version 10; before it,
    every decision carried its own copy of all the texts).
    """

    __tablename__ = "criteria_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the texts' JSON
    texts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # code → text
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class CaseType(Base):
    """A case-type code (类型代字) such as 执 or 执保."""

    __tablename__ = "case_types"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))


class ExclusionKind(Base):
    """A kind of period that does not count toward the limit (第九条)."""

    __tablename__ = "exclusion_kinds"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    suspends: Mapped[bool] = mapped_column(Boolean, default=False)
    ordinal: Mapped[int] = mapped_column(Integer, default=0)


class BasisKind(Base):
    """执行依据类别: a kind of document enforced, marked 非诉 (3-month statutory limit) or not."""

    __tablename__ = "basis_kinds"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    non_litigation: Mapped[bool] = mapped_column(Boolean, default=False)
    ordinal: Mapped[int] = mapped_column(Integer, default=0)


BASIS_OTHER = "其他"
"""The kind of a case whose ledger row or older record names none (not 非诉)."""


class Holiday(Base):
    """A day that breaks the Monday–Friday rule: a statutory holiday or a make-up working day."""

    __tablename__ = "holidays"
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean, default=False)  # True: 调休上班
    name: Mapped[str] = mapped_column(String(64), default="")


class HolidayYear(Base):
    """A year whose holiday arrangement is known (and where it came from)."""

    __tablename__ = "holiday_years"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(128), default="")


class Duty(Base):
    """One duty of a role, from the seed's sections 三、四、五."""

    __tablename__ = "duties"
    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[Role] = mapped_column(_enum(Role))
    ordinal: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


# --- roster ----------------------------------------------------------------------


class Person(Base):
    """A member of staff (人员). Never deleted once created; deactivated instead."""

    __tablename__ = "persons"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    role: Mapped[Role] = mapped_column(_enum(Role))
    position: Mapped[str] = mapped_column(String(128), default="")  # 职务
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    aliases: Mapped[list[PersonAlias]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonAlias.id"
    )


class PersonAlias(Base):
    """Another spelling of a person's name found in the records (佟海东 for 佟海冬)."""

    __tablename__ = "person_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    alias: Mapped[str] = mapped_column(String(32), unique=True)
    person: Mapped[Person] = relationship(back_populates="aliases")


class Team(Base):
    """An enforcement team (执行团队)."""

    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # "fast" / "ordinary"
    name: Mapped[str] = mapped_column(String(64), unique=True)
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    tracks: Mapped[list[str]] = mapped_column(JSON, default=list)  # Track values it handles
    ordinal: Mapped[int] = mapped_column(Integer, default=0)
    leader: Mapped[Person | None] = relationship()
    members: Mapped[list[TeamMember]] = relationship(
        back_populates="team", cascade="all, delete-orphan"
    )
    groups: Mapped[list[CaseGroup]] = relationship(
        back_populates="team", order_by="CaseGroup.rotation"
    )


class TeamMember(Base):
    """A person's membership of a team."""

    __tablename__ = "team_members"
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), primary_key=True)
    team: Mapped[Team] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()


class CaseGroup(Base):
    """办案组: one judge, one police officer and one clerk of a team."""

    __tablename__ = "case_groups"
    __table_args__ = (UniqueConstraint("team_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    name: Mapped[str] = mapped_column(String(64))
    judge_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    police_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    rotation: Mapped[int] = mapped_column(Integer, default=0)  # fixed tie-break order
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    team: Mapped[Team] = relationship(back_populates="groups")
    judge: Mapped[Person] = relationship(foreign_keys=[judge_id])
    police: Mapped[Person | None] = relationship(foreign_keys=[police_id])
    clerk: Mapped[Person | None] = relationship(foreign_keys=[clerk_id])


# --- cases -----------------------------------------------------------------------


class Case(Base):
    """An enforcement case (执行案件) and its current state."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_status_due", "status", "due_date"),
        Index("ix_cases_filing", "filing_date"),
        Index("ix_cases_closed", "closed_on"),
        Index("ix_cases_team", "team_id", "status"),
        Index("ix_cases_group", "group_id", "status"),
        Index("ix_cases_judge", "judge_id", "status"),
        Index("ix_cases_due", "due_date"),  # schema version 3
        Index("ix_cases_statutory_due", "statutory_due_date"),
        # schema version 7: the 终本 cases whose property checks fall due (待办)
        Index("ix_cases_closing_method", "closing_method", "closed_on"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)  # 案号, normal form
    year: Mapped[int] = mapped_column(Integer)
    court_code: Mapped[str] = mapped_column(String(16))
    type_code: Mapped[str] = mapped_column(String(8))
    sequence: Mapped[int] = mapped_column(Integer)
    filing_date: Mapped[dt.date] = mapped_column(Date)  # 立案日期
    # 执行依据类别 (schema version 6); non_litigation is what its marking was when chosen
    basis_kind: Mapped[str] = mapped_column(String(32), default=BASIS_OTHER)
    non_litigation: Mapped[bool] = mapped_column(Boolean, default=False)  # 非诉执行
    amount: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))  # 标的额, yuan
    applicant_count: Mapped[int] = mapped_column(Integer, default=1)  # 申请执行人数
    basis: Mapped[str] = mapped_column(Text, default="")  # 执行依据
    cause: Mapped[str] = mapped_column(String(128), default="")  # 案由
    applicant_names: Mapped[str] = mapped_column(Text, default="")  # "、"-joined, for lists
    respondent_names: Mapped[str] = mapped_column(Text, default="")
    track: Mapped[Track] = mapped_column(_enum(Track))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("case_groups.id"))
    judge_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    assigned_on: Mapped[dt.date | None] = mapped_column(Date)  # handler fixed (7-day rule)
    status: Mapped[CaseStatus] = mapped_column(_enum(CaseStatus), default=CaseStatus.PENDING)
    due_date: Mapped[dt.date | None] = mapped_column(Date)  # 到期日 (track limit)
    statutory_due_date: Mapped[dt.date | None] = mapped_column(Date)  # 法定到期日
    days_left_at_suspension: Mapped[int | None] = mapped_column(Integer)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    closing_method: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Optimistic locking: every UPDATE checks and bumps the version (model/concurrency.py).
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    team: Mapped[Team | None] = relationship()
    group: Mapped[CaseGroup | None] = relationship()
    judge: Mapped[Person | None] = relationship(foreign_keys=[judge_id])
    parties: Mapped[list[Party]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Party.ordinal"
    )


def earliest_due() -> ColumnElement[dt.date]:
    """The earlier of a case's two due dates: the one it is most urgently due for.

    The deadlines list sorts by it; the two indexes below store it (schema version 5),
    so the list's first page is a walk along an index instead of a sort of every case.
    A query uses them only when it spells the expression exactly like this.
    """
    return case(
        (Case.statutory_due_date < Case.due_date, Case.statutory_due_date),
        else_=Case.due_date,
    )


OPEN_STATUSES = (CaseStatus.PENDING, CaseStatus.SUSPENDED)
"""未结: 在办 and 中止, in the order the open-case index is declared with."""


def status_is(statuses: Iterable[CaseStatus]) -> ColumnElement[bool]:
    """``status IN ('pending', 'suspended')``: the statuses written into the SQL, in order.

    SQLite uses a partial index only when the query spells out its condition: the same
    values in the same order, and as literals (a bound list does not count).
    """
    values = sorted(statuses, key=lambda status: status.value)
    return Case.status.in_(bindparam("statuses", values, expanding=True, literal_execute=True))


OPEN_CASES = status_is(OPEN_STATUSES)

# In parentheses: PostgreSQL takes an expression in an index only inside its own pair.
Index("ix_cases_urgency", Grouping(earliest_due()), Case.number, Case.id)
Index(
    "ix_cases_open_urgency",
    Grouping(earliest_due()),
    Case.number,
    Case.id,
    sqlite_where=OPEN_CASES,
    postgresql_where=OPEN_CASES,
)


class Party(Base):
    """A party (当事人) of a case."""

    __tablename__ = "parties"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    side: Mapped[PartySide] = mapped_column(_enum(PartySide))
    name: Mapped[str] = mapped_column(String(128))
    party_type: Mapped[str] = mapped_column(String(16), default="")  # PARTY_TYPES
    ordinal: Mapped[int] = mapped_column(Integer, default=0)
    case: Mapped[Case] = relationship(back_populates="parties")


class _Recorded:
    """Columns shared by every event: who recorded it, when, and its voiding."""

    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    voided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    void_reason: Mapped[str | None] = mapped_column(Text)


class TriageDecision(Base):
    """A triage (繁简分流) of a case: the checklist, the proposal and the final track."""

    __tablename__ = "triage_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    ticked: Mapped[list[str]] = mapped_column(JSON, default=list)  # criteria codes
    suggested: Mapped[list[str]] = mapped_column(JSON, default=list)  # pre-ticked by intake
    # the checklist's texts as the clerk saw them (分流标准版本)
    criteria_version_id: Mapped[int | None] = mapped_column(ForeignKey("criteria_versions.id"))
    proposed_track: Mapped[Track] = mapped_column(_enum(Track))
    deciding: Mapped[list[str]] = mapped_column(JSON, default=list)
    final_track: Mapped[Track] = mapped_column(_enum(Track))
    override_reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class Assignment(Base):
    """Who a case was given to (分案), at intake, on transfer or on reassignment."""

    __tablename__ = "assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # intake / transfer / reassign
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("case_groups.id"))
    judge_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    suggested_group_id: Mapped[int | None] = mapped_column(ForeignKey("case_groups.id"))
    suggested_judge_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    assigned_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    note: Mapped[str] = mapped_column(Text, default="")


class ExcludedPeriod(_Recorded, Base):
    """A period not counted toward the limits (第九条); an open one stops the clock."""

    __tablename__ = "excluded_periods"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")


class Extension(_Recorded, Base):
    """An approved extension (延长) of the limits by the court president or a vice-president."""

    __tablename__ = "extensions"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    months: Mapped[int] = mapped_column(Integer, default=3)
    approver_name: Mapped[str] = mapped_column(String(32))
    approver_title: Mapped[str] = mapped_column(String(16))  # 院长 / 副院长
    approved_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    late: Mapped[bool] = mapped_column(Boolean, default=False)  # < 5 days before the limit


class Transfer(_Recorded, Base):
    """移交: a fast-track case moved to the ordinary team."""

    __tablename__ = "transfers"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    transferred_on: Mapped[dt.date] = mapped_column(Date)
    from_team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    to_team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    reason: Mapped[str] = mapped_column(Text, default="")


class Closing(_Recorded, Base):
    """结案: the date, the method and whether the limits were met."""

    __tablename__ = "closings"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    closed_on: Mapped[dt.date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(32))  # CLOSING_METHODS
    met_track_limit: Mapped[bool] = mapped_column(Boolean)
    met_statutory_limit: Mapped[bool] = mapped_column(Boolean)
    conditions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # 终本 checks


class ClockSpan(Base):
    """A stretch of a case's clock as it stood from ``starts`` (until ``ends``, exclusive).

    Derived from the case's standing events (schema version 6) so that "as of a day"
    (SPEC §3) is an indexed lookup instead of a replay: on day D a case stood as its
    span with ``starts <= D`` and ``ends`` NULL or after D. Rewritten whole, in the
    same transaction, whenever the clock is refreshed (model/calendar/timeline.py);
    never audited (it is recomputed from the recorded events).
    """

    __tablename__ = "clock_spans"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    starts: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    ends: Mapped[dt.date | None] = mapped_column(Date)  # first day it no longer holds
    status: Mapped[CaseStatus] = mapped_column(_enum(CaseStatus))
    track: Mapped[Track] = mapped_column(_enum(Track))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("case_groups.id"))
    judge_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    due_date: Mapped[dt.date | None] = mapped_column(Date)  # None while the clock stands
    statutory_due_date: Mapped[dt.date | None] = mapped_column(Date)


class CoerciveMeasure(_Recorded, Base):
    """强制措施: a coercive measure carried out on a case, by whom and when."""

    __tablename__ = "coercive_measures"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # COERCIVE_MEASURES
    carried_out_on: Mapped[dt.date] = mapped_column(Date)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    note: Mapped[str] = mapped_column(Text, default="")


PROPERTY_CHECK_RESULTS = ("未发现可供执行财产", "发现可供执行财产")
"""The result of a 终本 property check (SPEC §8); the second resumes enforcement (恢复执行)."""


class PropertyCheck(_Recorded, Base):
    """终本复查: one property check after a 终本 closing (schema version 7).

    The schedule (every 6 months for 5 years from the closing) is computed from the
    closing date, not stored; a recorded check settles the earliest open one. A check
    that found property names the 执恢 case it registered (``resumed_case_id``).
    """

    __tablename__ = "property_checks"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    checked_on: Mapped[dt.date] = mapped_column(Date)
    checker_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    result: Mapped[str] = mapped_column(String(32))  # PROPERTY_CHECK_RESULTS
    note: Mapped[str] = mapped_column(Text, default="")
    resumed_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)


class HistoryEntry(Base):
    """One line of a case's history (案件日志), in words a user reads."""

    __tablename__ = "history"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    kind: Mapped[str] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(Text)
    actor: Mapped[Person | None] = relationship()


# --- logins and the audit record (schema version 2) ---------------------------------


class UserAccount(Base):
    """A login of a person on the roster; the password only as a salted scrypt hash."""

    __tablename__ = "users"
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(128))  # hex of hashlib.scrypt
    salt: Mapped[str] = mapped_column(String(64))  # hex, random per password
    params: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # scrypt n, r, p
    must_change: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_login: Mapped[dt.datetime | None] = mapped_column(DateTime)
    person: Mapped[Person] = relationship()


class AuditEntry(Base):
    """操作记录: one insert, update or delete, chained to the entry before it by a hash."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_case", "case_id", "seq"), Index("ix_audit_at", "at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)  # 1, 2, 3 … without gaps
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor_id: Mapped[int | None] = mapped_column(Integer)  # None: the system (command line)
    action: Mapped[str] = mapped_column(String(16))  # insert / update / delete
    entity: Mapped[str] = mapped_column(String(32))  # the table name
    entity_id: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[str] = mapped_column(Text, default="")  # canonical JSON of the old values
    after: Mapped[str] = mapped_column(Text, default="")
    # The previous entry's hash as written up to schema version 9; "" since (the link is
    # in ``hash`` itself, which is computed over the previous hash).
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64))


# --- issued weekly sheets (schema version 7) ------------------------------------------


class IssuedSheet(Base):
    """报表存档: a weekly sheet as made and handed out — its week, day, maker, figures, hash.

    Audited like any record (the 操作记录 shows who made which sheet); what is needed
    to reprint it exactly and to trace later changes is kept beside it, unaudited
    (``IssuedSheetContent``).
    """

    __tablename__ = "issued_sheets"
    __table_args__ = (Index("ix_issued_sheets_week", "monday"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    monday: Mapped[dt.date] = mapped_column(Date)  # the week
    as_of: Mapped[dt.date] = mapped_column(Date)  # the day the figures stand at
    made_on: Mapped[dt.date] = mapped_column(Date)  # "today" of the sheet (its footer)
    made_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))  # None: 系统
    file_name: Mapped[str] = mapped_column(String(255), default="")
    sha256: Mapped[str] = mapped_column(String(64))
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the 合计 line's counts


class IssuedSheetContent(Base):
    """What an issued sheet showed (every line, the urgent list) and each case's part in it."""

    __tablename__ = "issued_sheet_contents"
    sheet_id: Mapped[int] = mapped_column(ForeignKey("issued_sheets.id"), primary_key=True)
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    cases: Mapped[list[Any]] = mapped_column(JSON, default=list)
