"""The working-day calendar (工作日): statutory holidays and make-up working days (调休).

Pure: a ``WorkCalendar`` is a frozen value built from the ``holidays`` and
``holiday_years`` tables by ``load_calendar``. Weekends are rest days except the
make-up working days; a year without data still rests on weekends, and
``missing_years`` says which years those are so the program can say so plainly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from model.entities import Holiday, HolidayYear

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days (工作日)."""

    holidays: frozenset[dt.date] = field(default_factory=frozenset)  # 法定节假日 on weekdays
    workdays: frozenset[dt.date] = field(default_factory=frozenset)  # 调休上班 on weekends
    known_years: frozenset[int] = field(default_factory=frozenset)  # years with data
    # new cases' clocks by (filing day, track, non-litigation): model.calendar.clock's
    # ``new_case_clock`` fills it; a calendar's clocks never change
    new_clocks: dict[tuple[Any, ...], Any] = field(
        default_factory=dict, init=False, compare=False, hash=False, repr=False
    )

    def is_workday(self, day: dt.date) -> bool:
        """True when ``day`` is a working day: a weekday not on holiday, or a make-up day."""
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def roll_forward(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the next working day (第八条)."""
        while not self.is_workday(day):
            day += _ONE_DAY
        return day

    def missing_years(self, *days: dt.date | None) -> list[int]:
        """The years among ``days`` (None ignored) that have no holiday data, ascending."""
        return sorted({d.year for d in days if d is not None} - self.known_years)


def load_calendar(session: Session) -> WorkCalendar:
    """The calendar as the database holds it."""
    holidays: set[dt.date] = set()
    workdays: set[dt.date] = set()
    for day, is_workday in session.execute(select(Holiday.day, Holiday.is_workday)):
        (workdays if is_workday else holidays).add(day)
    years = frozenset(session.scalars(select(HolidayYear.year)))
    return WorkCalendar(frozenset(holidays), frozenset(workdays), years)
