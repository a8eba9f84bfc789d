"""导入台账: the whole file checked first, rows registered as intake would, all or nothing."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from model.entities import Case, CaseGroup, Closing, HistoryEntry, Person, Track, TriageDecision
from model.errors import Cancelled, UserError
from model.ledger.check import LedgerRejected, check_ledger, import_ledger
from model.storage.store import Store
from tests.ledger_files import FULL, full_row, write_ledger

TODAY = dt.date(2026, 12, 1)


def count(sessions: sessionmaker[Session], entity: type = Case) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(entity)) or 0


def test_a_clean_ledger_is_triaged_and_assigned_like_intake(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    path = write_ledger(
        tmp_path / "ledger.xlsx",
        ["立案日期", "案号", "被执行人", "被执行人类型", "标的额", "分流依据"],  # any order
        [
            ["2026-03-01", "(2026)吉0605执1号", "甲", "自然人", None, "S2"],
            [dt.datetime(2026, 3, 2), "（2026）吉0605执保2号", "乙", "法人", None, None],
            ["2026/3/3", "（2026）吉0605执3号", "某镇人民政府", "党政机关", None, ""],
            ["2026年3月4日", "（2026）吉0605执4号", "丙", "法人", 2_000_000, None],
            ["2026-03-05", "（2026）吉0605执5号", "丁", "", None, "s3，S2"],
            ["2026-03-06", "（2026）吉0605执6号", "戊", "", None, "S1"],
        ],
    )
    checked = check_ledger(sessions, path, TODAY)
    assert checked.ok and checked.total == 6 and count(sessions) == 0
    result, _ = import_ledger(sessions, path, actor_id=None, today=TODAY)
    assert (result.imported, result.skipped, result.closed) == (6, 0, 0)
    with sessions() as s:
        cases = {c.sequence: c for c in s.scalars(select(Case))}
        assert cases[1].number == "（2026）吉0605执1号"
        assert cases[1].filing_date == dt.date(2026, 3, 1)
        assert cases[4].filing_date == dt.date(2026, 3, 4)
        tracks = {n: c.track for n, c in cases.items()}
        assert tracks == {1: Track.SIMPLE, 2: Track.SIMPLE, 3: Track.ORDINARY,
                          4: Track.SPECIAL, 5: Track.SIMPLE, 6: Track.SIMPLE}  # fmt: skip
        ticked = {
            c.sequence: d.ticked
            for c, d in s.execute(select(Case, TriageDecision).join(TriageDecision))
        }
        assert ticked[2] == ["S5"] and ticked[3] == ["O4"] and ticked[4] == ["X1"]
        assert ticked[5] == ["S2", "S3"]  # as ticked, in checklist order
        # fast-track rows assigned row by row in file order: loads even out over the groups
        groups = [s.get(CaseGroup, cases[n].group_id).name for n in (1, 2, 5, 6)]
        assert sorted(groups[:3]) == ["第一办案组", "第三办案组", "第二办案组"]
        assert all(c.due_date is not None and c.judge_id for c in cases.values())
        assert s.scalar(select(func.count()).select_from(HistoryEntry)) >= 18


def test_closings_are_recorded_with_their_limits(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    path = write_ledger(
        tmp_path / "l.xlsx",
        FULL,
        [
            full_row(
                案号="（2026）吉0605执1号",
                立案日期="2026-03-02",
                分流依据="S2",
                结案日期="2026-03-20",
                结案方式="执行完毕",
            ),
            full_row(
                案号="（2026）吉0605执2号",
                立案日期="2026-03-02",
                分流依据="S2",
                结案日期="2026-05-20",
                结案方式="执行完毕",
            ),
            full_row(
                案号="（2026）吉0605执3号",
                立案日期="2026-01-05",
                分流依据="O1",
                承办法官="姜福义",
                结案日期="2026-06-01",
                结案方式="终结本次执行程序",
            ),
        ],
    )
    result, _ = import_ledger(sessions, path, None, TODAY)
    assert result.closed == 3
    with sessions() as s:
        met = {
            c.sequence: (c.status.value, cl.met_track_limit)
            for c, cl in s.execute(select(Case, Closing).join(Closing))
        }
        judge = s.scalar(select(Person.name).join(Case, Case.judge_id == Person.id)
                         .where(Case.sequence == 3))  # fmt: skip
    assert met == {1: ("closed", True), 2: ("closed", False), 3: ("closed", True)}
    assert judge == "姜福义"


BAD_ROWS = [
    (full_row(案号="（2026）吉0605执", 立案日期="2026-03-01"), "序号有误"),
    (full_row(案号="（2026）吉0605执2号", 立案日期="2026-13-01"), "不是有效日期"),
    (full_row(案号="（2026）吉0605执3号", 立案日期="2026-03-01", 分流依据="S2、Z9"), "Z9"),
    (full_row(案号="（2026）吉0605执4号", 立案日期="2026-03-01"), None),  # good
    (full_row(案号="(2026)吉0605执4号", 立案日期="2026-03-02"), "与第 5 行重复"),
    (full_row(案号="（2026）吉0605执99号", 立案日期="2026-03-01"), "已经收案"),
    (
        full_row(
            案号="（2026）吉0605执6号",
            立案日期="2026-03-05",
            结案日期="2026-03-01",
            结案方式="执行完毕",
        ),
        "结案日期早于立案日期",
    ),
    (
        full_row(案号="（2026）吉0605执7号", 立案日期="2026-03-05", 结案日期="2026-04-01"),
        "没有结案方式",
    ),
    (
        full_row(案号="（2026）吉0605执8号", 立案日期="2026-03-05", 结案方式="执行完毕"),
        "没有结案日期",
    ),
    (
        full_row(
            案号="（2026）吉0605执9号", 立案日期="2026-03-05", 分流依据="S2", 办案组="第九办案组"
        ),
        "第九办案组",
    ),
    (
        full_row(
            案号="（2026）吉0605执10号", 立案日期="2026-03-05", 分流依据="O1", 办案组="第一办案组"
        ),
        "不是执行普执团队的办案组",
    ),
    (
        full_row(案号="（2026）吉0605执11号", 立案日期="2026-03-05", 承办法官="张无忌"),
        "不在人员名册",
    ),
    (
        full_row(
            案号="（2026）吉0605执12号", 立案日期="2026-03-05", 分流依据="S2", 分流类型="普通"
        ),
        "调整理由",
    ),
    (full_row(案号="（2026）吉0605执13号", 立案日期=None), "立案日期"),
    (full_row(案号="（2026）吉0605执14号", 立案日期="2026-03-05", 申请执行人数="三"), "整数"),
]


def bad_ledger(sessions: sessionmaker[Session], tmp_path: Path) -> Path:
    """The rows above; the case 99 already in the database."""
    from tests.report_cases import add_case

    with sessions.begin() as s:
        add_case(s, 99, dt.date(2026, 2, 1))
    return write_ledger(tmp_path / "bad.xlsx", FULL, [row for row, _ in BAD_ROWS])


def test_every_bad_row_is_reported_with_its_number_and_nothing_is_written(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    path = bad_ledger(sessions, tmp_path)
    checked = check_ledger(sessions, path, TODAY)
    expected = {row + 2: reason for row, (_, reason) in enumerate(BAD_ROWS) if reason}
    assert {p.row for p in checked.problems} == set(expected)
    for problem in checked.problems:
        assert expected[problem.row] in problem.text, problem.text
    assert [g.row for g in checked.good] == [5]
    with pytest.raises(LedgerRejected, match="14 行有误") as rejected:
        import_ledger(sessions, path, None, TODAY)
    assert len(rejected.value.checked.problems) == 14
    assert count(sessions) == 1 and count(sessions, TriageDecision) == 1


def test_skip_bad_imports_the_good_rows_only(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    path = bad_ledger(sessions, tmp_path)
    result, _ = import_ledger(sessions, path, None, TODAY, skip_bad=True)
    assert (result.imported, result.skipped) == (1, 14)
    assert count(sessions) == 2


def test_cancel_rolls_everything_back(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    rows = [[f"（2026）吉0605执{i}号", "2026-03-01"] for i in range(1, 501)]
    path = write_ledger(tmp_path / "l.xlsx", ["案号", "立案日期"], rows)
    stages: list[tuple[str, int, int]] = []
    with pytest.raises(Cancelled, match="没有导入任何案件"):
        import_ledger(sessions, path, None, TODAY, progress=lambda *a: stages.append(a),
                      cancel=lambda: any(st == "导入" for st, _, _ in stages))  # fmt: skip
    assert ("检查", 500, 500) in stages and ("导入", 200, 500) in stages
    assert count(sessions) == 0


def _damaged(path: Path) -> Path:
    write_ledger(path, ["案号", "立案日期"], [["（2026）吉0605执1号", "2026-03-01"]])
    with zipfile.ZipFile(path) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    parts["xl/worksheets/sheet1.xml"] = b"<worksheet><sheetData><row"
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("案号,立案日期\n", encoding="utf-8"), "不是 Excel 工作簿"),
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600), "已加密"),
        (_damaged, "已损坏"),
        (
            lambda p: write_ledger(p, ["案号", "申请执行人"], [["（2026）吉0605执1号", "甲"]]),
            "缺少必需的列：立案日期",
        ),
        (lambda p: write_ledger(p, [], []), "是空的"),
        (lambda p: write_ledger(p, ["案号", "立案日期"], []), "只有列名"),
        (lambda p: None, "找不到文件"),
    ],
)
def test_bad_files_are_refused_in_chinese(
    sessions: sessionmaker[Session], tmp_path: Path, make, message: str
) -> None:
    path = tmp_path / "ledger.xlsx"
    make(path)
    with pytest.raises(UserError, match=message):
        import_ledger(sessions, path, None, TODAY)
    assert count(sessions) == 0


def test_export_then_import_round_trips(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    from model.reports.case_list import write_case_list
    from model.storage.store import open_store

    path = write_ledger(
        tmp_path / "l.xlsx",
        FULL,
        [
            full_row(案号="（2026）吉0605执1号", 立案日期="2026-03-02", 申请执行人="甲公司、乙",
                     被执行人="丙", 分流依据="S2、S3", 办案组="第二办案组"),
            full_row(案号="（2026）吉0605执2号", 立案日期="2026-01-05", 被执行人="丁",
                     分流依据="O1", 承办法官="战殿有", 结案日期="2026-06-01", 结案方式="执行完毕"),
            full_row(案号="（2026）吉0605执3号", 立案日期="2026-02-05", 分流依据="X2"),
        ],
    )  # fmt: skip
    import_ledger(sessions, path, None, TODAY)
    exported = tmp_path / "cases.xlsx"
    write_case_list(sessions, None, exported, TODAY)

    other = open_store(tmp_path / "other.sqlite")
    try:
        result, checked = import_ledger(other.sessions, exported, None, TODAY)
        assert result.imported == 3 and "承办团队" in checked.ignored_headers
        again = tmp_path / "again.xlsx"
        write_case_list(other.sessions, None, again, TODAY)
    finally:
        other.close()
    from openpyxl import load_workbook

    first = list(load_workbook(exported).active.iter_rows(values_only=True))
    second = list(load_workbook(again).active.iter_rows(values_only=True))
    assert first == second


def test_import_command_lists_bad_rows_and_writes_nothing(
    store: Store, sessions: sessionmaker[Session], tmp_path: Path, capsys
) -> None:
    from model.commands import run_command

    path = bad_ledger(sessions, tmp_path)
    db = store.url
    code = run_command(["import-cases", str(path), "--db", db])
    err = capsys.readouterr().err
    assert code == 1
    assert "第 2 行" in err and "第 16 行" in err and "未导入任何案件" in err
    assert "Traceback" not in err
    assert count(sessions) == 1
    code = run_command(["import-cases", str(path), "--db", db, "--skip-bad"])
    printed = capsys.readouterr()
    assert code == 0 and "已导入 1 件案件" in printed.out and "跳过有误的 14 行" in printed.out
    assert count(sessions) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not a workbook", "不是 Excel 工作簿"), (b"\xd0\xcf\x11\xe0" + b"\0" * 600, "已加密")],
)
def test_import_command_refuses_bad_files(
    store: Store,
    sessions: sessionmaker[Session],
    tmp_path: Path,
    capsys,
    content: bytes,
    message: str,
) -> None:
    from model.commands import run_command

    path = tmp_path / "ledger.xlsx"
    path.write_bytes(content)
    code = run_command(["import-cases", str(path), "--db", store.url])
    assert code == 1
    assert message in capsys.readouterr().err
    assert count(sessions) == 0


def test_a_missing_ledger_is_refused_before_the_database_is_touched(tmp_path: Path, capsys) -> None:
    """A database kept in rollback-journal mode (a backup copy) stays byte for byte as it
    was: opening it for the import would have switched it to WAL first."""
    import sqlite3

    from model.commands import run_command
    from model.storage.store import open_store

    database = tmp_path / "copy.sqlite"
    open_store(database).close()
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()
    before = database.read_bytes()
    code = run_command(["import-cases", str(tmp_path / "无此台账.xlsx"), "--db", str(database)])
    assert code == 1 and "找不到文件" in capsys.readouterr().err
    assert database.read_bytes() == before
    assert not (tmp_path / "copy.sqlite.lock").exists()


@pytest.mark.slow
@pytest.mark.sqlite_only  # a speed bound of the checker; on the test server it takes ~2 min
def test_a_100000_row_ledger_is_checked_whole_and_refused_fast(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    sheet.append(["案号", "立案日期", "被执行人", "分流依据"])
    for i in range(1, 100_001):
        sheet.append([f"（2025）吉0605执{i}号", dt.date(2025, 1, 1) + dt.timedelta(i % 300),
                      f"被执行人{i}", "S2"])  # fmt: skip
    sheet.append(["（2025）吉0605执7号", "2025-02-30", "重复", "S2"])
    path = tmp_path / "big.xlsx"
    book.save(path)
    with pytest.raises(LedgerRejected, match="1 行有误") as rejected:
        import_ledger(sessions, path, None, TODAY)
    problem = rejected.value.checked.problems[0]
    assert problem.row == 100_002
    assert "不是有效日期" in problem.text and "与第 8 行重复" in problem.text
    assert count(sessions) == 0
    # How long a large import takes is the benchmark's import row, not an assertion here.
