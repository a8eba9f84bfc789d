"""A change made outside the program is found: the tables against the record, the clocks
against the events (issue 18).

The database is filled through the services (intake, events, corrections, roster,
settings, a ledger import written with Core); then each value is edited behind the
program's back, as an SQLite tool or psql would, and ``verify_rows`` / ``stale_clocks``
name the table, the row, the column, the recorded value and the value found.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text

from model.access import audit
from model.access.audit_rows import ROW_ABSENT, ROW_DELETED, ROW_UNRECORDED, verify_rows
from model.calendar.clock_check import stale_clocks
from model.cases.events.closing import close_case
from model.cases.events.extension import record_extension
from model.cases.events.payment import record_payment
from model.cases.events.periods import record_excluded_period
from model.cases.events.void import void_entry
from model.commands import run_command
from model.entities import CaseStatus, Closing, ExcludedPeriod, Party, Role
from model.ledger.check import import_ledger
from model.roster import edits as roster
from model.triage.settings import COURT_NAME, set_setting
from tests.factories import make_case, person_by_name
from tests.model.ledger.test_register import varied_ledger

D = dt.date
TODAY = D(2026, 11, 28)


@pytest.fixture
def busy(store, tmp_path: Path) -> dict[str, int]:
    """A database every kind of service has written to; a few ids to edit."""
    sessions = store.sessions
    with sessions.begin() as s:
        audit.acting_as(s, 1)
        first = make_case(s, "（2026）吉0605执1号", D(2026, 3, 2), respondents="甲公司").id
        second = make_case(s, "（2026）吉0605执2号", D(2026, 4, 1)).id
        judge = person_by_name(s, "姜福义").id
    record_excluded_period(sessions, first, "拍卖、变卖", D(2026, 4, 1), D(2026, 4, 10),
                           "网拍", 1, TODAY)  # fmt: skip
    record_extension(sessions, first, "王院长", "副院长", "复杂", D(2026, 8, 1), 1, today=TODAY)
    close_case(sessions, second, D(2026, 6, 1), "执行完毕", 1, today=TODAY)
    with sessions() as s:
        closing = s.scalars(select(Closing.id)).one()
    void_entry(sessions, "closing", closing, "结案日期有误", 1)
    payment = record_payment(sessions, first, D(2026, 5, 6), "1234.56", "扣划", 1, TODAY)
    wrong = record_payment(sessions, first, D(2026, 5, 7), "99", "", 1, TODAY)
    void_entry(sessions, "payment", wrong, "重复登记", 1)
    with sessions.begin() as s:
        audit.acting_as(s, 1)
        set_setting(s, COURT_NAME, "某某法院")
    newcomer = roster.add_person(sessions, "新来的", Role.CLERK, actor_id=1)
    roster.update_person(
        sessions,
        newcomer,
        name="新来的",
        role=Role.CLERK,
        position="",
        aliases=["新来"],
        team_ids=[],
        actor_id=1,
    )  # 登记别名 as the person dialog does
    import_ledger(sessions, varied_ledger(tmp_path / "台账.xlsx", 40), None, TODAY, skip_bad=True)
    with sessions() as s:
        party = s.scalars(select(Party.id).order_by(Party.id)).first()
        period = s.scalars(select(ExcludedPeriod.id)).first()
    return {
        "first": first,
        "second": second,
        "judge": judge,
        "party": party,
        "period": period,
        "payment": payment,
    }


def _tamper(store, statement: str, **values: object) -> None:
    with store.engine.begin() as connection:  # outside the sessions: no record line
        connection.execute(text(statement), values)


def test_a_database_written_only_by_the_program_agrees_with_its_record(store, busy) -> None:
    assert verify_rows(store.sessions) == []
    with store.sessions() as s:
        assert stale_clocks(s) == []


def test_every_edit_outside_the_program_is_named(store, busy) -> None:
    first = busy["first"]
    _tamper(store, "UPDATE cases SET judge_id = :j, filing_date = :d WHERE id = :i",
            j=busy["judge"], d=D(2026, 2, 1), i=first)  # fmt: skip
    _tamper(store, "UPDATE cases SET due_date = :d WHERE id = :i", d=D(2027, 1, 1), i=first)
    _tamper(store, "DELETE FROM parties WHERE id = :i", i=busy["party"])
    _tamper(store, "UPDATE excluded_periods SET reason = '改过' WHERE id = :i", i=busy["period"])
    _tamper(store, "INSERT INTO excluded_periods (id, case_id, kind, start, \"end\", reason, "
            "recorded_at) VALUES (9999, :c, '拍卖、变卖', :s, :e, '凭空', :s)",
            c=first, s=D(2026, 5, 1), e=D(2026, 5, 3))  # fmt: skip
    found = {(d.table, d.row, d.column): d for d in verify_rows(store.sessions)}
    judge = found[("cases", str(first), "judge_id")]
    assert judge.found == busy["judge"] and judge.recorded != busy["judge"]
    filing = found[("cases", str(first), "filing_date")]
    assert (filing.recorded, filing.found) == ("2026-03-02", "2026-02-01")
    assert "案件（表 cases）第" in filing.message and "字段 filing_date" in filing.message
    assert "操作记录中为“2026-03-02”，表中为“2026-02-01”" in filing.message
    assert found[("parties", str(busy["party"]), "")].found == ROW_ABSENT
    reason = found[("excluded_periods", str(busy["period"]), "reason")]
    assert (reason.recorded, reason.found) == ("网拍", "改过")
    assert found[("excluded_periods", "9999", "")].recorded == ROW_UNRECORDED
    assert ("cases", str(first), "due_date") not in found  # the clock is check's part
    assert len(found) == 5
    _tamper(store, "UPDATE payments SET amount_fen = 1 WHERE id = :i", i=busy["payment"])
    money = {(d.table, d.row, d.column): d for d in verify_rows(store.sessions)}
    assert (money[("payments", str(busy["payment"]), "amount_fen")].recorded, len(money)) == (
        123456, 6)  # fmt: skip
    with store.sessions() as s:
        clocks = {(c.case_id, c.field): c for c in stale_clocks(s)}
    due = clocks[(first, "due_date")]
    assert due.stored == D(2027, 1, 1) and due.computed != D(2027, 1, 1)
    assert f"案件 （2026）吉0605执1号（编号 {first}）的到期日记为 2027-01-01" in due.message


def test_a_row_deleted_by_the_program_and_put_back_outside_is_found(store, busy) -> None:
    with store.sessions.begin() as s:
        audit.acting_as(s, 1)
        s.delete(s.get(Party, busy["party"]))
    assert verify_rows(store.sessions) == []
    _tamper(store, "INSERT INTO parties (id, case_id, side, name, party_type, ordinal) "
            "VALUES (:i, :c, 'respondent', '甲公司', '法人', 0)",
            i=busy["party"], c=busy["first"])  # fmt: skip
    [difference] = verify_rows(store.sessions)
    assert (difference.table, difference.recorded) == ("parties", ROW_DELETED)


def test_a_stored_status_edited_outside_is_found_by_check(store, busy) -> None:
    _tamper(store, "UPDATE cases SET status = 'closed' WHERE id = :i", i=busy["first"])
    with store.sessions() as s:
        [difference] = stale_clocks(s)
    assert difference.field == "status" and difference.computed is CaseStatus.PENDING
    assert "的状态记为 已结，按其立案日期和各事项应为 在办" in difference.message


@pytest.mark.sqlite_only
def test_the_commands_fail_in_chinese_after_an_edit_with_an_sqlite_tool(
    store, busy, capsys
) -> None:
    path = store.path
    assert path is not None
    store.close()
    assert run_command(["audit-verify", "--db", str(path)]) == 0
    assert "逐行核对一致" in capsys.readouterr().out
    assert run_command(["check", "--db", str(path)]) == 0
    assert "各案期限均与其事项相符" in capsys.readouterr().out
    with sqlite3.connect(path) as connection:  # what anyone with the file could do
        connection.execute("UPDATE cases SET judge_id = 5 WHERE id = ?", (busy["first"],))
        connection.execute("UPDATE cases SET due_date = '2030-01-01' WHERE id = ?",
                           (busy["first"],))  # fmt: skip
    connection.close()
    assert run_command(["audit-verify", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "数据表与操作记录不符之处共 1 处" in err
    assert f"案件（表 cases）第 {busy['first']} 行 字段 judge_id" in err
    assert run_command(["check", "--db", str(path)]) == 1
    out = capsys.readouterr().out
    assert "1 处期限与案件事项不符" in out and "到期日记为 2030-01-01" in out
