"""What the statistics sheet, tab and print show: a period's figures and the weeks' trend."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from model.reports.periods import Period
from model.reports.statistics import Statistics, statistics
from model.reports.trend import WeekPoint, weekly_trend


@dataclass(frozen=True)
class StatisticsReport:
    """What the statistics sheet and the tab show: the figures and the weeks' trend."""

    stats: Statistics
    weeks: list[WeekPoint]

    def bars(self, kind: str) -> list[tuple[str, tuple[int, int, int]]]:
        """(name, (未超期, 超期, 超审限)) of each judge or group on the as-of day.

        Short names under a bar: a judge without 承办法官, a group without its team
        unless two teams have a group of that name.
        """
        rows = [row for row in self.stats.rows if row.kind == kind]
        names = [row.label.removeprefix("承办法官 ").split(" ", 1)[-1] for row in rows]
        if len(set(names)) < len(names):
            names = [row.label for row in rows]
        return [(name, row.current.pending_split) for name, row in zip(names, rows, strict=True)]


def compute_report(session: Session, period: Period, today: dt.date) -> StatisticsReport:
    """The statistics of a period and the 12 weeks up to its as-of day."""
    stats = statistics(session, period, today)
    return StatisticsReport(stats, weekly_trend(session, stats.as_of))
