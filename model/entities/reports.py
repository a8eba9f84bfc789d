"""Issued weekly sheets, 报表存档 (schema version 7)."""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from model.entities.base import Base, now


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
    made_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
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
