"""节假日安排: the office keeps the working-day calendar current (a new year each winter).

Every change recomputes every case's clock, since due dates roll past rest days.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import Action, authorise
from model.calendar.clock import refresh_all_clocks
from model.entities import Holiday, HolidayYear
from model.errors import UserError

MANUAL_SOURCE = "手工录入"
WEEKDAYS = "一二三四五六日"
_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_RANGE = re.compile(_DATE + r"(?:\s*(?:至|到|~|～|—|-{1,2})\s*" + _DATE + r")?")


@dataclass(frozen=True)
class HolidayDay:
    """One day of the calendar that breaks the Monday–Friday rule."""

    day: dt.date
    is_workday: bool  # True: 调休上班
    name: str

    @property
    def weekday(self) -> str:
        """星期一 … 星期日."""
        return "星期" + WEEKDAYS[self.day.weekday()]


@dataclass(frozen=True)
class YearInfo:
    """A year of the calendar: how many days are entered and whether it is complete."""

    year: int
    days: int
    complete: bool
    source: str


def parse_days(text: str) -> list[dt.date]:
    """Dates and ranges as the office writes them: 2027-01-01, 2027年2月15日至2027年2月21日."""
    days: list[dt.date] = []
    rest = text
    for match in _RANGE.finditer(text):
        rest = rest.replace(match.group(0), " ", 1)
        try:
            first = dt.date(int(match[1]), int(match[2]), int(match[3]))
            last = dt.date(int(match[4]), int(match[5]), int(match[6])) if match[4] else first
        except ValueError as error:
            raise UserError(f"“{match.group(0)}”不是有效日期。", field="days") from error
        if last < first:
            raise UserError(f"“{match.group(0)}”的结束日期早于开始日期。", field="days")
        if (last - first).days > 31:
            raise UserError(f"“{match.group(0)}”跨度超过一个月，请检查。", field="days")
        days.extend(first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    if re.sub(r"[\s,，、;；]", "", rest):
        raise UserError(
            "有无法识别的内容；请按 2027-01-01 或 2027-02-15至2027-02-21 的格式填写，"
            "多项用逗号或换行分隔。",
            field="days",
        )
    if not days:
        raise UserError("请填写日期。", field="days")
    return sorted(set(days))


def holiday_years(sessions: sessionmaker[Session]) -> list[YearInfo]:
    """Every year that has days entered or is marked complete, newest first."""
    with sessions() as s:
        year = extract("year", Holiday.day)
        counts = {int(y): n for y, n in s.execute(select(year, func.count()).group_by(year))}
        marked = {y: src for y, src in s.execute(select(HolidayYear.year, HolidayYear.source))}
    years = sorted(set(counts) | set(marked), reverse=True)
    return [YearInfo(y, counts.get(y, 0), y in marked, marked.get(y, "")) for y in years]


def holiday_days(sessions: sessionmaker[Session], year: int) -> list[HolidayDay]:
    """The year's holidays and make-up working days, in date order."""
    with sessions() as s:
        rows = s.execute(
            select(Holiday.day, Holiday.is_workday, Holiday.name)
            .where(Holiday.day >= dt.date(year, 1, 1), Holiday.day <= dt.date(year, 12, 31))
            .order_by(Holiday.day)
        )
        return [HolidayDay(day, is_workday, name) for day, is_workday, name in rows]


def add_days(
    sessions: sessionmaker[Session],
    days: Iterable[dt.date],
    is_workday: bool,
    name: str,
    *,
    actor_id: int | None = None,
) -> int:
    """Enter holidays (放假) or make-up working days (调休上班); existing days are replaced.

    Returns how many cases had their clock recomputed.
    """
    chosen = sorted(set(days))
    label = name.strip()
    if not chosen:
        raise UserError("请填写日期。", field="days")
    if not label:
        raise UserError("请填写节日名称，例如 春节。", field="name")
    if is_workday:
        weekdays = [d for d in chosen if d.weekday() < 5]
        if weekdays:
            raise UserError(
                f"调休上班日应为周六或周日；{weekdays[0]:%Y-%m-%d} 本来就是工作日。",
                field="days",
            )
        label = label if label.endswith("调休上班") else label + "调休上班"
    with sessions.begin() as s:
        authorise(s, actor_id, Action.EDIT_HOLIDAYS)
        for day in chosen:
            existing = s.get(Holiday, day)
            if existing is None:
                s.add(Holiday(day=day, is_workday=is_workday, name=label))
            else:
                existing.is_workday, existing.name = is_workday, label
        return refresh_all_clocks(s)


def remove_days(
    sessions: sessionmaker[Session], days: Iterable[dt.date], *, actor_id: int | None = None
) -> int:
    """Take days out of the calendar (back to the Monday–Friday rule); cases recomputed."""
    chosen = list(days)
    if not chosen:
        raise UserError("请先选择要删除的日期。", field="days")
    with sessions.begin() as s:
        authorise(s, actor_id, Action.EDIT_HOLIDAYS)
        # Row by row through the ORM, so the audit record keeps what was removed.
        for holiday in s.scalars(select(Holiday).where(Holiday.day.in_(chosen))).all():
            s.delete(holiday)
        return refresh_all_clocks(s)


def set_year_complete(
    sessions: sessionmaker[Session], year: int, complete: bool, *, actor_id: int | None = None
) -> None:
    """Mark a year's arrangement as entered in full (or not); the warnings follow."""
    if not 1990 <= year <= 2100:
        raise UserError("年份不正确。", field="year")
    with sessions.begin() as s:
        authorise(s, actor_id, Action.EDIT_HOLIDAYS)
        marked = s.get(HolidayYear, year)
        if complete and marked is None:
            s.add(HolidayYear(year=year, source=MANUAL_SOURCE))
        elif not complete and marked is not None:
            s.delete(marked)
