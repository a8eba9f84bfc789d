"""The ledger's 期限事项 sheet: read, checked with the window's rules, recorded like the window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from model.access.audit_chain import verify
from model.cases.draft import CaseDraft
from model.cases.events.closing import close_case
from model.cases.events.extension import record_extension
from model.cases.events.periods import record_excluded_period
from model.cases.events.transfer import transfer_case
from model.cases.intake import IntakeRequest, TriageRequest, save_intake
from model.entities import (
    Case,
    CaseGroup,
    CaseStatus,
    ClockSpan,
    ExcludedPeriod,
    Extension,
    HistoryEntry,
    Person,
    TeamMember,
    Track,
    Transfer,
)
from model.ledger.check import LedgerRejected, check_ledger, import_ledger
from model.ledger.read import EVENT_HEADERS
from model.reports.case_list import write_case_list
from model.storage.store import Store, open_store
from tests.factories import group_by_name, person_by_name, team_by_code

D = dt.date
TODAY = D(2026, 10, 1)
CASES = ["案号", "立案日期", "申请执行人", "被执行人", "分流依据", "办案组", "承办法官",
         "结案日期", "结案方式", "执行依据类别"]  # fmt: skip

# (number, filed, ticked, group, judge, closed_on, method, kind)
ROWS = [
    ("1", D(2026, 3, 2), "S2", "第一办案组", None, None, None, None),
    ("2", D(2026, 3, 2), "O1", None, "姜福义", D(2026, 9, 20), "执行完毕", "仲裁裁决书"),
    ("3", D(2026, 4, 15), "O1", None, "战殿有", None, None, "民事判决书"),
    ("4", D(2026, 5, 6), "S3", "第二办案组", None, D(2026, 8, 3), "终结执行", None),
    ("5", D(2026, 6, 1), "O5", None, "王爱军", None, None, "行政机关决定"),
]
# (number, kind, start, end, approver, title, months, judge, reason)
EVENTS = [
    ("1", "移交", D(2026, 3, 25), None, None, None, None, "战殿有", "需处分房产"),
    ("2", "延长", D(2026, 5, 20), None, "赵明", "院长", None, None, "评估未完成"),
    ("2", "拍卖、变卖", D(2026, 6, 1), D(2026, 6, 10), None, None, None, None, "网拍"),
    ("1", "中止执行", D(2026, 4, 1), D(2026, 4, 20), None, None, None, None, "破产"),
    ("3", "暂缓执行", D(2026, 9, 28), D(2026, 10, 30), None, None, None, None, "执行和解"),
    ("3", "延长", D(2026, 9, 30), None, "李华", "副院长", 2, None, "和解履行"),
    ("4", "审计、评估、资产清理", D(2026, 6, 1), D(2026, 6, 5), None, None, None, None, "评估"),
    ("5", "中止执行", D(2026, 9, 5), None, None, None, None, None, "被执行人死亡"),
    ("5", "延长", D(2026, 8, 29), None, "赵明", "院长", None, None, "财产处置"),
    ("1", "中止执行", D(2026, 9, 1), None, None, None, None, None, "再次中止"),
]


def number(seq: str, court: str = "吉0605") -> str:
    return f"（2026）{court}执{seq}号"


def write_book(path: Path, rows: list[tuple], events: list[tuple]) -> Path:
    """The ledger: its case rows on 台账, its events on 期限事项."""
    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(CASES)
    for seq, filed, ticked, group, judge, closed, method, kind in rows:
        sheet.append([number(seq), filed, "甲", "乙", ticked, group, judge, closed, method, kind])
    events_sheet = book.create_sheet("期限事项")
    events_sheet.append(list(EVENT_HEADERS))
    for seq, *rest in events:
        events_sheet.append([number(seq) if len(seq) < 4 else seq, *rest])
    book.save(path)
    return path


@pytest.fixture
def reference(request: pytest.FixtureRequest, store: Store, tmp_path: Path) -> Store:
    """A second database seeded like ``store`` (same backend)."""
    if store.engine.dialect.name == "sqlite":
        other = open_store(tmp_path / "reference.sqlite")
    else:
        other = open_store(request.getfixturevalue("postgres").new_schema_url())
    request.addfinalizer(other.close)
    return other


def enter_through_the_services(sessions: sessionmaker[Session]) -> None:
    """The same cases as the ledger, typed in the window: intake, then each event in date order."""
    with sessions() as s:
        groups = {name: group_by_name(s, name).id for name in ("第一办案组", "第二办案组")}
        judges = {p: person_by_name(s, p).id for p in ("姜福义", "战殿有", "王爱军")}
    ids = {}
    for seq, filed, ticked, group, judge, _closed, _method, kind in ROWS:
        draft = CaseDraft(
            number(seq), filed, applicants=["甲"], respondents=[("乙", "")], basis_kind=kind or ""
        )
        ids[seq] = save_intake(
            sessions,
            IntakeRequest(
                draft,
                TriageRequest(
                    (ticked,), None, None, groups.get(group or ""), judges.get(judge or "")
                ),
            ),
            None,
            TODAY,
        )
    for seq, kind, start, end, approver, title, months, judge, reason in sorted(
        EVENTS, key=lambda e: (e[0], e[2])
    ):
        if kind == "延长":
            record_extension(
                sessions, ids[seq], approver, title, reason, start, None, months or 3, TODAY
            )
        elif kind == "移交":
            transfer_case(sessions, ids[seq], None, judges[judge], reason, None, start, TODAY)
        else:
            record_excluded_period(sessions, ids[seq], kind, start, end, reason, None, TODAY)
    for seq, _filed, _ticked, _group, _judge, closed, method, _kind in ROWS:
        if closed is not None:
            close_case(sessions, ids[seq], closed, method, None, today=TODAY)


def exported(sessions: sessionmaker[Session], path: Path) -> list[tuple]:
    write_case_list(sessions, None, path, TODAY)
    return list(load_workbook(path).active.iter_rows(values_only=True))


def test_import_with_events_gives_cell_for_cell_what_the_window_gives(
    store: Store, reference: Store, tmp_path: Path
) -> None:
    path = write_book(tmp_path / "ledger.xlsx", ROWS, EVENTS)
    result, checked = import_ledger(store.sessions, path, None, TODAY)
    assert (result.imported, result.closed, result.events) == (5, 2, 10)
    assert checked.ok and checked.event_total == 10
    assert (
        len(result.late_extensions) == 1
        and "批准时（2026-08-29）仅剩 3 日" in (result.late_extensions[0])
    )
    enter_through_the_services(reference.sessions)
    mine = exported(store.sessions, tmp_path / "mine.xlsx")
    theirs = exported(reference.sessions, tmp_path / "theirs.xlsx")
    assert len(mine) == 6
    for row, (a, b) in enumerate(zip(mine, theirs, strict=True), start=1):
        for column, (x, y) in enumerate(zip(a, b, strict=True)):
            assert x == y, (row, mine[0][column], x, y)
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(ExcludedPeriod)) == 6
        assert s.scalar(select(func.count()).select_from(Transfer)) == 1
        transferred = s.scalars(select(Case).where(Case.number == number("1"))).one()
        assert transferred.track is Track.ORDINARY and transferred.judge.name == "战殿有"
        assert transferred.status is CaseStatus.SUSPENDED
        late = dict(s.execute(select(Extension.approver_name, Extension.late)).all())
        assert late == {"赵明": True, "李华": False}
    # each case's clock over time (§3 As of a day) and its history lines, as typed
    assert timelines_and_history(store.sessions) == timelines_and_history(reference.sessions)
    assert verify(store.sessions).ok


def timelines_and_history(sessions: sessionmaker[Session]) -> tuple[list[tuple], list[tuple]]:
    """Every case's timeline spans and history lines (kind and text), by 案号.

    The import's lines say where they came from (（台账导入）); that is left out.
    """
    spans = select(Case.number, ClockSpan.starts, ClockSpan.ends, ClockSpan.status,
                   ClockSpan.track, ClockSpan.due_date, ClockSpan.statutory_due_date)  # fmt: skip
    lines = select(Case.number, HistoryEntry.kind, HistoryEntry.summary)
    with sessions() as s:
        timelines = s.execute(spans.join(Case, ClockSpan.case_id == Case.id))
        history = s.execute(lines.join(Case, HistoryEntry.case_id == Case.id))
        return (
            sorted(tuple(row) for row in timelines),
            sorted(
                (number, kind, text.replace("（台账导入）", "")) for number, kind, text in history
            ),
        )


BAD_EVENTS = [
    ("1", "拍卖、变卖", D(2026, 10, 5), D(2026, 10, 9), None, None, None, None, "网拍"),
    ("2", "中止执行", D(2026, 9, 25), None, None, None, None, None, "x"),
    ("3", "延长", D(2026, 6, 1), None, "王爱军", "执行局局长", None, None, "x"),
    ("5", "移交", D(2026, 7, 1), None, None, None, None, None, "x"),
    ("（2026）吉0605执99号", "中止执行", D(2026, 7, 1), None, None, None, None, None, "x"),
    ("3", "停电", D(2026, 7, 1), D(2026, 7, 2), None, None, None, None, "x"),
    ("4", "暂缓执行", D(2026, 6, 1), D(2026, 6, 2), None, None, None, None, "好"),
]


def test_bad_event_rows_are_named_by_sheet_row_and_reason(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    path = write_book(tmp_path / "ledger.xlsx", ROWS, BAD_EVENTS)
    with pytest.raises(LedgerRejected) as error:
        import_ledger(sessions, path, None, TODAY)
    texts = [p.text for p in error.value.checked.problems]
    assert any(
        t.startswith(
            "工作表“期限事项”第 2 行（（2026）吉0605执1号）：起始日期（2026-10-05）晚于今天"
        )
        for t in texts
    )
    assert (
        "工作表“期限事项”第 3 行（（2026）吉0605执2号）："
        "该案已于 2026-09-20 结案，不能登记此后开始的中止执行期间。"
    ) in texts
    assert any("第 4 行" in t and "执行局局长无权批准" in t for t in texts)
    assert any("第 5 行" in t and "只有速执团队的简易案件才能移交" in t for t in texts)
    assert any("第 6 行" in t and "不在台账中，也尚未收案" in t for t in texts)
    assert any("第 7 行" in t and "事项“停电”无效" in t for t in texts)
    # the cases themselves are named too: they are left out with their event rows
    assert any(t.startswith("第 2 行（（2026）吉0605执1号）：该案的期限事项有误") for t in texts)
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 0
    result, _ = import_ledger(sessions, path, None, TODAY, skip_bad=True)
    assert result.imported == 1 and result.events == 1  # only case 4 and its good event
    with sessions() as s:
        assert s.scalars(select(Case.number)).all() == [number("4")]


def test_events_for_cases_already_registered(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    first = write_book(tmp_path / "first.xlsx", ROWS[1:3], [])
    import_ledger(sessions, first, None, TODAY)
    later = tmp_path / "later.xlsx"
    book = Workbook()
    book.active.title = "台账"
    book.active.append(["案号", "立案日期"])
    book.active.append([number("9"), D(2026, 9, 1)])
    events = book.create_sheet("期限事项")
    events.append(["案号", "事项", "开始日期", "结束日期", "理由"])
    events.append([number("3"), "拍卖、变卖", D(2026, 7, 1), D(2026, 7, 10), "网拍"])
    events.append([number("2"), "拍卖、变卖", D(2026, 7, 1), D(2026, 7, 10), "网拍"])
    book.save(later)
    checked = check_ledger(sessions, later, TODAY)
    assert [p.text for p in checked.problems] == [
        "工作表“期限事项”第 3 行（（2026）吉0605执2号）：（2026）吉0605执2号已结案；"
        "如结案记录有误，请先更正结案记录。"
    ]
    result, _ = import_ledger(sessions, later, None, TODAY, skip_bad=True)
    assert (result.imported, result.events) == (1, 1)
    with sessions() as s:
        case = s.scalars(select(Case).where(Case.number == number("3"))).one()
        assert case.due_date == D(2026, 10, 26)  # 2026-10-15 + 10 days = 10-25 (Sun)


def test_another_courts_number_is_imported_with_a_warning(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    path = tmp_path / "l.xlsx"
    book = Workbook()
    book.active.append(["案号", "立案日期"])
    book.active.append([number("1"), D(2026, 3, 2)])
    book.active.append([number("2", "吉0602"), D(2026, 3, 2)])
    book.save(path)
    result, checked = import_ledger(sessions, path, None, TODAY)
    assert result.imported == 2
    assert checked.warnings == [
        "第 3 行 （2026）吉0602执2号：注意：法院代字“吉0602”不是本院代字“吉0605”"
        "（委托执行、执行协调等案件可以如此）。"
    ]


def test_import_command_prints_events_and_warnings(
    store: Store, sessions: sessionmaker[Session], tmp_path: Path, capsys
) -> None:
    from model.commands import run_command

    rows = [*ROWS, ("6", D(2026, 3, 2), "S2", None, None, None, None, None)]
    path = write_book(tmp_path / "ledger.xlsx", rows, EVENTS)
    book = load_workbook(path)
    book["台账"].cell(7, 1).value = number("6", "吉0602")
    book.save(path)
    code = run_command(["import-cases", str(path), "--db", store.url])
    out = capsys.readouterr().out
    assert code == 0
    assert "已导入 6 件案件（其中已结 2 件），期限事项 10 条。" in out
    assert "提示：（2026）吉0605执5号：延长申请应在期限届满 5 日前提出" in out
    assert "警告：第 7 行 （2026）吉0602执6号：注意：法院代字“吉0602”不是本院代字" in out
    path = write_book(tmp_path / "bad.xlsx", [("7", D(2026, 3, 2), "S2", None, None, None, None,
                                               None)], [("7", "延长", D(2026, 5, 1), None, "x",
                                                          "局长", None, None, "x")])  # fmt: skip
    code = run_command(["import-cases", str(path), "--db", store.url])
    err = capsys.readouterr().err
    assert code == 1 and "工作表“期限事项”第 2 行" in err and "Traceback" not in err


# 移交 with no judge named: the ordinary team's suggestion at that moment, after the
# cases closed and moved before it (number, filed, ticked, closed_on; then the events)
SUGGESTED_ROWS = [
    ("11", D(2026, 3, 2), "O1", D(2026, 6, 1)),
    ("12", D(2026, 3, 2), "O1", None),
    ("13", D(2026, 3, 3), "O1", None),
    ("14", D(2026, 3, 4), "O1", D(2026, 7, 1)),
    ("15", D(2026, 3, 4), "S2", None),
    ("16", D(2026, 3, 5), "S3", None),
]
SUGGESTED_EVENTS = [  # the first judge's two cases closed: he has the least, then
    ("11", "中止执行", D(2026, 4, 1), D(2026, 4, 10), None, None, None, None, "破产"),
    ("14", "审计、评估、资产清理", D(2026, 5, 1), D(2026, 5, 9), None, None, None, None, "评估"),
    ("15", "移交", D(2026, 3, 20), None, None, None, None, None, "需处分房产"),
    ("16", "移交", D(2026, 4, 15), None, None, None, None, None, "需处分房产"),
]


def test_a_transfer_without_a_judge_goes_where_the_window_would_send_it(
    store: Store, reference: Store, tmp_path: Path
) -> None:
    rows = [(seq, filed, ticked, None, None, closed, "执行完毕" if closed else None, None)
            for seq, filed, ticked, closed in SUGGESTED_ROWS]  # fmt: skip
    result, _ = import_ledger(
        store.sessions, write_book(tmp_path / "l.xlsx", rows, SUGGESTED_EVENTS), None, TODAY
    )
    assert (result.imported, result.events, result.closed) == (6, 4, 2)
    ids = {}
    for seq, filed, ticked, _closed in SUGGESTED_ROWS:  # typed in, then each event in turn
        draft = CaseDraft(number(seq), filed, applicants=["甲"], respondents=[("乙", "")])
        request = IntakeRequest(draft, TriageRequest((ticked,), None, None, None, None))
        ids[seq] = save_intake(reference.sessions, request, None, TODAY)
    closings = {seq: closed for seq, _filed, _ticked, closed in SUGGESTED_ROWS if closed}
    for seq, kind, start, end, *_rest, reason in SUGGESTED_EVENTS:
        if kind == "移交":
            transfer_case(reference.sessions, ids[seq], None, None, reason, None, start, TODAY)
        else:
            record_excluded_period(
                reference.sessions, ids[seq], kind, start, end, reason, None, TODAY
            )
        if seq in closings:
            close_case(reference.sessions, ids[seq], closings[seq], "执行完毕", None, today=TODAY)

    def handlers(sessions: sessionmaker[Session]) -> list[tuple]:
        query = select(Case.number, Case.team_id, Case.group_id, Case.judge_id, Case.status)
        with sessions() as s:
            return [tuple(row) for row in s.execute(query.order_by(Case.number))]

    assert handlers(store.sessions) == handlers(reference.sessions)


def test_a_ledger_without_transfers_does_not_need_the_ordinary_team(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    """Its loads are read only for a 移交: a fast-track ledger imports with nobody there."""
    with sessions.begin() as s:
        ordinary = team_by_code(s, "ordinary")
        for group in s.scalars(select(CaseGroup).where(CaseGroup.team_id == ordinary.id)):
            group.active = False
        members = select(TeamMember.person_id).where(TeamMember.team_id == ordinary.id)
        for person in s.scalars(select(Person).where(Person.id.in_(members))):
            person.active = False
    rows = [("21", D(2026, 3, 2), "S2", "第一办案组", None, None, None, None)]
    events = [("21", "中止执行", D(2026, 4, 1), D(2026, 4, 10), None, None, None, None, "破产")]
    result, _ = import_ledger(sessions, write_book(tmp_path / "l.xlsx", rows, events), None, TODAY)
    assert (result.imported, result.events) == (1, 1)


def test_the_benchmarks_eventful_ledger_imports_every_row_and_event(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    """README 性能's heaviest ledger shape (``realistic_ledger(many_events=True)``) is a
    good ledger: every row and 期限事项 imported, the record still a valid chain."""
    from tests.ledger_files import realistic_ledger

    ledger = realistic_ledger(tmp_path / "eventful.xlsx", 240, year=2016, many_events=True)
    result, checked = import_ledger(sessions, ledger, None, D(2026, 11, 28))
    assert checked.problems == [] and result.imported == 240
    assert result.events == checked.event_total > 240 // 5  # a quarter of the cases
    with sessions() as s:
        kinds = set(s.scalars(select(HistoryEntry.kind)))
        assert {"transfer", "extension", "closing"} <= kinds
    assert verify(sessions).ok
