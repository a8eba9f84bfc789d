"""The cases and what happens to them: parties, triage, assignment, events, history.

Cases carry their current state (track, handler, due dates, status) as columns so
that lists filter, sort and count in SQL; the events that produce that state are
kept in their own tables and never rewritten, only voided with a reason."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    bindparam,
    case,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import Grouping

from model.entities.base import Base, enum_column, now
from model.entities.roster import CaseGroup, Person, Team


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

BASIS_OTHER = "其他"
"""The 执行依据类别 of a case whose ledger row or older record names none (not 非诉)."""

CLOSING_METHODS = ("执行完毕", "终结本次执行程序", "终结执行", "销案", "不予执行", "驳回申请")
"""结案方式, 《执行工作若干问题的规定》第64条."""


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
    track: Mapped[Track] = mapped_column(enum_column(Track))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("case_groups.id"))
    judge_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    assigned_on: Mapped[dt.date | None] = mapped_column(Date)  # handler fixed (7-day rule)
    status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus), default=CaseStatus.PENDING)
    due_date: Mapped[dt.date | None] = mapped_column(Date)  # 到期日 (track limit)
    statutory_due_date: Mapped[dt.date | None] = mapped_column(Date)  # 法定到期日
    days_left_at_suspension: Mapped[int | None] = mapped_column(Integer)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    closing_method: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Optimistic locking: every UPDATE checks and bumps the version (model/storage/concurrency.py).
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    team: Mapped[Team | None] = relationship()
    group: Mapped[CaseGroup | None] = relationship()
    judge: Mapped[Person | None] = relationship(foreign_keys=[judge_id])
    parties: Mapped[list["Party"]] = relationship(
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
OPEN_URGENCY_INDEX = Index(
    "ix_cases_open_urgency",
    Grouping(earliest_due()),
    Case.number,
    Case.id,
    sqlite_where=OPEN_CASES,
)


def use_postgresql_options() -> None:
    """Give the open-case index its condition on PostgreSQL too (``postgresql_where``).

    Set when a PostgreSQL engine is made, not in the declaration: the keyword there
    makes SQLAlchemy import its PostgreSQL dialect to check it, 45 ms of every start of
    the window on an SQLite file (measured, issue 20). Every statement that creates the
    index runs on such an engine, so none is created without its condition.
    """
    OPEN_URGENCY_INDEX.dialect_options["postgresql"]["where"] = OPEN_CASES


class Party(Base):
    """A party (当事人) of a case."""

    __tablename__ = "parties"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    side: Mapped[PartySide] = mapped_column(enum_column(PartySide))
    name: Mapped[str] = mapped_column(String(128))
    party_type: Mapped[str] = mapped_column(String(16), default="")  # PARTY_TYPES
    ordinal: Mapped[int] = mapped_column(Integer, default=0)
    case: Mapped[Case] = relationship(back_populates="parties")


class _Recorded:
    """Columns shared by every event: who recorded it, when, and its voiding."""

    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
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
    proposed_track: Mapped[Track] = mapped_column(enum_column(Track))
    deciding: Mapped[list[str]] = mapped_column(JSON, default=list)
    final_track: Mapped[Track] = mapped_column(enum_column(Track))
    override_reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


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
    assigned_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
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
    status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus))
    track: Mapped[Track] = mapped_column(enum_column(Track))
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


class Payment(_Recorded, Base):
    """执行到位款: an amount received on a case, on a day, in whole fen (schema version 10)."""

    __tablename__ = "payments"
    __table_args__ = (Index("ix_payments_received", "received_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date)
    amount_fen: Mapped[int] = mapped_column(BigInteger)  # 分: 1 元 = 100
    note: Mapped[str] = mapped_column(Text, default="")


class HistoryEntry(Base):
    """One line of a case's history (案件日志), in words a user reads."""

    __tablename__ = "history"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    kind: Mapped[str] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(Text)
    actor: Mapped[Person | None] = relationship()
