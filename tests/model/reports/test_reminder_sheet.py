"""``reminders`` on the command line: a fixed ledger's list, line by line, and its sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook, load_workbook

from model.commands import run_command
from model.storage.store import Store

D = dt.date
TODAY = "2026-11-28"


def fixed_ledger(path: Path) -> Path:
    """Five cases: overdue, due soon with no extension, fast-track near its month, a 终本
    case whose checks are due, and a closed one that asks for nothing."""
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["案号", "立案日期", "申请执行人", "被执行人", "分流类型", "分流依据", "办案组",
         "承办法官", "结案日期", "结案方式"]
    )  # fmt: skip
    for row in (
        ["（2026）吉0605执101号", D(2026, 5, 20), "甲公司", "乙", "普通", "O1", None, "姜福义"],
        ["（2026）吉0605执102号", D(2026, 6, 1), "丙", "丁", "普通", "O1", None, "姜福义"],
        ["（2026）吉0605执103号", D(2026, 11, 2), "戊", "己", "简易", "S2", "第一办案组", None],
        ["（2025）吉0605执104号", D(2025, 1, 2), "庚", "辛", "普通", "O1", None, "战殿有",
         D(2025, 6, 10), "终结本次执行程序"],
        ["（2026）吉0605执105号", D(2026, 10, 10), "壬", "癸", "简易", "S2", "第二办案组", None,
         D(2026, 10, 20), "执行完毕"],
    ):  # fmt: skip
        sheet.append(row)
    book.save(path)
    return path


def run(store: Store, *args: str) -> tuple[int, list[str], str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run_command(["reminders", "--db", store.url, *args])
    lines = out.getvalue().splitlines()
    # A reading command first says how it opened the database (read-only, no lock).
    assert lines and lines[0].startswith("以只读方式")
    return code, lines[1:], err.getvalue()


def imported(store: Store, tmp_path: Path) -> Store:
    ledger = fixed_ledger(tmp_path / "台账.xlsx")
    assert run_command(["import-cases", str(ledger), "--db", store.url]) == 0
    return store


def test_everyones_list_by_judge_line_by_line(store: Store, tmp_path: Path) -> None:
    code, lines, _ = run(imported(store, tmp_path), "--today", TODAY)
    assert code == 0
    assert lines == [
        "【王爱军】3 项",
        "（2026）吉0605执103号\t临期\t2026-12-02\t王爱军",
        "（2026）吉0605执103号\t移交或结案\t2026-12-02\t王爱军",
        "2027年节假日\t节假日\t2026-12-31\t王爱军",
        "【姜福义】3 项",
        "（2026）吉0605执101号\t超审限\t2026-11-20\t姜福义",
        "（2026）吉0605执102号\t临期\t2026-12-01\t姜福义",
        "（2026）吉0605执102号\t申请延长\t2026-11-26\t姜福义",
        "【战殿有】1 项",
        "（2025）吉0605执104号\t终本复查\t2025-12-10\t战殿有",
    ]


def test_one_persons_list(store: Store, tmp_path: Path) -> None:
    imported(store, tmp_path)
    code, lines, _ = run(store, "--today", TODAY, "--user", "战殿有")
    assert code == 0
    assert lines == ["【战殿有】1 项", "（2025）吉0605执104号\t终本复查\t2025-12-10\t战殿有"]
    # 高博: clerk of 第一办案组, and on the ordinary team, which has no groups
    code, lines, _ = run(store, "--today", TODAY, "--user", "高  博")
    assert lines[0] == "【姜福义】3 项" and "【王爱军】2 项" in lines and len(lines) == 9


def test_nothing_to_do_is_said_and_exits_zero(store: Store) -> None:
    code, lines, _ = run(store, "--today", "2026-06-01", "--user", "王鑫")
    assert code == 0
    assert lines == ["王鑫没有待办事项（2026-06-01）。"]


def test_an_unknown_user_is_refused_naming_the_known_names(store: Store) -> None:
    code, lines, err = run(store, "--user", "张飞")
    assert code == 1 and lines == []
    assert "人员名册中没有“张飞”" in err and "王爱军、姜福义" in err


def test_the_sheet(store: Store, tmp_path: Path) -> None:
    imported(store, tmp_path)
    out = tmp_path / "待办.xlsx"
    code, lines, _ = run(store, "--today", TODAY, "--xlsx", str(out))
    assert code == 0 and lines[-1] == f"已写出 {out}（7 项）。"
    sheet = load_workbook(out).active
    assert sheet["A1"].value == "全局（按承办法官）待办事项"
    assert "2026-11-28" in sheet["A2"].value
    assert [c.value for c in sheet[3]] == ["事项", "案号", "当事人", "应办事项", "期限",
                                          "剩余天数", "责任人"]  # fmt: skip
    assert sheet.print_title_rows == "$1:$3"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet["A4"].value == "王爱军（3 项）"
    assert sheet["B5"].value == "（2026）吉0605执103号"
    bad = run(store, "--today", TODAY, "--xlsx", str(tmp_path / "x.csv"))
    assert bad[0] == 1 and ".xlsx" in bad[2]
