"""Due-date arithmetic (期限计算), pure.

The rules are those of 《最高人民法院关于严格执行案件审理期限制度的若干规定》
(第五条 the limits, 第八条 counting, 第九条 periods not counted) as SPEC §3 reads them.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Iterable

from model.calendar.workdays import WorkCalendar

DateRange = tuple[dt.date, dt.date | None]
"""An excluded period: first day, last day (None while open); both days count."""

STATUTORY_MONTHS = 6  # 第五条: enforcement cases
NON_LITIGATION_MONTHS = 3  # 非诉执行
PROPERTY_CHECK_INTERVAL_MONTHS = 6  # after 终本, every 6 months …
PROPERTY_CHECK_YEARS = 5  # … for 5 years
FINAL_CLOSING_MIN_MONTHS = 3  # 终本 only after more than 3 months since filing
EXTENSION_NOTICE_DAYS = 5  # an extension is to be requested ≥ 5 days before the limit

_ONE_DAY = dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or that month's last day where there is none.

    第八条 and the court practice for month periods: 2026-01-31 + 1 → 2026-02-28,
    2024-01-31 + 1 → 2024-02-29, 2026-05-28 + 3 → 2026-08-28.
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = _calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def excluded_days(ranges: Iterable[DateRange], until: dt.date | None = None) -> int:
    """The number of days in the union of ``ranges`` (第九条: periods not counted).

    A range counts both its first and its last day; overlapping days count once.
    With ``until``, only days up to and including it count, and an open range runs
    to it; without ``until``, an open range is left out (it has no length yet).
    """
    spans: list[tuple[dt.date, dt.date]] = []
    for start, end in ranges:
        last = end if end is not None else until
        if last is None:
            continue
        if until is not None:
            last = min(last, until)
        if last >= start:
            spans.append((start, last))
    total = 0
    current_start: dt.date | None = None
    current_end: dt.date | None = None
    for start, end in sorted(spans):
        if current_end is not None and start <= current_end + _ONE_DAY:
            current_end = max(current_end, end)
            continue
        if current_start is not None and current_end is not None:
            total += (current_end - current_start).days + 1
        current_start, current_end = start, end
    if current_start is not None and current_end is not None:
        total += (current_end - current_start).days + 1
    return total


def has_open_range(ranges: Iterable[DateRange]) -> bool:
    """True when a range has no end yet: the clock is stopped (中止)."""
    return any(end is None for _, end in ranges)


def due_date(
    filing_date: dt.date,
    months: int,
    extension_months: int,
    excluded_ranges: Iterable[DateRange],
    calendar: WorkCalendar,
) -> dt.date | None:
    """The last day of a limit, in SPEC §3's order (第八条, 第九条).

    Add the months (the limit plus approved extensions) to the filing date (the filing
    day itself is not counted); then add the days of the periods that do not count;
    then, if that day is not a working day, move to the next working day. Holidays
    inside the period are not deducted. None while an excluded period is open: the
    clock is stopped.
    """
    ranges = list(excluded_ranges)
    if has_open_range(ranges):
        return None
    day = add_months(filing_date, months + extension_months)
    day += dt.timedelta(days=excluded_days(ranges))
    return calendar.roll_forward(day)


def close_open_ranges(ranges: Iterable[DateRange], until: dt.date) -> list[DateRange]:
    """The ranges with every open one ended on ``until`` (a case closed while suspended)."""
    return [(start, end if end is not None else until) for start, end in ranges]


def days_left_at_suspension(
    filing_date: dt.date,
    months: int,
    extension_months: int,
    excluded_ranges: Iterable[DateRange],
    calendar: WorkCalendar,
) -> int | None:
    """The days that were left when the clock stopped (中止): shown instead of a due date.

    The due date the case had just before its earliest open period began (counting
    only the periods already closed that started before it), minus that first day.
    None when no period is open.
    """
    ranges = list(excluded_ranges)
    open_starts = [start for start, end in ranges if end is None]
    if not open_starts:
        return None
    stopped = min(open_starts)
    before = [(start, end) for start, end in ranges if end is not None and start < stopped]
    due = due_date(filing_date, months, extension_months, before, calendar)
    assert due is not None  # no open range among ``before``
    return (due - stopped).days


def property_check_dates(closed_on: dt.date) -> list[dt.date]:
    """After 终结本次执行程序: the property checks every 6 months for 5 years.

    《最高人民法院关于严格规范终结本次执行程序的规定（试行）》第九条: the court checks
    the respondent's property every six months within five years of closing.
    """
    count = PROPERTY_CHECK_YEARS * 12 // PROPERTY_CHECK_INTERVAL_MONTHS
    return [add_months(closed_on, PROPERTY_CHECK_INTERVAL_MONTHS * n) for n in range(1, count + 1)]


def next_property_check(closed_on: dt.date, today: dt.date) -> dt.date | None:
    """The first property check on or after ``today``; None once the 5 years are over."""
    return next((day for day in property_check_dates(closed_on) if day >= today), None)


def final_closing_allowed(filing_date: dt.date, closed_on: dt.date) -> bool:
    """终本 only when more than 3 months have passed since filing (SPEC §3)."""
    return closed_on > add_months(filing_date, FINAL_CLOSING_MIN_MONTHS)
