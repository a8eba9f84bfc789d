"""终本复查's schedule: when each of the ten checks falls due and where it stands, pure.

Apart from the recording of checks (``model.cases.events.property_check``), which
registers a found property's 执恢 case through intake: the 待办 list, read at every
start of the window, needs only the schedule, not intake's modules (issue 20).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from model.calendar.deadlines import (
    PROPERTY_CHECK_INTERVAL_MONTHS,
    PROPERTY_CHECK_YEARS,
    add_months,
    property_check_dates,
)
from model.entities import PROPERTY_CHECK_RESULTS

FINAL_METHOD = "终结本次执行程序"
NOTHING_FOUND, PROPERTY_FOUND = PROPERTY_CHECK_RESULTS


class CheckState(str, Enum):
    """Where one scheduled check stands on a given day."""

    DONE = "done"  # 已核查
    OVERDUE = "overdue"  # 已逾期
    DUE = "due"  # 待核查: due within the reminder window
    LATER = "later"  # 未到期
    MOOT = "moot"  # 已恢复执行: no further checks

    @property
    def label(self) -> str:
        """The state in Chinese."""
        return CHECK_STATE_LABELS[self]


CHECK_STATE_LABELS = {
    CheckState.DONE: "已核查",
    CheckState.OVERDUE: "已逾期",
    CheckState.DUE: "待核查",
    CheckState.LATER: "未到期",
    CheckState.MOOT: "已恢复执行",
}


@dataclass(frozen=True)
class ScheduledCheck:
    """One of the ten checks: when it is due, its state, and the check that settled it."""

    ordinal: int  # 1 … 10
    due: dt.date
    state: CheckState
    checked_on: dt.date | None = None
    result: str = ""


def check_schedule(
    closed_on: dt.date,
    recorded: list[tuple[dt.date, str]],
    today: dt.date,
    window_days: int = 14,
) -> list[ScheduledCheck]:
    """The ten checks of a 终本 case as of ``today``; ``recorded``: (date, result), oldest first.

    The n-th recorded check settles the n-th scheduled one; after one that found
    property (恢复执行) the rest are moot. An open check is due when it falls within
    ``window_days`` of today, overdue when its day has passed.
    """
    schedule: list[ScheduledCheck] = []
    resumed = False
    for ordinal, due in enumerate(property_check_dates(closed_on), start=1):
        if ordinal <= len(recorded):
            day, result = recorded[ordinal - 1]
            schedule.append(ScheduledCheck(ordinal, due, CheckState.DONE, day, result))
            resumed = resumed or result == PROPERTY_FOUND
        elif resumed:
            schedule.append(ScheduledCheck(ordinal, due, CheckState.MOOT))
        elif due < today:
            schedule.append(ScheduledCheck(ordinal, due, CheckState.OVERDUE))
        elif (due - today).days <= window_days:
            schedule.append(ScheduledCheck(ordinal, due, CheckState.DUE))
        else:
            schedule.append(ScheduledCheck(ordinal, due, CheckState.LATER))
    return schedule


def open_checks(closed_on: dt.date, done: int, today: dt.date) -> tuple[int, dt.date, int] | None:
    """The earliest open check after ``done`` recorded ones: (ordinal, due, overdue count).

    What ``check_schedule`` says about the open checks, with two date sums instead of
    ten (the 待办 list asks it of thousands of cases). None when all ten are recorded.
    """
    count = PROPERTY_CHECK_YEARS * 12 // PROPERTY_CHECK_INTERVAL_MONTHS
    if done >= count:
        return None
    due = add_months(closed_on, PROPERTY_CHECK_INTERVAL_MONTHS * (done + 1))
    elapsed = (today.year - closed_on.year) * 12 + today.month - closed_on.month
    passed = min(count, elapsed // PROPERTY_CHECK_INTERVAL_MONTHS)
    if passed and add_months(closed_on, PROPERTY_CHECK_INTERVAL_MONTHS * passed) >= today:
        passed -= 1  # the check of this month is not yet past
    return done + 1, due, max(0, passed - done)
