"""台账模板: the import headers, drop-down lists, a legend; a filled template imports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from model.commands import run_command
from model.ledger.check import import_ledger
from model.ledger.read import IMPORT_HEADERS
from model.ledger.template import write_ledger_template


def test_template_headers_lists_and_legend(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    write_ledger_template(out, sessions)
    book = load_workbook(out)
    assert book.sheetnames == ["台账", "说明", "期限事项", "选项", "事项选项"]
    assert book["选项"].sheet_state == book["事项选项"].sheet_state == "hidden"
    sheet = book["台账"]
    assert tuple(c.value for c in sheet[1]) == IMPORT_HEADERS
    columns = {str(v.sqref)[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    # 被执行人类型, 执行依据类别, 分流类型, 办案组, 承办法官, 结案方式
    assert set(columns) == {"E", "I", "L", "N", "O", "Q"}
    lists = book["选项"]
    values = {lists.cell(1, c).value: [lists.cell(r, c).value for r in range(2, 8)]
              for c in range(1, 7)}  # fmt: skip
    assert values["办案组"][:3] == ["第一办案组", "第二办案组", "第三办案组"]
    assert values["承办法官"][:3] == ["王爱军", "姜福义", "战殿有"]
    assert values["结案方式"][1] == "终结本次执行程序"
    assert values["执行依据类别"][:2] == ["民事判决书", "民事调解书"]
    assert sheet.cell(2, 2).number_format == "yyyy-mm-dd"
    legend = [tuple(r) for r in book["说明"].iter_rows(values_only=True)]
    assert ("S1", "简易", "银行、网络资金账户资金等可直接足额清偿再无的案件") in legend
    assert any(r[0] == "X3" for r in legend)
    assert any(r[0] == "分流依据" and "S2" in r[1] for r in legend)


def test_a_filled_template_imports(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    write_ledger_template(out, sessions)
    book = load_workbook(out)
    sheet = book["台账"]
    sheet["A2"], sheet["B2"], sheet["M2"] = "（2026）吉0605执1号", dt.date(2026, 3, 2), "第二办案组"
    sheet["J2"] = "S2"
    book.save(out)
    result, _ = import_ledger(sessions, out, None, dt.date(2026, 12, 1))
    assert result.imported == 1


def test_ledger_template_command(tmp_path: Path, capsys) -> None:
    out = tmp_path / "t.xlsx"
    assert run_command(["ledger-template", str(out)]) == 0
    assert "已生成空白台账模板" in capsys.readouterr().out
    assert load_workbook(out)["台账"]["A1"].value == "案号"


def test_template_has_the_event_sheet_with_drop_downs(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    from model.ledger.read import EVENT_HEADERS

    out = tmp_path / "t.xlsx"
    write_ledger_template(out, sessions)
    book = load_workbook(out)
    sheet = book["期限事项"]
    assert tuple(c.value for c in sheet[1]) == EVENT_HEADERS
    columns = {str(v.sqref)[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert set(columns) == {"B", "F", "H"}  # 事项, 批准人职务, 承办法官
    lists = book["事项选项"]
    values = {lists.cell(1, c).value: [lists.cell(r, c).value for r in range(2, 10)]
              for c in range(1, 4)}  # fmt: skip
    assert values["事项"][:1] == ["中止执行"] and values["事项"][5:7] == ["延长", "移交"]
    assert values["批准人职务"][:2] == ["院长", "副院长"]
    assert values["承办法官"][:3] == ["王爱军", "姜福义", "战殿有"]
    assert sheet.cell(2, 3).number_format == "yyyy-mm-dd"
    legend = [tuple(r) for r in book["说明"].iter_rows(values_only=True)]
    assert any(r[0] == "批准人职务" and "院长或副院长" in r[1] for r in legend)


def test_template_without_a_database_has_the_event_sheet(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    write_ledger_template(out)
    lists = load_workbook(out)["事项选项"]
    assert [lists.cell(r, 3).value for r in range(2, 5)] == ["王爱军", "姜福义", "战殿有"]
