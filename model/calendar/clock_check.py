"""The check's view of the clocks: cases whose stored clock is not what their events give.

A due date (or status) edited with a database tool, behind the program's back, is
found here and named in Chinese (the ``check`` command, 数据检查). Reads only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from model.calendar.clock import CLOCK_FIELDS, recomputed_clocks
from model.calendar.workdays import load_calendar
from model.entities import CaseStatus

_CLOCK_LABELS = {
    "due_date": "到期日",
    "statutory_due_date": "法定到期日",
    "status": "状态",
    "closed_on": "结案日期",
    "closing_method": "结案方式",
    "days_left_at_suspension": "中止时剩余天数",
}


@dataclass(frozen=True)
class ClockDifference:
    """A case whose stored clock is not what its events give: edited outside the program."""

    case_id: int
    number: str
    field: str
    stored: object
    computed: object

    @property
    def message(self) -> str:
        """In Chinese: which case, which value, stored and recomputed."""

        def shown(value: object) -> str:
            if value is None:
                return "空"
            if isinstance(value, CaseStatus):
                return value.label
            return str(value)

        return (
            f"案件 {self.number}（编号 {self.case_id}）的{_CLOCK_LABELS[self.field]}"
            f"记为 {shown(self.stored)}，按其立案日期和各事项应为 {shown(self.computed)}"
        )


def stale_clocks(session: Session) -> list[ClockDifference]:
    """Every case whose stored clock differs from the one its events give; writes nothing.

    The same computation as ``refresh_all_clocks``, compared instead of written: a
    due date (or status) edited with a database tool is found here.
    """
    found: list[ClockDifference] = []
    for case_id, number, before, after in recomputed_clocks(session, load_calendar(session)):
        for name, stored, computed in zip(CLOCK_FIELDS, before, after, strict=True):
            if stored != computed:
                found.append(ClockDifference(case_id, number, name, stored, computed))
    return found
