"""The last 12 weeks' 结案率 and overdue counts, each week as of its Sunday (or today).

Each week is counted by the weekly sheet's own function (``figures_as_of``), so a point
of a line is the 合计 line of that week's sheet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from model.reports.as_of import Figures, figures_as_of
from model.reports.weekly import week_of

WEEKS = 12


@dataclass(frozen=True)
class WeekPoint:
    """One week of the lines."""

    monday: dt.date
    as_of: dt.date
    closing_rate: float | None  # 结案率
    overdue: int  # 超期: pending past the track limit on its as-of day
    statutory_overdue: int = 0  # 超审限: pending past the statutory limit on its as-of day

    @property
    def label(self) -> str:
        """11/23 (the Monday), as an axis names a week."""
        return f"{self.monday.month}/{self.monday.day}"


def weekly_trend(session: Session, last_day: dt.date, weeks: int = WEEKS) -> list[WeekPoint]:
    """The ``weeks`` weeks ending with the one holding ``last_day``, oldest first."""
    monday, _ = week_of(last_day)
    points = []
    for back in range(weeks - 1, -1, -1):
        start = monday - dt.timedelta(weeks=back)
        as_of = min(start + dt.timedelta(days=6), last_day)
        total = sum(figures_as_of(session, start, as_of).values(), Figures())
        points.append(
            WeekPoint(start, as_of, total.closing_rate, total.overdue, total.statutory_overdue)
        )
    return points
