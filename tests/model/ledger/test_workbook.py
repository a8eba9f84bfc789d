"""The ledger's two readers: python-calamine when it can, openpyxl when it must, same values.

Every value the rows are interpreted from must come out of calamine as openpyxl gives it
(None, int, datetime…), and each file calamine would read differently or could not
survive (an error cell, a grid of half a terabyte) must go to openpyxl.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from openpyxl import Workbook
from sqlalchemy.orm import Session, sessionmaker

from model.errors import UserError
from model.ledger import workbook
from model.ledger.check import check_ledger
from model.ledger.read import EVENT_SHEET, read_ledger
from tests.ledger_files import realistic_ledger, write_ledger

TODAY = dt.date(2026, 11, 28)
HEADERS = ["案号", "立案日期", "申请执行人", "被执行人", "标的额"]


def _trimmed(rows: list[tuple[Any, ...]] | None) -> list[tuple[Any, ...]] | None:
    """Rows without trailing blank cells or rows (the two readers pad differently)."""
    if rows is None:
        return None
    out = [tuple(row[: max((i + 1 for i, v in enumerate(row) if v is not None), default=0)])
           for row in rows]  # fmt: skip
    while out and not out[-1]:
        out.pop()
    return out


def _both(path: Path) -> tuple[Any, Any]:
    fast = workbook._read_calamine(path, EVENT_SHEET)
    slow = workbook._read_openpyxl(path, EVENT_SHEET)
    return (
        (fast[0], _trimmed(fast[1]), _trimmed(fast[2])),
        (slow[0], _trimmed(slow[1]), _trimmed(slow[2])),
    )


def _every_kind_openpyxl(path: Path) -> Path:
    """Cells of every kind a ledger holds, as openpyxl writes them (inline strings)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "说明"
    sheet.append(["第一张表不是台账"])
    ledger = book.create_sheet("台账")
    ledger["B3"] = "案号"  # the headers below two blank rows, from column B
    for column, header in zip("CDEFGHIJ", [*HEADERS[1:], "a", "b", "c", "d"], strict=False):
        ledger[f"{column}3"] = header
    ledger.append([None, "（2026）吉0605执1号", dt.datetime(2026, 3, 1), "张三", "李四", 10_000])
    ledger.append([None, "(2026)吉0605执2号", "2026/3/2", "甲、乙", None, 12_345.67])
    ledger.append(
        [None, "（2026）吉0605执3号", dt.datetime(2026, 3, 3, 12, 30), " 王五 ", "", "900"]
    )
    ledger.append([None, "（2026）吉0605执4号", 46085, True, 0.1 + 0.2, -3])
    ledger.append([None, "（2026）吉0605执5号", dt.date(2026, 3, 5), "=C1", "=1+1", 1e20])
    ledger["G8"] = dt.time(8, 30)
    ledger["H8"] = dt.timedelta(hours=30)
    ledger["I8"] = "2026年3月6日"
    ledger["J8"] = 20240101
    ledger.merge_cells("D9:E10")
    ledger.append([None, "（2026）吉0605执6号", "2026-03-06", "合并", None, None])
    events = book.create_sheet(EVENT_SHEET)
    events.append(["案号", "事项", "开始日期", "结束日期"])
    events.append(["（2026）吉0605执1号", "公告", dt.datetime(2026, 3, 10), None])
    book.save(path)
    return path


def _every_kind_shared_strings(path: Path) -> Path:
    """The same kinds as Excel and WPS write them: shared strings, formula results cached."""
    book = xlsxwriter.Workbook(str(path))
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet("台账")
    sheet.write_row(0, 0, HEADERS)
    sheet.write_string(1, 0, "（2026）吉0605执7号")
    sheet.write_datetime(1, 1, dt.datetime(2026, 4, 1), day)
    sheet.write_string(1, 2, "张三\n李四")
    sheet.write_formula(1, 3, '="某"&"公司"', None, "某公司")  # the value Excel cached
    sheet.write_formula(1, 4, "=2*5000", None, 10_000)
    sheet.write_string(2, 0, "（2026）吉0605执8号")
    sheet.write_number(2, 1, 46113, day)  # a date kept as a formatted serial
    sheet.write_string(2, 4, "10000")  # a number stored as text
    sheet.write_number(3, 4, 1234.5)
    book.close()
    return path


@pytest.mark.parametrize("make", [_every_kind_openpyxl, _every_kind_shared_strings])
def test_calamine_reads_every_kind_of_cell_as_openpyxl_does(
    make: Callable[[Path], Path], tmp_path: Path
) -> None:
    path = make(tmp_path / "kinds.xlsx")
    assert workbook._calamine_can_read(path)
    fast, slow = _both(path)
    assert fast == slow
    title, rows, _ = fast
    assert title == "台账" and rows  # 台账 by name, not the first sheet


def test_a_realistic_ledger_reads_the_same_and_through_calamine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = realistic_ledger(tmp_path / "ledger.xlsx", 300)
    fast, slow = _both(path)
    assert fast == slow and fast[2]  # the 期限事项 sheet too

    def refuse(*_: object) -> None:
        raise AssertionError("openpyxl was used")

    monkeypatch.setattr(workbook, "_read_openpyxl", refuse)
    ledger = read_ledger(path)
    assert len(ledger.rows) == 300 and ledger.events is not None
    row, values = ledger.rows[0]
    filed = values[ledger.columns["立案日期"]]
    assert row == 2 and isinstance(filed, dt.datetime) and filed == dt.datetime(2025, 1, 2)
    assert isinstance(values[ledger.columns["标的额"]], float)


