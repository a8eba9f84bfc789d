"""报表存档: every weekly sheet made is recorded, can be reprinted exactly, and checked.

A sheet made in the window or by ``weekly-report`` is written and then recorded in one
transaction: the week, the day its figures stand at, when and by whom, the 合计 line's
counts and the SHA-256 of the file (``IssuedSheet``, audited), with what it showed —
every line, the urgent list — and each case's part in the figures
(``IssuedSheetContent``). A reprint writes the stored report again with the stored
"created" time, so the file is byte for byte the one issued (its SHA-256 says so). A
check recomputes the same week as of the same day from today's facts: a figure that no
longer matches is reported as changed, beside the cases whose part changed — never
silently replaced.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.access.audit import acting_as
from model.entities import IssuedSheet, IssuedSheetContent, Person
from model.errors import UserError
from model.reports.as_of import CasePart, Figures, case_parts_as_of
from model.reports.urgent import UrgentCase
from model.reports.weekly import WeeklyReport, WeeklyRow, week_label, week_of, weekly_figures
from model.reports.weekly_chart import SHEET_LAYOUT

FIGURE_LABELS = {
    "carried": "旧存",
    "new": "新收",
    "closed": "已结",
    "pending": "未结",
    "overdue": "超期",
    "due_soon": "7日内到期",
    "closed_in_time": "期限内结案",
    "statutory_overdue": "超审限",
    "closed_in_statutory": "法定期限内结案",
}


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


# --- the report as plain JSON, and back --------------------------------------------------


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _from_day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def report_json(report: WeeklyReport) -> dict[str, Any]:
    """Everything the sheet shows, as JSON values."""
    return {
        "court_name": report.court_name,
        "monday": _day(report.monday),
        "sunday": _day(report.sunday),
        "as_of": _day(report.as_of),
        "made_on": _day(report.made_on),
        "rows": [
            {"kind": r.kind, "team": r.team, "label": r.label, **r.figures.as_dict()}
            for r in report.rows
        ],
        "urgent": [
            {
                **dataclasses.asdict(u),
                "due_date": _day(u.due_date),
                "statutory_due_date": _day(u.statutory_due_date),
            }
            for u in report.urgent
        ],
        "missing_years": list(report.missing_years),
        "layout": SHEET_LAYOUT,
    }


def report_from_json(data: dict[str, Any]) -> WeeklyReport:
    """The report a sheet was written from, rebuilt from ``report_json``."""
    names = [f.name for f in dataclasses.fields(Figures)]
    rows = [
        WeeklyRow(r["kind"], r["team"], r["label"], Figures(**{n: r[n] for n in names}))
        for r in data["rows"]
    ]
    urgent = [
        UrgentCase(
            **{
                **u,
                "due_date": _from_day(u["due_date"]),
                "statutory_due_date": _from_day(u["statutory_due_date"]),
            }
        )
        for u in data["urgent"]
    ]
    return WeeklyReport(
        court_name=data["court_name"],
        monday=dt.date.fromisoformat(data["monday"]),
        sunday=dt.date.fromisoformat(data["sunday"]),
        as_of=dt.date.fromisoformat(data["as_of"]),
        made_on=dt.date.fromisoformat(data["made_on"]),
        rows=rows,
        urgent=urgent,
        missing_years=list(data.get("missing_years", [])),
    )


def _parts_json(parts: list[CasePart]) -> list[list[Any]]:
    return [[p.case_id, p.number, *p.bucket, *dataclasses.astuple(p.figures)] for p in parts]


def _parts_from_json(rows: list[list[Any]]) -> dict[int, CasePart]:
    return {
        row[0]: CasePart(row[0], row[1], (row[2], row[3], row[4], bool(row[5])), Figures(*row[6:]))
        for row in rows
    }


# --- issuing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedSummary:
    """One issued sheet, as the 报表 tab lists it."""

    id: int
    monday: dt.date
    as_of: dt.date
    made_at: dt.datetime
    made_by: str
    file_name: str
    sha256: str
    figures: dict[str, int]

    @property
    def week(self) -> str:
        """2026年11月23日至11月29日."""
        return week_label(*week_of(self.monday))


def issue_weekly_sheet(
    sessions: sessionmaker[Session],
    any_day: dt.date,
    today: dt.date,
    path: Path,
    actor_id: int | None,
    *,
    made_at: dt.datetime | None = None,
) -> tuple[WeeklyReport, int]:
    """Compute the week's sheet, write it to ``path`` and record it; (report, its record's id).

    The figures and each case's part are read in one session, so what is kept is what
    was written. The record is added only after the file is written; if recording
    fails, the file is removed too (a sheet handed out is always on record).
    """
    from model.reports.weekly_sheet import write_weekly_sheet  # XlsxWriter: on use

    made_at = (made_at or dt.datetime.now()).replace(microsecond=0)
    with sessions() as session:
        report = weekly_figures(session, any_day, today)
        parts = case_parts_as_of(session, report.monday, report.as_of)
    write_weekly_sheet(report, path, created=made_at)
    try:
        with sessions.begin() as session:
            acting_as(session, actor_id)
            sheet = IssuedSheet(
                monday=report.monday,
                as_of=report.as_of,
                made_on=report.made_on,
                made_at=made_at,
                made_by_id=actor_id,
                file_name=path.name,
                sha256=file_sha256(path),
                figures=report.total.as_dict(),
            )
            session.add(sheet)
            session.flush()
            session.add(
                IssuedSheetContent(
                    sheet_id=sheet.id, report=report_json(report), cases=_parts_json(parts)
                )
            )
            sheet_id = sheet.id
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return report, sheet_id


def issued_sheets(sessions: sessionmaker[Session], limit: int = 200) -> list[IssuedSummary]:
    """The sheets made, newest first."""
    with sessions() as session:
        rows = session.execute(
            select(IssuedSheet, Person.name)
            .outerjoin(Person, Person.id == IssuedSheet.made_by_id)
            .order_by(IssuedSheet.made_at.desc(), IssuedSheet.id.desc())
            .limit(limit)
        ).all()
        return [
            IssuedSummary(
                sheet.id,
                sheet.monday,
                sheet.as_of,
                sheet.made_at,
                name or "系统",
                sheet.file_name,
                sheet.sha256,
                dict(sheet.figures),
            )
            for sheet, name in rows
        ]


def _load(session: Session, sheet_id: int) -> tuple[IssuedSheet, IssuedSheetContent]:
    sheet = session.get(IssuedSheet, sheet_id)
    content = session.get(IssuedSheetContent, sheet_id)
    if sheet is None or content is None:
        raise UserError("找不到这份存档的报表，请刷新列表后重试。")
    return sheet, content


def reprint_sheet(sessions: sessionmaker[Session], sheet_id: int, path: Path) -> bool:
    """Write an issued sheet again exactly as issued; True when its SHA-256 matches."""
    from model.reports.weekly_sheet import write_weekly_sheet  # XlsxWriter: on use

    with sessions() as session:
        sheet, content = _load(session, sheet_id)
        report = report_from_json(content.report)
        layout = int(content.report.get("layout", 1))  # sheets issued before the chart: 1
        made_at, sha = sheet.made_at, sheet.sha256
    write_weekly_sheet(report, path, created=made_at, layout=layout)
    return file_sha256(path) == sha


# --- checking an issued sheet against today's facts ------------------------------------


@dataclass(frozen=True)
class ChangedFigure:
    """A figure of an issued sheet that a recomputation today gives differently."""

    team: str
    label: str
    figure: str  # its column's name (超期 …)
    issued: int
    now: int


@dataclass(frozen=True)
class ChangedCase:
    """A case whose part in the sheet changed since it was issued, and how."""

    case_id: int
    number: str
    changes: str  # e.g. 超期：计入→不计入；承办：移至其他团队/组/法官


@dataclass(frozen=True)
class SheetCheck:
    """An issued sheet beside a recomputation of the same week, as of the same day."""

    sheet_id: int
    issued: WeeklyReport
    now: WeeklyReport
    figures: list[ChangedFigure]
    cases: list[ChangedCase]

    @property
    def unchanged(self) -> bool:
        """Every figure still matches."""
        return not self.figures and not self.cases

    @property
    def message(self) -> str:
        """One paragraph in Chinese."""
        if self.unchanged:
            return "按当前数据重新计算，这份报表的全部数字与存档一致。"
        lines = [
            f"按当前数据重新计算，有 {len(self.figures)} 项数字与存档不同（存档的报表保持原样）："
        ]
        lines += [
            f"{f.team + ' ' if f.team else ''}{f.label} {f.figure}：存档 {f.issued}，现在 {f.now}"
            for f in self.figures
        ]
        if self.cases:
            lines.append(f"引起变化的案件 {len(self.cases)} 件：")
            lines += [f"{c.number}：{c.changes}" for c in self.cases]
        return "\n".join(lines)


def _case_changes(before: CasePart | None, after: CasePart | None) -> str:
    if before is None:
        return "存档时未计入，现在计入（补录或更正）"
    if after is None:
        return "存档时计入，现在不再计入（更正）"
    changes = []
    for field in dataclasses.fields(Figures):
        old, new = getattr(before.figures, field.name), getattr(after.figures, field.name)
        if old != new:
            changes.append(f"{FIGURE_LABELS[field.name]}：{'计入' if old else '不计入'}→"
                           f"{'计入' if new else '不计入'}")  # fmt: skip
    if before.bucket != after.bucket:
        changes.append("承办团队、办案组或法官有变化")
    return "；".join(changes)


def check_sheet(sessions: sessionmaker[Session], sheet_id: int) -> SheetCheck:
    """Recompute an issued sheet's week as of its day from today's facts, and compare."""
    with sessions() as session:
        _, content = _load(session, sheet_id)
        issued = report_from_json(content.report)
        now = weekly_figures(session, issued.monday, issued.as_of)
        parts_now = {p.case_id: p for p in case_parts_as_of(session, issued.monday, issued.as_of)}
        parts_then = _parts_from_json(content.cases)
    lines_now = {(r.kind, r.team, r.label): r.figures for r in now.rows}
    figures: list[ChangedFigure] = []
    for row in issued.rows:
        current = lines_now.get((row.kind, row.team, row.label), Figures())
        for field in dataclasses.fields(Figures):
            old, new = getattr(row.figures, field.name), getattr(current, field.name)
            if old != new:
                figures.append(
                    ChangedFigure(row.team, row.label, FIGURE_LABELS[field.name], old, new)
                )
    cases = [
        ChangedCase(
            case_id,
            (parts_now.get(case_id) or parts_then[case_id]).number,
            _case_changes(parts_then.get(case_id), parts_now.get(case_id)),
        )
        for case_id in sorted(set(parts_now) | set(parts_then))
        if parts_now.get(case_id) != parts_then.get(case_id)
    ]
    return SheetCheck(sheet_id, issued, now, figures, cases)
