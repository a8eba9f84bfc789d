"""What checking a ledger yields: its good rows, its bad ones, and what an import wrote."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from model.cases.draft import DraftCheck
from model.cases.events.rules import CheckedExtension
from model.cases.intake import IntakeRequest, TriageChoice
from model.entities import Track


@dataclass
class RowProblem:
    """A bad row: its Excel row number, its case number as written, and what is wrong.

    ``sheet`` is set for a row of the 期限事项 sheet, so the message names it.
    """

    row: int
    number: str
    reasons: list[str]
    sheet: str = ""

    @property
    def text(self) -> str:
        """第 5 行（（2026）吉0605执1号）：立案日期…；… — or 期限事项 第 3 行（…）：…"""
        where = f"工作表“{self.sheet}”第 {self.row} 行" if self.sheet else f"第 {self.row} 行"
        return f"{where}（{self.number or '无案号'}）：" + "；".join(self.reasons)


@dataclass
class LedgerRow:
    """A good row: the intake it asks for (as the intake form would), and its closing if any."""

    row: int
    request: IntakeRequest  # assigned on the filing date
    closed_on: dt.date | None
    method: str
    check: DraftCheck | None = None  # validate_draft's result, reused when registering
    final_track: Track = Track.ORDINARY  # the track the row is triaged to
    choice: TriageChoice | None = None  # decide_track's result, reused when registering
    defer_closing: bool = False  # closed after its 期限事项 are recorded (not in bulk)
    received_fen: int | None = None  # 执行到位金额 (closed rows only), dated the closing day
    suggested: set[str] | None = None  # the criteria intake would pre-tick (suggested_codes)


@dataclass
class EventRow:
    """A good row of the 期限事项 sheet, checked against its case as it will then stand.

    ``kind`` is an excluded-period kind, 延长 or 移交; ``case_id`` is None for a case of
    the first sheet (registered in the same import) and the case's id otherwise.
    """

    row: int
    number: str  # the case number, normal form
    case_id: int | None
    kind: str
    start: dt.date
    end: dt.date | None = None
    reason: str = ""
    extension: CheckedExtension | None = None
    judge_id: int | None = None  # 移交: the new handler, None for the suggestion


@dataclass
class LedgerCheck:
    """The whole file checked: the good rows, the bad ones, and what was ignored."""

    path: Path
    total: int
    good: list[LedgerRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)  # good 期限事项 rows, in apply order
    event_total: int = 0  # rows of the 期限事项 sheet
    warnings: list[str] = field(default_factory=list)  # e.g. another court's code, by row

    @property
    def ok(self) -> bool:
        """No bad rows."""
        return not self.problems


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote."""

    imported: int
    skipped: int
    closed: int
    events: int = 0  # 期限事项 recorded
    late_extensions: tuple[str, ...] = ()  # the warning of each extension approved late
