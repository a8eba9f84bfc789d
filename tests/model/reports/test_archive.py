"""报表存档: each sheet made is recorded, reprints byte for byte, and shows later changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from model.access.audit_chain import verify
from model.access.audit_packing import canonical
from model.cases.events.periods import record_excluded_period
from model.entities import IssuedSheet
from model.reports.archive import (
    check_sheet,
    file_sha256,
    issue_weekly_sheet,
    issued_sheets,
    reprint_sheet,
)
from model.reports.weekly_command import export_weekly_report
from model.reports.weekly_layout import FIGURES_SHEET
from tests.factories import recorded_changes
from tests.model.reports.test_as_of import WEEK, two_overdue

D = dt.date


def test_a_sheet_made_is_recorded_with_its_hash_and_audited(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    two_overdue(sessions)
    out = tmp_path / "week.xlsx"
    report = export_weekly_report(sessions, WEEK, D(2026, 9, 14), out)
    [issued] = issued_sheets(sessions)
    assert (issued.monday, issued.as_of, issued.made_by) == (WEEK, D(2026, 9, 13), "系统")
    assert issued.sha256 == file_sha256(out) and issued.file_name == "week.xlsx"
    assert issued.figures["overdue"] == 2 == report.total.overdue
    assert issued.week == "2026年9月7日至9月13日"
    [entry] = recorded_changes(sessions, entity="issued_sheets")
    recorded = canonical(entry.after)
    assert entry.action == "insert" and issued.sha256 in recorded and '"overdue":2' in recorded
    assert verify(sessions).ok


def test_a_reprint_is_the_issued_file_even_after_a_late_correction(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    a, _ = two_overdue(sessions)
    first = tmp_path / "issued.xlsx"
    _, sheet_id = issue_weekly_sheet(sessions, WEEK, D(2026, 9, 14), first, None)
    assert check_sheet(sessions, sheet_id).unchanged
    # a month later, an appraisal period of case A is recorded, dated back into that week
    record_excluded_period(
        sessions, a, "审计、评估、资产清理", D(2026, 9, 1), D(2026, 9, 20), "评估", None,
        today=D(2026, 10, 12),
    )  # fmt: skip
    again = tmp_path / "reprint.xlsx"
    assert reprint_sheet(sessions, sheet_id, again)
    assert again.read_bytes() == first.read_bytes()
    check = check_sheet(sessions, sheet_id)
    assert not check.unchanged
    changed = {(f.label, f.figure): (f.issued, f.now) for f in check.figures}
    assert changed[("合计", "超期")] == (2, 1)
    assert changed[("合计", "超审限")] == (2, 1)
    [case] = check.cases
    assert case.case_id == a and "超期：计入→不计入" in case.changes
    assert "存档 2，现在 1" in check.message and case.number in check.message
    # the record itself is kept as issued
    with sessions() as s:
        assert s.get(IssuedSheet, sheet_id).figures["overdue"] == 2  # type: ignore[union-attr]
    # a sheet made now for the same week shows the corrected figures, and is recorded too
    now = tmp_path / "now.xlsx"
    report, second = issue_weekly_sheet(sessions, WEEK, D(2026, 10, 12), now, None)
    assert report.total.overdue == 1 and second != sheet_id
    assert load_workbook(now)[FIGURES_SHEET]["A2"].value.startswith("统计周期：2026年9月7日")
    assert [s.id for s in issued_sheets(sessions)] == [second, sheet_id]


def test_a_sheet_issued_before_the_chart_reprints_without_it(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    """报表存档 keeps each sheet's layout: one issued in layout 1 is reprinted in layout 1."""
    from model.entities import IssuedSheetContent
    from model.reports.weekly import weekly_figures
    from model.reports.weekly_sheet import write_weekly_sheet

    two_overdue(sessions)
    first = tmp_path / "issued.xlsx"
    _, sheet_id = issue_weekly_sheet(sessions, WEEK, D(2026, 9, 14), first, None)
    assert load_workbook(first).sheetnames[-1] == "图表数据"
    # what an earlier version stored: no layout in the content, the file without a chart
    with sessions.begin() as s:
        content = s.get(IssuedSheetContent, sheet_id)
        sheet = s.get(IssuedSheet, sheet_id)
        assert content is not None and sheet is not None
        content.report = {k: v for k, v in content.report.items() if k != "layout"}
        old = tmp_path / "old.xlsx"
        write_weekly_sheet(
            weekly_figures(s, WEEK, D(2026, 9, 14)), old, created=sheet.made_at, layout=1
        )
        sheet.sha256 = file_sha256(old)
    again = tmp_path / "reprint.xlsx"
    assert reprint_sheet(sessions, sheet_id, again)
    assert again.read_bytes() == old.read_bytes()
    assert "图表数据" not in load_workbook(again).sheetnames
