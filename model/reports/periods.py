"""统计期间: a month, a quarter, a year or any from–to, with its 环比 and 同比 periods.

A period not yet ended is counted up to today, and so are the periods it is compared
with: this month to the 29th is set beside last month to the 29th and the same month a
year before to the 29th, not beside whole months (the same elapsed days, as the bureau
compares a month in progress).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from model.calendar.deadlines import add_months
from model.errors import UserError


class PeriodKind:
    """What a period is, which decides its 环比 (the period before it)."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    RANGE = "range"


def chinese_day(day: dt.date) -> str:
    """2026年11月23日."""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Period:
    """A stretch of days, both ends included, and how it was chosen."""

    start: dt.date
    end: dt.date
    kind: str = PeriodKind.RANGE

    @property
    def label(self) -> str:
        """2026年11月, 2026年第四季度, 2026年, or 2026年3月1日至2026年5月31日."""
        if self.kind == PeriodKind.MONTH:
            return f"{self.start.year}年{self.start.month}月"
        if self.kind == PeriodKind.QUARTER:
            quarter = "一二三四"[(self.start.month - 1) // 3]
            return f"{self.start.year}年第{quarter}季度"
        if self.kind == PeriodKind.YEAR:
            return f"{self.start.year}年"
        return f"{chinese_day(self.start)}至{chinese_day(self.end)}"

    def as_of(self, today: dt.date) -> dt.date:
        """The day its figures are counted as of: its last day, or today if not ended."""
        return min(self.end, today)

    def previous(self) -> Period:
        """环比: the month, quarter or year before; for a from–to, as many days just before."""
        months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}.get(self.kind)
        if months is None:
            length = self.end - self.start
            end = self.start - dt.timedelta(days=1)
            return Period(end - length, end, self.kind)
        start = add_months(self.start, -months)
        return Period(start, self.start - dt.timedelta(days=1), self.kind)

    def year_before(self) -> Period:
        """同比: the same days a year earlier (29 February becomes the 28th)."""
        return Period(add_months(self.start, -12), _year_earlier_end(self), self.kind)

    def cut_like(self, other: Period, today: dt.date) -> dt.date:
        """This (comparison) period's as-of day: as many days in as ``other`` has run by today."""
        elapsed = other.as_of(today) - other.start
        return min(self.end, self.start + elapsed)


def _year_earlier_end(period: Period) -> dt.date:
    if period.kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR):
        # Whole months: the end is the last day of the same month a year before.
        return add_months(period.end + dt.timedelta(days=1), -12) - dt.timedelta(days=1)
    return add_months(period.end, -12)


def month(year: int, number: int) -> Period:
    """A calendar month."""
    start = dt.date(year, number, 1)
    return Period(start, add_months(start, 1) - dt.timedelta(days=1), PeriodKind.MONTH)


def quarter(year: int, number: int) -> Period:
    """A calendar quarter (1–4)."""
    start = dt.date(year, 3 * (number - 1) + 1, 1)
    return Period(start, add_months(start, 3) - dt.timedelta(days=1), PeriodKind.QUARTER)


def year(number: int) -> Period:
    """A calendar year."""
    return Period(dt.date(number, 1, 1), dt.date(number, 12, 31), PeriodKind.YEAR)


def this_month(today: dt.date) -> Period:
    """本月."""
    return month(today.year, today.month)


def last_month(today: dt.date) -> Period:
    """上月."""
    return this_month(today).previous()


def date_range(start: dt.date | None, end: dt.date | None) -> Period:
    """A from–to period, refused in Chinese when an end is missing or before the start.

    A range that is exactly a month, a quarter or a year is treated as one, so its 环比
    is the previous month (quarter, year) however the user typed it.
    """
    if start is None or end is None:
        raise UserError("请填写统计期间的起止日期。", field="period")
    if end < start:
        raise UserError(
            f"统计期间的结束日期（{chinese_day(end)}）早于开始日期（{chinese_day(start)}），"
            "请重新选择。",
            field="period",
        )
    if start.day == 1:
        for candidate in (month(start.year, start.month), year(start.year)):
            if candidate.end == end and (candidate.kind != PeriodKind.YEAR or start.month == 1):
                return candidate
        if start.month % 3 == 1:
            whole = quarter(start.year, (start.month - 1) // 3 + 1)
            if whole.end == end:
                return whole
    return Period(start, end, PeriodKind.RANGE)


def check_in_data(period: Period, today: dt.date, first_filing: dt.date | None) -> None:
    """Refuse a period the data cannot speak of: one not yet begun, or one before any case."""
    if period.start > today:
        raise UserError(
            f"统计期间（{period.label}）尚未开始（今天是{chinese_day(today)}），无法统计。",
            field="period",
        )
    if first_filing is None:
        raise UserError("数据库中还没有案件，无法统计。", field="period")
    if period.end < first_filing:
        raise UserError(
            f"统计期间（{period.label}）早于最早的立案日期（{chinese_day(first_filing)}），"
            "没有可统计的案件。请选择之后的期间。",
            field="period",
        )
