"""The roster's tables: people and their aliases, teams and their members, case groups (办案组)."""

from enum import Enum

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from model.entities.base import Base, enum_column


class Role(str, Enum):
    """A person's role on the roster."""

    JUDGE = "judge"  # 员额法官
    POLICE = "police"  # 司法警察
    CLERK = "clerk"  # 书记员

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {Role.JUDGE: "员额法官", Role.POLICE: "司法警察", Role.CLERK: "书记员"}


class Person(Base):
    """A member of staff (人员). Never deleted once created; deactivated instead."""

    __tablename__ = "persons"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    role: Mapped[Role] = mapped_column(enum_column(Role))
    position: Mapped[str] = mapped_column(String(128), default="")  # 职务
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    aliases: Mapped[list["PersonAlias"]] = relationship(
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
    members: Mapped[list["TeamMember"]] = relationship(
        back_populates="team", cascade="all, delete-orphan"
    )
    groups: Mapped[list["CaseGroup"]] = relationship(
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
