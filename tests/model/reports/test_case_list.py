"""案件清单 export: SPEC §7's columns, real dates, 剩余天数, filters, cancel, the command."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session, sessionmaker

from model.cases.queries import CaseFilter
from model.commands import run_command
from model.entities import CaseStatus, Track
from model.errors import Cancelled
from model.reports.case_list import HEADERS, write_case_list
from model.storage.store import Store
from tests.report_cases import D, add_case, bulk_cases

TODAY = D(2026, 12, 1)


def three_cases(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        add_case(s, 1, D(2026, 11, 2), group="第一办案组", judge="王爱军", due=D(2026, 12, 2),
                 statutory_due=D(2027, 5, 6), ticked=["S2", "S3"], applicant="甲公司",
                 respondent="乙、丙")  # fmt: skip
        add_case(s, 2, D(2026, 5, 2), track=Track.SPECIAL, judge="姜福义", due=D(2026, 11, 2),
                 ticked=["O1", "X2"], status=CaseStatus.SUSPENDED)  # fmt: skip
        add_case(s, 3, D(2026, 10, 1), group="第三办案组", judge="战殿有", due=D(2026, 11, 2),
                 closed=D(2026, 10, 20), method="终结本次执行程序", met=True)  # fmt: skip


def test_columns_values_and_dates(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    three_cases(sessions)
    out = tmp_path / "list.xlsx"
    assert write_case_list(sessions, None, out, TODAY) == 3
    sheet = load_workbook(out)["案件清单"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADERS
    assert rows[0] == (
        "案号", "立案日期", "申请执行人", "被执行人", "分流类型", "分流依据", "承办团队", "办案组",
        "承办法官", "到期日", "法定到期日", "剩余天数", "状态", "结案日期", "结案方式",
        "执行依据类别",
        "法定剩余天数",
    )  # fmt: skip
    by_number = {row[0]: row for row in rows[1:]}
    pending = by_number["（2026）吉0605执1号"]
    assert pending[1] == dt.datetime(2026, 11, 2)
    assert pending[2:6] == ("甲公司", "乙、丙", "简易", "S2、S3")
    assert pending[6:9] == ("执行速执团队", "第一办案组", "王爱军")
    assert pending[9:13] == (dt.datetime(2026, 12, 2), dt.datetime(2027, 5, 6), 1, "在办")
    assert pending[16] == (D(2027, 5, 6) - TODAY).days  # 法定剩余天数
    suspended = by_number["（2026）吉0605执2号"]
    assert suspended[4:9] == ("特殊", "O1、X2", "执行普执团队", None, "姜福义")
    assert suspended[11:13] == (None, "中止") and suspended[16] is None
    closed = by_number["（2026）吉0605执3号"]
    assert closed[11:15] == (None, "已结", dt.datetime(2026, 10, 20), "终结本次执行程序")
    assert pending[15] == closed[15] == "其他"  # no kind given: 其他, not 非诉
    assert closed[16] is None  # 法定剩余天数: empty when closed
    assert sheet.cell(2, 2).number_format == "yyyy-mm-dd"
    # the deadlines tab's order: by due date
    assert [row[0][-3:] for row in rows[1:]] == ["执2号", "执3号", "执1号"]


def test_overdue_days_are_negative_and_the_filter_applies(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    three_cases(sessions)
    out = tmp_path / "list.xlsx"
    only_pending = CaseFilter(statuses=frozenset({CaseStatus.PENDING}))
    assert write_case_list(sessions, only_pending, out, D(2026, 12, 5)) == 1
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][11] == -3


def test_cancel_leaves_no_file(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    with sessions.begin() as s:
        bulk_cases(s, 5000)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "list.xlsx"
    seen: list[tuple[int, int]] = []
    with pytest.raises(Cancelled, match="已取消导出"):
        write_case_list(sessions, None, out, TODAY, progress=lambda n, t: seen.append((n, t)),
                        cancel=lambda: len(seen) >= 1)  # fmt: skip
    assert seen == [(2000, 5000)]
    assert list(folder.iterdir()) == []  # neither the file nor a temporary one


def test_export_cases_command(store: Store, tmp_path: Path, capsys) -> None:
    three_cases(store.sessions)
    out = tmp_path / "all.xlsx"
    code = run_command(["export-cases", str(out), "--db", store.url, "--today", "2026-12-01"])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "已导出 3 件案件" in printed.out
    assert "2027年的节假日安排尚未录入" in printed.out  # 执1号 is due 2027-05-06
    assert load_workbook(out).active.max_row == 4


def test_export_cases_command_refuses_a_non_xlsx_name(store: Store, tmp_path: Path, capsys) -> None:
    code = run_command(["export-cases", str(tmp_path / "all.csv"), "--db", store.url])
    assert code == 1
    assert ".xlsx" in capsys.readouterr().err
