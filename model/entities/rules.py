"""The rule data as tables: settings, 分流标准 and its versions, case types, exclusion kinds,
holidays, duties."""

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from model.entities.base import Base, enum_column, now
from model.entities.cases import Track
from model.entities.roster import Role


class Setting(Base):
    """A named office setting (court name and code, triage thresholds)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class Criterion(Base):
    """One diversion criterion (分流标准) of the checklist."""

    __tablename__ = "criteria"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    track: Mapped[Track] = mapped_column(enum_column(Track))
    text: Mapped[str] = mapped_column(Text)
    ordinal: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CriteriaVersion(Base):
    """分流标准版本: the checklist's texts as clerks saw them, stored once per wording.

    Each triage decision names the version it was decided on, so editing a criterion
    never rewrites what an old case was triaged against (schema version 11; before it,
    every decision carried its own copy of all the texts).
    """

    __tablename__ = "criteria_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the texts' JSON
    texts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # code → text
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


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
    role: Mapped[Role] = mapped_column(enum_column(Role))
    ordinal: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
