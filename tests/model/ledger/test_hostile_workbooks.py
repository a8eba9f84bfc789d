"""Whole malformed workbooks offered as a ledger: each refused or read, never a traceback.

Wrong sheet names, merged cells, formulas without values, a stray cell in row
1,048,576, a zip bomb, a password-protected (encrypted) file, a truncated file, a zip
that is no workbook, an empty file, a sheet 16,384 columns wide. For each: checking
and importing either go through row by row or are refused with a Chinese message,
and a refusal writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from model.entities import AuditEntry, Case
from model.errors import UserError
from model.ledger.check import check_ledger, import_ledger
from model.ledger.read import MAX_ROWS
from tests.ledger_files import write_ledger

CJK = re.compile(r"[\u4e00-\u9fff]")
TODAY = dt.date(2026, 11, 28)
HEADERS = ["案号", "立案日期", "申请执行人", "被执行人", "被执行人类型"]
GOOD = ["（2026）吉0605执5号", "2026-03-02", "张三", "李四", "法人"]


def _base(folder: Path) -> Path:
    return write_ledger(folder / "base.xlsx", HEADERS, [GOOD])


def _rewrite(source: Path, target: Path, sheet: Callable[[str], str]) -> Path:
    """A copy of ``source`` whose first sheet's XML is changed by ``sheet``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet(data.decode("utf-8")).encode("utf-8")
            new.writestr(info.filename, data)
    return target


def wrong_sheet_names(folder: Path) -> Path:
    book = Workbook()
    book.active.title = "说明"  # the first sheet is a note; the ledger is not called 台账
    book.active.append(["本工作簿是2026年台账"])
    data = book.create_sheet("案件")
    data.append(HEADERS)
    data.append(GOOD)
    book.save(folder / "sheets.xlsx")
    return folder / "sheets.xlsx"


