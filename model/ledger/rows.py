"""What checking a ledger yields: its good rows, its bad ones, and what an import wrote."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from model.cases.intake import (
    CaseDraft,
    DraftCheck,
)
from model.entities import Track

TRACK_NAMES = {"简易": Track.SIMPLE, "普通": Track.ORDINARY, "特殊": Track.SPECIAL}
STEP = 200  # rows between progress reports and cancel checks


@dataclass
class RowProblem:
    """A bad row: its Excel row number, its case number as written, and what is wrong."""

    row: int
    number: str
    reasons: list[str]

    @property
    def text(self) -> str:
        """第 5 行（（2026）吉0605执1号）：立案日期…；…"""
        return f"第 {self.row} 行（{self.number or '无案号'}）：" + "；".join(self.reasons)


@dataclass
class LedgerRow:
    """A good row, ready for ``register_case``."""

    row: int
    draft: CaseDraft
    ticked: list[str]
    override_track: Track | None
    override_reason: str
    group_id: int | None
    judge_id: int | None
    closed_on: dt.date | None
    method: str
    check: DraftCheck | None = None  # validate_draft's result, reused when registering


@dataclass
class LedgerCheck:
    """The whole file checked: the good rows, the bad ones, and what was ignored."""

    path: Path
    total: int
    good: list[LedgerRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)

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
