"""Fill a new database from the files in ``data/`` and the holiday library."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from model.entities import (
    BasisKind,
    CaseGroup,
    CaseType,
    Criterion,
    Duty,
    ExclusionKind,
    Holiday,
    HolidayYear,
    Person,
    PersonAlias,
    Role,
    Setting,
    Team,
    TeamMember,
    Track,
)
from model.roster.names import normalise_name

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
HOLIDAY_SOURCE = "chinesecalendar"


def load_data(name: str, data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """One of the shipped data files."""
    data: dict[str, Any] = json.loads((data_dir / name).read_text(encoding="utf-8"))
    return data


def seed_database(session: Session, data_dir: Path = DATA_DIR) -> None:
    """Load roster, duties, criteria, case types, exclusion kinds, settings and holidays."""
    for key, value in load_data("settings.json", data_dir).items():
        session.add(Setting(key=key, value=str(value)))
    for ordinal, item in enumerate(load_data("criteria.json", data_dir)["criteria"]):
        session.add(
            Criterion(
                code=item["code"], track=Track(item["track"]), text=item["text"], ordinal=ordinal
            )
        )
    for item in load_data("case_types.json", data_dir)["case_types"]:
        session.add(CaseType(code=item["code"], name=item["name"]))
    for ordinal, item in enumerate(load_data("exclusion_kinds.json", data_dir)["kinds"]):
        session.add(ExclusionKind(name=item["name"], suspends=item["suspends"], ordinal=ordinal))
    for ordinal, item in enumerate(load_data("basis_kinds.json", data_dir)["kinds"]):
        session.add(
            BasisKind(name=item["name"], non_litigation=item["non_litigation"], ordinal=ordinal)
        )
    duties = load_data("duties.json", data_dir)
    for role in Role:
        for ordinal, text in enumerate(duties[role.value], start=1):
            session.add(Duty(role=role, ordinal=ordinal, text=text))
    seed_roster(session, load_data("roster.json", data_dir))
    seed_holidays(session)


def seed_roster(session: Session, roster: dict[str, Any]) -> None:
    """People, teams and case groups; names normalised, aliases resolved."""
    by_name: dict[str, Person] = {}
    for item in roster["people"]:
        new = Person(
            name=normalise_name(item["name"]),
            role=Role(item["role"]),
            position=item.get("position", ""),
        )
        for alias in item.get("aliases", []):
            new.aliases.append(PersonAlias(alias=normalise_name(alias)))
        session.add(new)
        by_name[new.name] = new
        for alias in new.aliases:
            by_name[alias.alias] = new

    def person(name: str) -> Person:
        return by_name[normalise_name(name)]

    for ordinal, item in enumerate(roster["teams"]):
        team = Team(
            code=item["code"],
            name=item["name"],
            leader=person(item["leader"]),
            tracks=list(item["tracks"]),
            ordinal=ordinal,
        )
        seen: set[int] = set()
        for name in item["members"]:
            member = person(name)
            if id(member) not in seen:
                seen.add(id(member))
                team.members.append(TeamMember(person=member))
        session.add(team)
        for rotation, group in enumerate(item.get("groups", [])):
            session.add(
                CaseGroup(
                    team=team,
                    name=group["name"],
                    judge=person(group["judge"]),
                    police=person(group["police"]) if group.get("police") else None,
                    clerk=person(group["clerk"]) if group.get("clerk") else None,
                    rotation=rotation,
                )
            )


def seed_holidays(session: Session, years: set[int] | None = None) -> list[int]:
    """Copy statutory holidays and make-up working days from the library; the years added."""
    import chinese_calendar

    holidays: dict[dt.date, Any] = chinese_calendar.constants.holidays
    workdays: dict[dt.date, Any] = chinese_calendar.constants.workdays
    known = set(session.scalars(select(HolidayYear.year)))
    covered = {day.year for day in holidays} - known
    if years is not None:
        covered &= years
    for day, name in holidays.items():
        if day.year in covered and day.weekday() < 5:
            session.add(Holiday(day=day, is_workday=False, name=_holiday_name(name)))
    for day, name in workdays.items():
        if day.year in covered and day.weekday() >= 5:
            session.add(Holiday(day=day, is_workday=True, name=_holiday_name(name) + "调休上班"))
    for year in sorted(covered):
        session.add(HolidayYear(year=year, source=HOLIDAY_SOURCE))
    return sorted(covered)


_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def _holiday_name(value: Any) -> str:
    english = value.value if hasattr(value, "value") else str(value)
    return _HOLIDAY_NAMES.get(english, english)