def merged_cells(folder: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append(GOOD)
    sheet.append(["（2026）吉0605执6号", "2026-03-03", "王五", "赵六", "法人"])
    sheet.merge_cells("A2:A3")  # two cases under one merged 案号
    sheet.merge_cells("C1:D1")  # two headers merged into one
    book.save(folder / "merged.xlsx")
    return folder / "merged.xlsx"


def formulas(folder: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append(['="（2026）吉0605执"&7&"号"', "=TODAY()", "=C1", "=1/0", "=SUM(A:A)"])
    book.save(folder / "formulas.xlsx")  # no cached values: openpyxl writes none
    return folder / "formulas.xlsx"


def tallest_sheet(folder: Path) -> Path:
    stray = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return _rewrite(
        _base(folder),
        folder / "tall.xlsx",
        lambda xml: xml.replace(
            '<dimension ref="A1:E2" />', '<dimension ref="A1:E1048576" />'
        ).replace("</sheetData>", stray + "</sheetData>"),
    )


def widest_sheet(folder: Path) -> Path:
    far = '<c r="XFD2" t="inlineStr"><is><t>远</t></is></c>'
    return _rewrite(
        _base(folder),
        folder / "wide.xlsx",
        lambda xml: xml.replace('<dimension ref="A1:E2" />', '<dimension ref="A1:XFD2" />').replace(
            "</row></sheetData>", far + "</row></sheetData>"
        ),
    )


def zip_bomb(folder: Path) -> Path:
    """A sheet part that unpacks to 64 MB from about 64 KB (and could be 64 GB)."""
    source, target = _base(folder), folder / "bomb.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                new.writestr(info.filename, data)
                continue
            head, tail = data.split(b"</sheetData>")
            with new.open(info.filename, "w", force_zip64=True) as part:
                part.write(head)
                filler = b"<!--" + b" " * (1 << 20) + b"-->"
                for _ in range(64):
                    part.write(filler)
                part.write(b"</sheetData>" + tail)
    return target


def password_protected(folder: Path) -> Path:
    """An encrypted workbook as Excel/WPS write it: an OLE compound file, not a zip."""
    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16) + bytes.fromhex("3E000300FEFF0900")
    path = folder / "加密.xlsx"
    path.write_bytes(header + bytes(512 - len(header)) + "EncryptionInfo".encode("utf-16-le"))
    return path


def truncated(folder: Path) -> Path:
    data = _base(folder).read_bytes()
    path = folder / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def not_a_workbook_zip(folder: Path) -> Path:
    path = folder / "notes.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "这不是工作簿")
    return path


def damaged_sheet(folder: Path) -> Path:
    return _rewrite(_base(folder), folder / "damaged.xlsx", lambda xml: xml[: len(xml) // 2])


def empty_file(folder: Path) -> Path:
    path = folder / "empty.xlsx"
    path.write_bytes(b"")
    return path


def csv_renamed(folder: Path) -> Path:
    path = folder / "csv.xlsx"
    path.write_text("案号,立案日期\n（2026）吉0605执5号,2026-03-02\n", encoding="utf-8")
    return path


def headers_only(folder: Path) -> Path:
    return write_ledger(folder / "headers.xlsx", HEADERS, [])


def duplicate_headers(folder: Path) -> Path:
    return write_ledger(folder / "twice.xlsx", [*HEADERS, "案号"], [[*GOOD, "x"]])


WORKBOOKS = {
    "wrong sheet names": wrong_sheet_names,
    "merged cells": merged_cells,
    "formulas": formulas,
    "1,048,576 rows": tallest_sheet,
    "16,384 columns": widest_sheet,
    "zip bomb": zip_bomb,
    "password-protected": password_protected,
    "truncated": truncated,
    "zip without a workbook": not_a_workbook_zip,
    "damaged sheet": damaged_sheet,
    "empty file": empty_file,
    "csv renamed": csv_renamed,
    "headers only": headers_only,
    "duplicate headers": duplicate_headers,
}


def _counts(sessions) -> tuple[int, int]:
    with sessions() as session:
        cases = session.scalar(select(func.count()).select_from(Case)) or 0
        entries = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    return cases, entries


@pytest.mark.sqlite_only
@pytest.mark.parametrize("make", WORKBOOKS.values(), ids=WORKBOOKS.keys())
def test_a_malformed_workbook_is_refused_in_chinese_or_read_row_by_row(
    make: Callable[[Path], Path], sessions, tmp_path: Path
) -> None:
    path = make(tmp_path)
    before = _counts(sessions)
    try:
        checked = check_ledger(sessions, path, TODAY)
    except UserError as error:
        assert CJK.search(error.message), error.message
        assert "Error" not in error.message or "（" in error.message
    else:
        for problem in checked.problems:
            assert problem.reasons and all(CJK.search(reason) for reason in problem.reasons)
    assert _counts(sessions) == before  # checking writes nothing
    try:
        result, checked = import_ledger(sessions, path, None, TODAY)
    except UserError as error:
        assert CJK.search(error.message), error.message
        assert _counts(sessions) == before  # a refused import writes nothing
    else:
        assert result.imported == len(checked.good) and not checked.problems


@pytest.mark.sqlite_only
def test_the_limits_refuse_quickly_and_say_why(sessions, tmp_path: Path) -> None:
    with pytest.raises(UserError, match=f"超过 {MAX_ROWS:,} 行") as tall:
        check_ledger(sessions, tallest_sheet(tmp_path), TODAY)
    assert "1,048,576" in tall.value.message
    with pytest.raises(UserError, match="解压后有 64 MB"):
        check_ledger(sessions, zip_bomb(tmp_path), TODAY)
    with pytest.raises(UserError, match=r"已加密或是旧版 \.xls"):
        check_ledger(sessions, password_protected(tmp_path), TODAY)
    wide = check_ledger(sessions, widest_sheet(tmp_path), TODAY)
    assert len(wide.good) == 1  # the far cell is beyond the columns read
