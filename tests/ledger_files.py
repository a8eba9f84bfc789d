"""Ledger workbooks for the import tests, written with openpyxl as a clerk's Excel would."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook


def write_ledger(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    """A one-sheet workbook: the headers, then the rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


FULL = [
    "案号", "立案日期", "申请执行人", "被执行人", "被执行人类型", "申请执行人数", "标的额",
    "执行依据", "案由", "分流依据", "分流类型", "调整理由", "办案组", "承办法官", "结案日期",
    "结案方式",
]  # fmt: skip


def full_row(**values: object) -> list[object]:
    """A row of the FULL headers from keyword values named by header."""
    return [values.get(h) for h in FULL]
