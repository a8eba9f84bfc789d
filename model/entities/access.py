"""Logins and the audit record (schema version 2)."""

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from model.entities.base import Base
from model.entities.roster import Person


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
    """操作记录: one action's row changes (up to version 12: one row's), chained by a hash."""

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
    # The previous entry's hash as written up to schema version 10; "" since (the link is
    # in ``hash`` itself, which is computed over the previous hash).
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64))
    # From schema version 13: one entry per action on a case (action "rows"), its row
    # changes as canonical JSON compressed with raw deflate (``audit_packing``); the
    # hash is computed over the JSON text, as if it stood in ``after``.
    packed: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
