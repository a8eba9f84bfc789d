"""质效指标统计表 as .xlsx: the table (print setup, values), the native charts, the command."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from model.commands import run_command
from model.reports.statistics_layout import CHART_DATA_SHEET, HEADERS, STATISTICS_SHEET
from model.storage.store import Store
from tests.model.reports.stat_cases import build


def run(store: Store, out: Path, start: str, end: str) -> int:
    return run_command(
        ["statistics", str(out), "--from", start, "--to", end, "--db", store.url,
         "--today", "2026-07-10"]
    )  # fmt: skip


def test_the_command_writes_the_table_and_its_charts(store: Store, tmp_path: Path, capsys) -> None:
    build(store.sessions)
    out = tmp_path / "统计.xlsx"
    assert run(store, out, "2026-04-01", "2026-06-30") == 0
    printed = capsys.readouterr().out
    assert "统计期间：2026年第二季度；收案 6，结案 3，未结 3，结案率 50.0%。" in printed

    book = load_workbook(out)
    assert book.sheetnames == [STATISTICS_SHEET, CHART_DATA_SHEET]
    sheet = book[STATISTICS_SHEET]
    assert sheet["A1"].value == "江源林区基层法院执行局质效指标统计表"
    assert (
        sheet["A2"].value == "统计期间：2026年第二季度；环比：2026年第一季度；同比：2025年第二季度"
    )
    assert tuple(c.value for c in sheet[3]) == HEADERS
    rows = {(r[0], r[1]): r[2:] for r in sheet.iter_rows(min_row=4, max_col=7, values_only=True)}
    assert rows[("全局", "收案")] == (6, 5, "▲ 1", 1, "▲ 5")
    assert rows[("全局", "结案率")] == (0.5, 0.2, "▲ 30.0个百分点", 1, "▼ 50.0个百分点")
    assert rows[("全局", "执行到位金额（元）")] == (9000.5, 3000, "▲ 6,000.50", 1000, "▲ 8,000.50")
    assert rows[("全局", "执行到位率")][1:3] == ("—", "—")
    assert rows[("承办法官 战殿有", "未结")] == (1, 0, "▲ 1", 0, "▲ 1")
    assert rows[("全局", "超期未结")][0] == 2 and rows[("全局", "超审限未结")][0] == 1
    assert sheet[f"C{4 + 4}"].number_format == "0.0%"  # 结案率, the fifth figure
    # print: A4 landscape, one page wide, title and header repeated, date and page numbers
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.print_title_rows == "$1:$3"
    assert "第 &P 页 共 &N 页" in sheet.oddFooter.right.text
    assert "制表日期：2026年7月10日" in sheet.oddFooter.left.text
    assert len(sheet.row_breaks.brk) == 1  # the charts begin on a page of their own
    data = book[CHART_DATA_SHEET]
    assert [c.value for c in data[1]] == ["承办法官", "未超期", "超期", "超审限"]
    judges = {r[0]: r[1:] for r in data.iter_rows(min_row=2, max_row=4, values_only=True)}
    # on 06-30: 王爱军 none pending; 姜福义 D in time, E past both limits; 战殿有 F past 06-10
    assert judges == {"王爱军": (0, 0, 0), "姜福义": (1, 0, 1), "战殿有": (0, 1, 0)}

    with zipfile.ZipFile(out) as archive:
        charts = sorted(
            n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)
        )
        assert len(charts) == 3
        xml = [archive.read(name).decode() for name in charts]
        drawing = archive.read("xl/drawings/drawing1.xml").decode()
    assert drawing.count("<c:chart ") == 3  # all three on the first sheet
    for bars in xml[:2]:
        assert "<c:barChart>" in bars and '<c:grouping val="stacked"/>' in bars
        assert bars.count("<c:ser>") == 3
        assert "图表数据" in bars and 'typeface="宋体"' in bars
        assert '<a:srgbClr val="F6C4C0"/>' in bars and '<a:srgbClr val="B3261E"/>' in bars
    assert "各承办法官未结案件" in xml[0] and "各办案组未结案件" in xml[1]
    lines = xml[2]
    assert "<c:lineChart>" in lines and lines.count("<c:ser>") == 3  # 结案率, 超期, 超审限
    assert "近12周结案率与超期、超审限案件数" in lines and lines.count("<c:valAx>") == 2  # two axes


def test_bad_periods_are_refused_and_nothing_is_written(
    store: Store, tmp_path: Path, capsys
) -> None:
    build(store.sessions)
    out = tmp_path / "统计.xlsx"
    assert run(store, out, "2026-06-30", "2026-04-01") == 1
    assert "结束日期（2026年4月1日）早于开始日期（2026年6月30日）" in capsys.readouterr().err
    assert run(store, out, "2020-01-01", "2020-12-31") == 1
    assert "早于最早的立案日期" in capsys.readouterr().err
    assert run(store, out, "2026-08-01", "2026-08-31") == 1
    assert "尚未开始" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_code:
        run_command(["statistics", str(out), "--from", "2026-13-01", "--to", "2026-12-31"])
    assert exit_code.value.code == 2 and "“2026-13-01”不是有效日期" in capsys.readouterr().err
    assert not out.exists()