def test_a_carriage_return_excel_escapes_is_a_line_break_not_text(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    """Excel writes a pasted CR as ``_x000D_``: openpyxl's read-only mode left those seven
    characters in the name; calamine reads the CR, and the names split as typed."""
    path = tmp_path / "crlf.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("台账")
    sheet.write_row(0, 0, HEADERS[:4])
    sheet.write_row(1, 0, ["（2026）吉0605执9号", "2026-03-02", "张三\r\n李四", "王五\r"])
    book.close()
    assert b"_x000D_" in zipfile.ZipFile(path).read("xl/sharedStrings.xml")
    checked = check_ledger(sessions, path, TODAY)
    assert checked.ok, [p.text for p in checked.problems]
    draft = checked.good[0].request.draft
    assert draft.applicants == ["张三", "李四"]
    assert [name for name, _kind in draft.respondents] == ["王五"]


def _edit_sheet(source: Path, target: Path, edit: Callable[[str], str]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            new.writestr(info.filename, data)
    return target


def _one_row(folder: Path) -> Path:
    return write_ledger(
        folder / "base.xlsx", HEADERS[:4], [["（2026）吉0605执5号", "2026-03-02", "张三", "李四"]]
    )


def test_an_error_cell_is_read_by_openpyxl_as_its_text(tmp_path: Path) -> None:
    """calamine reads #N/A as a blank cell: the row would go in without its respondent."""
    path = _edit_sheet(
        _one_row(tmp_path),
        tmp_path / "na.xlsx",
        lambda xml: xml.replace(
            '<c r="D2" t="inlineStr"><is><t>李四</t></is></c>',
            '<c r="D2" t="e"><f>VLOOKUP(A2,X:Y,2,0)</f><v>#N/A</v></c>',
        ),
    )
    assert not workbook._calamine_can_read(path)
    ledger = read_ledger(path)
    assert ledger.rows[0][1][ledger.columns["被执行人"]] == "#N/A"


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ('<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>', "a grid of 17 billion cells"),
        ('<c r="IW2" t="inlineStr"><is><t>x</t></is></c>', "257 columns"),
        ('<c t="inlineStr"><is><t>x</t></is></c>', "a cell without its position"),
        ('<x:c r="E2" xmlns:x="urn:x"><x:v>1</x:v></x:c>', "a cell under a prefix"),
        ("<c r='E2' t='e'><v>#N/A</v></c>", "an error cell in single quotes"),
        ('<c\nr="XFD1048576" t="inlineStr"><is><t>x</t></is></c>', "a tag broken by a line"),
    ],
)
def test_a_sheet_calamine_cannot_bound_goes_to_openpyxl(
    cell: str, why: str, tmp_path: Path
) -> None:
    path = _edit_sheet(
        _one_row(tmp_path),
        tmp_path / "odd.xlsx",
        lambda xml: xml.replace("</row>", cell + "</row>", 1),
    )
    assert not workbook._calamine_can_read(path), why


def test_the_far_corner_cell_does_not_abort_the_program(tmp_path: Path) -> None:
    """calamine would ask for half a terabyte for this grid and abort the whole program;
    openpyxl reads the rows the sheet's dimension (A1:D2) names, as it always did."""
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    path = _edit_sheet(
        _one_row(tmp_path), tmp_path / "corner.xlsx",
        lambda xml: xml.replace("</sheetData>", far + "</sheetData>"),
    )  # fmt: skip
    assert not workbook._calamine_can_read(path)
    assert len(read_ledger(path).rows) == 1


def test_a_sheet_calamine_fails_on_is_reported_in_openpyxls_words(tmp_path: Path) -> None:
    path = _edit_sheet(_one_row(tmp_path), tmp_path / "cut.xlsx", lambda xml: xml[: len(xml) // 2])
    with pytest.raises(UserError, match="已损坏，无法读取（ParseError）"):
        read_ledger(path)


def test_only_xlsx_goes_to_calamine(tmp_path: Path) -> None:
    """calamine also reads .ods and .xlsb; the ledger import never did, and still refuses."""
    path = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert not workbook._calamine_can_read(path)
    with pytest.raises(UserError, match="已损坏"):
        read_ledger(path)


def test_a_sheet_under_any_part_name_is_scanned(tmp_path: Path) -> None:
    """The workbook's relationships, not the part's name, say where a sheet is."""
    source = _one_row(tmp_path)
    target = tmp_path / "moved.xlsx"
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename).decode("utf-8")
            name = info.filename
            if name == "xl/worksheets/sheet1.xml":
                name, data = (
                    "xl/data/ledger.bin",
                    data.replace("</sheetData>", far + "</sheetData>"),
                )
            data = data.replace("/xl/worksheets/sheet1.xml", "/xl/data/ledger.bin")
            data = data.replace("worksheets/sheet1.xml", "data/ledger.bin")
            new.writestr(name, data)
    assert "xl/worksheets/sheet1.xml" not in zipfile.ZipFile(target).namelist()
    assert not workbook._calamine_can_read(target)
