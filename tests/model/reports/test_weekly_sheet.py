"""The weekly sheet as a workbook: values, real dates, print setup; the weekly-report command."""

from __future__ import annotations

import datetime as dt
import errno
import re
import zipfile
from pathlib import Path

import pytest
import xlsxwriter.workbook
from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from model.commands import run_command
from model.errors import UserError
from model.reports.sheet_style import display_width, wrapped_lines
from model.reports.weekly import UrgentCase, WeeklyReport
from model.reports.weekly_chart import judge_bars
from model.reports.weekly_command import export_weekly_report
from model.reports.weekly_sheet import (
    CHART_DATA_SHEET,
    FIGURE_HEADERS,
    FIGURES_SHEET,
    URGENT_HEADERS,
    URGENT_SHEET,
    write_weekly_sheet,
)
from model.storage.store import Store
from tests.model.reports.test_weekly import build_week
from tests.report_cases import D


def test_the_sheet_holds_the_figures_as_values(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    build_week(sessions)
    out = tmp_path / "week.xlsx"
    export_weekly_report(sessions, D(2026, 11, 24), D(2026, 12, 1), out)
    book = load_workbook(out)
    assert book.sheetnames == [FIGURES_SHEET, URGENT_SHEET, CHART_DATA_SHEET]
    sheet = book[FIGURES_SHEET]
    assert sheet["A1"].value == "江源林区基层法院执行局周工作量统计表"
    assert sheet["A2"].value == "统计周期：2026年11月23日至11月29日"
    assert tuple(c.value for c in sheet[3]) == FIGURE_HEADERS
    rows = {(r[0], r[1]): r[2:] for r in sheet.iter_rows(min_row=4, values_only=True)}
    # 旧存 新收 已结 未结 超期 超审限 7日内到期 (the hand-built cases have no statutory dates)
    assert rows[("执行速执团队", "团队合计")][:7] == (6, 3, 5, 4, 1, 0, 1)
    total = rows[(None, "合计")]
    assert total[:7] == (10, 5, 7, 8, 2, 0, 3)
    assert total[7] == pytest.approx(7 / 15) and total[8] == pytest.approx(5 / 7)
    assert total[9] == 1.0  # 法定期限内结案率
    assert rows[("按承办法官合计", "承办法官 王爱军")][:7] == (5, 2, 3, 4, 1, 0, 3)
    assert (None, "特殊案件（单列）") in rows and (None, "合计") in rows  # blank, not ""
    assert not any(
        isinstance(c.value, str) and c.value.startswith("=")
        for row in sheet.iter_rows()
        for c in row
    )
    assert sheet.cell(4, 10).number_format == "0.0%"
    assert sheet.cell(4, 1).font.b and sheet.cell(4, 1).font.name == "宋体"
    # print setup
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    # fitToWidth="1" is the schema's default, which XlsxWriter leaves out (openpyxl reads None)
    # with its chart the figures' page is one page, tall and wide (fitToHeight 1)
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight in (None, 1)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$3"
    assert sheet.oddFooter.right.text == "第 &P 页 共 &N 页"
    assert "2026年12月1日" in sheet.oddFooter.left.text
    assert sheet.print_options.horizontalCentered
    margins = sheet.page_margins
    assert (margins.left, margins.right, margins.top, margins.bottom) == (0.5, 0.5, 0.75, 0.75)
    assert sheet.oddFooter.left.font == sheet.oddFooter.right.font == "宋体,Regular"
    assert sheet.freeze_panes == "C4"
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:L1", "A2:L2", "A20:L20"}
    assert sheet.row_dimensions[1].height == 28 and sheet.row_dimensions[20].height == 64
    assert sheet["A1"].font.sz == 16 and sheet["A1"].alignment.horizontal == "center"
    assert sheet["A3"].fill.fgColor.rgb.endswith("D9D9D9") and sheet["A3"].font.b
    assert sheet["B5"].alignment.horizontal == "left" and not sheet["B5"].font.b
    assert sheet["L19"].number_format == "0.0%" and sheet["L19"].border.left.style == "thin"
    # a CJK header is wider than an ASCII one of the same length: 期限内结案率 is 12 cells + 2
    assert sheet.column_dimensions["K"].width == 14
    assert sheet.column_dimensions["L"].width == 18  # 法定期限内结案率

    urgent = book[URGENT_SHEET]
    assert tuple(c.value for c in urgent[3]) == URGENT_HEADERS
    first = [c.value for c in urgent[4]]
    assert first[1] == "（2026）吉0605执12号" and first[9] == -28 and first[11] == "超期28天"
    assert isinstance(first[7], dt.datetime) and first[7].date() == D(2026, 11, 1)
    assert urgent.cell(4, 8).number_format == "yyyy-mm-dd"
    for row in (4, 8):  # every row styled alike (the styles are copied after the first)
        assert urgent.cell(row, 8).number_format == "yyyy-mm-dd"
        assert urgent.cell(row, 2).alignment.wrap_text
        assert urgent.cell(row, 10).alignment.horizontal == "center"
        assert urgent.cell(row, 2).border.left.style == urgent.cell(4, 1).border.left.style
        assert urgent.cell(row, 2).border.left.style is not None
    assert urgent.max_row == 3 + 5
    assert urgent.print_title_rows == "$1:$3"


def test_an_unfinished_week_says_so(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    out = tmp_path / "week.xlsx"
    export_weekly_report(sessions, D(2026, 11, 24), D(2026, 11, 25), out)
    sheet = load_workbook(out)[FIGURES_SHEET]
    assert sheet["A2"].value.endswith("（本周未结束，统计截至2026年11月25日）")
    assert load_workbook(out)[URGENT_SHEET]["A4"].value.startswith("本周没有")


def test_a_bad_target_is_a_user_error(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"\.xlsx"):
        export_weekly_report(sessions, D(2026, 11, 24), D(2026, 12, 1), tmp_path / "a.csv")
    with pytest.raises(UserError, match="文件夹不存在"):
        export_weekly_report(sessions, D(2026, 11, 24), D(2026, 12, 1), tmp_path / "x" / "a.xlsx")


def test_weekly_report_command(store: Store, tmp_path: Path, capsys) -> None:
    build_week(store.sessions)
    out = tmp_path / "w.xlsx"
    code = run_command(
        [
            "weekly-report",
            str(out),
            "--week",
            "2026-11-26",
            "--db",
            store.url,
            "--today",
            "2026-12-01",
        ]
    )
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "2026年11月23日至11月29日" in printed.out and "旧存 10" in printed.out
    assert out.exists()
    # whether it was recorded, it says once, and never that it wrote nothing when it did
    recorded = "已存档" in printed.out
    assert recorded != ("本表未存档" in printed.out)
    assert recorded != ("不写入" in printed.out)


def test_weekly_report_command_refuses_a_week_not_begun(
    store: Store, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "w.xlsx"
    code = run_command(
        [
            "weekly-report",
            str(out),
            "--week",
            "2027-01-04",
            "--db",
            store.url,
            "--today",
            "2026-12-01",
        ]
    )
    assert code == 1
    assert "尚未开始" in capsys.readouterr().err
    assert not out.exists()


def test_weekly_report_command_refuses_a_week_that_is_not_a_date(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        run_command(["weekly-report", str(tmp_path / "w.xlsx"), "--week", "下周一"])
    assert exit_.value.code == 2
    assert "不是有效日期" in capsys.readouterr().err


def _urgent(number: int, applicants: str, days_left: int, statutory: dt.date | None) -> UrgentCase:
    return UrgentCase(
        case_id=number,
        number=f"（2026）吉0605执{number}号",
        applicants=applicants,
        respondents="周霞",
        team="执行速执团队",
        group="",
        judge="王爱军",
        due_date=D(2026, 11, 28) + dt.timedelta(days=days_left),
        statutory_due_date=statutory,
        days_left=days_left,
        statutory_days_left=(statutory - D(2026, 11, 28)).days if statutory else None,
    )


def test_urgent_rows_wrap_long_names_and_keep_blank_cells_styled(tmp_path: Path) -> None:
    long_name = "白山市" + "林业开发有限责任公司" * 4  # 86 cells: 4 lines of a 24-wide column
    report = WeeklyReport(
        court_name="江源林区基层法院",
        monday=D(2026, 11, 23),
        sunday=D(2026, 11, 29),
        as_of=D(2026, 11, 28),
        made_on=D(2026, 11, 28),
        urgent=[
            _urgent(1, long_name, -3, None),
            _urgent(2, "方飞娟", 0, D(2027, 1, 5)),
            _urgent(3, "白山市林业开发有限责任公司", 2, D(2027, 1, 5)),
        ],
    )
    out = tmp_path / "week.xlsx"
    write_weekly_sheet(report, out)
    sheet = load_workbook(out)[URGENT_SHEET]
    assert [sheet.cell(row, 12).value for row in (4, 5, 6)] == [
        "超期3天",
        "今日到期（团队期限）",
        "临期（团队期限）",
    ]
    assert [sheet.cell(row, 11).value for row in (4, 5, 6)] == [None, 38, 38]  # 法定剩余天数
    assert sheet.column_dimensions["C"].width == 24  # capped
    assert sheet.column_dimensions["A"].width == 6  # 序号: the minimum
    # heights: 15 points a line, only where a text wraps
    assert sheet.row_dimensions[4].height == 15 * wrapped_lines(display_width(long_name), 24) == 60
    assert sheet.row_dimensions[5].height is None
    assert sheet.row_dimensions[6].height == 30
    # an empty group and a missing statutory date are blank cells, bordered like the rest
    for cell in (sheet["F4"], sheet["I4"]):
        assert cell.value is None and cell.border.left.style == "thin"
    assert (
        sheet["I5"].value == dt.datetime(2027, 1, 5) and sheet["I5"].number_format == "yyyy-mm-dd"
    )
    assert sheet["J4"].value == -3 and sheet["J4"].alignment.horizontal == "center"
    assert sheet.freeze_panes == "A4"
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:L1", "A2:L2"}
    # the figures sheet of a report without lines still has its title, header and notes
    figures = load_workbook(out)[FIGURES_SHEET]
    assert figures["A3"].value == "团队" and figures["A4"].value.startswith("说明")


def test_a_full_disk_is_a_user_error_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlsxwriter.workbook, "ZipFile", full)
    report = WeeklyReport(
        "江源林区基层法院", D(2026, 11, 23), D(2026, 11, 29), D(2026, 11, 28), D(2026, 11, 28)
    )
    with pytest.raises(UserError, match=r"无法写入 week\.xlsx：No space left on device"):
        write_weekly_sheet(report, tmp_path / "week.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_each_judge_has_a_stacked_bar_on_the_first_page(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    build_week(sessions)
    out = tmp_path / "week.xlsx"
    report = export_weekly_report(sessions, D(2026, 11, 24), D(2026, 12, 1), out)
    bars = dict(judge_bars(report))
    # 王爱军: 4 pending, 1 past its track limit, none past the statutory one
    assert bars["王爱军"] == (3, 1, 0)
    for name, split in bars.items():
        line = next(r for r in report.rows if r.label.endswith(name) and r.team == "按承办法官合计")
        assert sum(split) == line.figures.pending and split[2] == line.figures.statutory_overdue
    data = load_workbook(out)[CHART_DATA_SHEET]
    assert [c.value for c in data[1]] == ["承办法官", "未超期", "超期", "超审限"]
    assert {row[0]: tuple(row[1:]) for row in data.iter_rows(min_row=2, values_only=True)} == bars
    with zipfile.ZipFile(out) as archive:
        charts = [n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        assert len(charts) == 1
        chart = archive.read(charts[0]).decode()
        drawing = archive.read("xl/drawings/drawing1.xml").decode()
        workbook = archive.read("xl/workbook.xml").decode()
    assert '<c:grouping val="stacked"/>' in chart and "各承办法官未结案件" in chart
    assert chart.count("<c:ser>") == 3 and "F6C4C0" in chart.upper()  # 超期 in the list's red
    assert drawing.count("<c:chart ") == 1
    # the drawing belongs to the figures' sheet, and its print area takes the chart in
    sheet1_rels = zipfile.ZipFile(out).read("xl/worksheets/_rels/sheet1.xml.rels").decode()
    assert "drawing1.xml" in sheet1_rels
    assert "_xlnm.Print_Area" in workbook and "周工作量统计表" in workbook
