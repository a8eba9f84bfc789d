"""执行到位款: dated amounts in whole fen, refused in Chinese when bad, corrected with a reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from model.access.audit_chain import verify
from model.access.audit_packing import stored_after
from model.access.permissions import PermissionDenied
from model.cases.detail import case_detail
from model.cases.events.closing import close_case
from model.cases.events.payment import parse_amount, record_payment, yuan
from model.cases.events.void import void_entry, voidable_entries
from model.entities import AuditEntry, Case, HistoryEntry, Payment, Person
from model.errors import UserError
from model.ledger.check import check_ledger, import_ledger
from model.storage.concurrency import ConcurrentChangeError
from tests.factories import make_case, recorded_changes
from tests.ledger_files import FULL, full_row, write_ledger

D = dt.date
TODAY = D(2026, 6, 1)


def person(sessions: sessionmaker[Session], name: str) -> int:
    with sessions() as s:
        return s.scalar(select(Person.id).where(Person.name == name))  # type: ignore[return-value]


@pytest.fixture
def case_id(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as s:
        return make_case(s, filing_date=D(2026, 3, 2)).id


def payments(sessions: sessionmaker[Session]) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(Payment)) or 0


@pytest.mark.parametrize(
    ("text", "fen"),
    [("1234.56", 123456), ("0.1", 10), ("1,234.5", 123450), ("１２３元", 12300),
     ("100", 10000), (" 7.00 ", 700), (Decimal("0.01"), 1), (5, 500), ("1.230", 123)],
)  # fmt: skip
def test_amounts_are_parsed_to_whole_fen(text: object, fen: int) -> None:
    assert parse_amount(text) == fen  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "请填写到位金额"), ("abc", "不是数字"), ("一百元", "不是数字"), ("-5", "不能为负数"),
     ("1.234", "超过两位小数"), ("0", "须大于零"), ("nan", "不是有效金额"),
     ("1e30", "过大")],
)  # fmt: skip
def test_bad_amounts_are_refused_in_chinese_and_nothing_is_written(
    sessions: sessionmaker[Session], case_id: int, text: str, message: str
) -> None:
    with pytest.raises(UserError, match=message):
        record_payment(sessions, case_id, D(2026, 4, 1), text, "", None, TODAY)
    assert payments(sessions) == 0


def test_instalments_add_up_exactly_and_the_detail_lists_them(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    clerk = person(sessions, "高博")
    record_payment(sessions, case_id, D(2026, 4, 1), "0.10", "扣划存款", clerk, TODAY)
    record_payment(sessions, case_id, D(2026, 3, 20), "0.20", "", clerk, TODAY)
    record_payment(sessions, case_id, D(2026, 5, 2), "10,000", "拍卖款", clerk, TODAY)
    detail = case_detail(sessions, case_id, TODAY)
    assert [(p.received_on, p.amount_fen, p.note) for p in detail.payments] == [
        (D(2026, 3, 20), 20, ""),
        (D(2026, 4, 1), 10, "扣划存款"),
        (D(2026, 5, 2), 1_000_000, "拍卖款"),
    ]
    assert detail.received_fen == 1_000_030 and yuan(detail.received_fen) == "10,000.30"
    with sessions() as s:
        lines = list(s.scalars(select(HistoryEntry.summary).where(HistoryEntry.kind == "payment")))
    assert lines[-1] == "执行到位款：10,000.00 元（2026-05-02），拍卖款；累计到位 10,000.30 元"


def test_dates_are_checked_and_money_may_arrive_after_closing(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    with pytest.raises(UserError, match="到位日期不能早于立案日期"):
        record_payment(sessions, case_id, D(2026, 3, 1), "1", "", None, TODAY)
    with pytest.raises(UserError, match="到位日期不能晚于今天"):
        record_payment(sessions, case_id, D(2026, 6, 2), "1", "", None, TODAY)
    close_case(sessions, case_id, D(2026, 3, 25), "执行完毕", None, today=TODAY)
    record_payment(sessions, case_id, D(2026, 3, 25), "500", "", None, TODAY)
    assert payments(sessions) == 1


def test_police_may_not_record_money(sessions: sessionmaker[Session], case_id: int) -> None:
    with pytest.raises(PermissionDenied, match="无权登记执行到位款"):
        record_payment(sessions, case_id, D(2026, 4, 1), "1", "", person(sessions, "邹本刚"), TODAY)
    assert payments(sessions) == 0


def test_a_correction_voids_the_amount_with_a_reason_and_is_audited(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    clerk = person(sessions, "高博")
    wrong = record_payment(sessions, case_id, D(2026, 4, 1), "5000", "", clerk, TODAY)
    record_payment(sessions, case_id, D(2026, 4, 2), "300", "", clerk, TODAY)
    assert ("payment", wrong, "执行到位款 5,000.00 元（2026-04-01）") in voidable_entries(
        sessions, case_id
    )
    with pytest.raises(UserError, match="请填写更正理由"):
        void_entry(sessions, "payment", wrong, " ", clerk)
    void_entry(sessions, "payment", wrong, "金额录错，应为 500 元", clerk)
    assert case_detail(sessions, case_id, TODAY).received_fen == 30000
    with sessions() as s:
        entry = s.get(Payment, wrong)
        assert entry is not None and entry.void_reason == "金额录错，应为 500 元"
    audited = recorded_changes(sessions, entity="payments")
    assert [a.action for a in audited] == ["insert", "insert", "update"]
    assert audited[-1].actor_id == clerk and "金额录错" in audited[-1].after["void_reason"]
    assert verify(sessions).ok


def version(sessions: sessionmaker[Session], case_id: int) -> int:
    with sessions() as s:
        return s.scalar(select(Case.version).where(Case.id == case_id))  # type: ignore[return-value]


def test_recording_and_voiding_money_change_the_case_like_every_event(
    sessions: sessionmaker[Session], case_id: int
) -> None:
    clerk = person(sessions, "高博")
    seen = version(sessions, case_id)
    paid = record_payment(sessions, case_id, D(2026, 4, 1), "100", "", clerk, TODAY, seen)
    assert version(sessions, case_id) == seen + 1
    # a clerk who still shows the case as it was is refused, and nothing is written
    with pytest.raises(ConcurrentChangeError, match="请刷新后重试"):
        record_payment(sessions, case_id, D(2026, 4, 2), "50", "", clerk, TODAY, seen)
    with pytest.raises(ConcurrentChangeError, match="请刷新后重试"):
        void_entry(sessions, "payment", paid, "录错", clerk, expected_version=seen)
    assert payments(sessions) == 1
    void_entry(sessions, "payment", paid, "录错", clerk, expected_version=seen + 1)
    assert version(sessions, case_id) == seen + 2


def test_the_ledger_takes_a_total_dated_the_closing_day(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    headers = [*FULL, "执行到位金额"]
    path = write_ledger(
        tmp_path / "ledger.xlsx",
        headers,
        [
            [*full_row(案号="（2026）吉0605执1号", 立案日期=D(2026, 1, 5),
                       结案日期=D(2026, 2, 1), 结案方式="执行完毕"), 12345.6],
            [*full_row(案号="（2026）吉0605执2号", 立案日期=D(2026, 1, 6)), None],
        ],
    )  # fmt: skip
    result, _ = import_ledger(sessions, path, actor_id=None, today=TODAY)
    assert (result.imported, result.closed) == (2, 1)
    with sessions() as s:
        paid = s.scalars(select(Payment)).one()
        assert (paid.received_on, paid.amount_fen, paid.note) == (
            D(2026, 2, 1),
            1234560,
            "台账导入",
        )
    assert verify(sessions).ok


@pytest.mark.parametrize(
    ("closed", "amount", "message"),
    [(True, "12.345", "执行到位金额“12.345”超过两位小数"), (True, "-1", "执行到位金额不能为负数"),
     (True, "很多", "执行到位金额“很多”不是数字"), (False, "100", "执行到位金额只用于已结案件")],
)  # fmt: skip
def test_the_ledger_refuses_a_bad_amount_in_chinese(
    sessions: sessionmaker[Session], tmp_path: Path, closed: bool, amount: str, message: str
) -> None:
    close = {"结案日期": D(2026, 2, 1), "结案方式": "执行完毕"} if closed else {}
    path = write_ledger(
        tmp_path / "ledger.xlsx",
        [*FULL, "执行到位金额"],
        [[*full_row(案号="（2026）吉0605执1号", 立案日期=D(2026, 1, 5), **close), amount]],
    )
    checked = check_ledger(sessions, path, TODAY)
    assert len(checked.problems) == 1 and message in checked.problems[0].text
    assert payments(sessions) == 0


def test_payment_entries_are_compact_and_verify_row_by_row(
    sessions: sessionmaker[Session], case_id: int, tmp_path: Path
) -> None:
    """Issue 20: an insert's entry without its id and case, UTF-8, no spaces."""

    from model.access.audit_rows import verify_rows

    clerk = person(sessions, "高博")
    record_payment(sessions, case_id, D(2026, 4, 1), "100", "首笔到位", clerk, TODAY)
    path = write_ledger(
        tmp_path / "ledger.xlsx",
        [*FULL, "执行到位金额"],
        [[*full_row(案号="（2026）吉0605执1号", 立案日期=D(2026, 1, 5),
                    结案日期=D(2026, 2, 1), 结案方式="执行完毕"), 12.5]],
    )  # fmt: skip
    import_ledger(sessions, path, actor_id=None, today=TODAY)
    inserts = [c for c in recorded_changes(sessions, entity="payments") if c.action == "insert"]
    assert len(inserts) == 2
    for change in inserts:
        assert "id" not in change.after and "case_id" not in change.after
        assert change.case_id is not None
    assert any(c.after["note"] == "首笔到位" for c in inserts)
    with sessions() as s:
        for entry in s.scalars(select(AuditEntry).where(AuditEntry.packed.is_not(None))):
            text = stored_after(entry.after, entry.packed)
            assert ": " not in text and "\\u" not in text and entry.prev_hash == ""
    assert verify(sessions).ok and verify_rows(sessions) == []
