"""The ledger import writes with Core what registering each row through the ORM writes.

The reference is the window's way, row by row: ``register_case`` (the ORM unit of work,
``resolve_assignment`` reading the loads from the database) and ``record_closing``
with the clock read back, into a second, identical database. Every table must hold the
same rows — ids included — apart from timestamps, and the audit record the same
entries (in a batch the flush's order of updates is not fixed, so as a multiset).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import DateTime, Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

import model.ledger.register as ledger_register
from model.access.audit import acting_as
from model.access.audit_chain import verify
from model.access.audit_packing import row_changes
from model.calendar.event_book import EventBook
from model.calendar.workdays import load_calendar
from model.cases.events.closing import record_closing
from model.cases.intake import register_case
from model.entities import AuditEntry, Base, Case
from model.ledger.check import check_ledger, import_ledger
from model.storage.store import Store, open_store
from tests.ledger_files import FULL, full_row, write_ledger

TODAY = dt.date(2026, 11, 28)
ACTOR = 1  # 王爱军 in the seeded roster
METHODS = ["执行完毕", "终结本次执行程序", "终结执行", "销案", "不予执行", "驳回申请"]


def varied_ledger(path: Path, count: int) -> Path:
    """Rows of every kind: parties or none, amounts, overrides, groups, judges, closings."""
    rnd = random.Random(7)
    rows = []
    for i in range(1, count + 1):
        filed = dt.date(2025, 1, 1) + dt.timedelta(days=rnd.randrange(0, 690))
        respondents = [f"被执行人{i}-{k}" for k in range(rnd.choice([0, 1, 1, 2]))]
        kinds = [rnd.choice(["自然人", "法人", "党政机关", ""]) for _ in respondents]
        override, reason = rnd.choice(
            [(None, None)] * 5 + [("普通", "案情复杂"), ("简易案件", "当事人少"), ("特殊", "交办")]
        )
        group = judge = closed = method = None
        draw = rnd.random()
        if draw < 0.15:
            group = rnd.choice(["第一办案组", "第二办案组", "第三办案组"])
        elif draw < 0.25:
            judge = rnd.choice(["王爱军", "姜福义", "战殿有"])
        if rnd.random() < 0.4:
            closed = min(TODAY, filed + dt.timedelta(days=rnd.randrange(1, 300)))
            method = rnd.choice(METHODS)
        rows.append(
            full_row(
                案号=f"（{filed.year}）吉0605{rnd.choice(['执', '执', '执保', '执恢'])}{i}号",
                立案日期=filed,
                申请执行人="、".join(f"申请人{i}-{k}" for k in range(rnd.choice([0, 1, 2, 3]))),
                被执行人="、".join(respondents),
                被执行人类型="、".join(kinds),
                申请执行人数=rnd.choice([None, None, 4]),
                标的额=rnd.choice([None, 5000, 123456.5, "1,234.50元", 3_000_000]),
                执行依据=rnd.choice(["", "（2024）吉0605民初1号"]),
                案由=rnd.choice(["", "借款合同纠纷"]),
                分流依据=rnd.choice(["", "", "S2", "O1", "S3、O5", "X1", "S1,S4"]),
                分流类型=override,
                调整理由=reason,
                办案组=group,
                承办法官=judge,
                结案日期=closed,
                结案方式=method,
            )
        )
    return write_ledger(path, FULL, rows)


def register_one_by_one(sessions: sessionmaker[Session], path: Path) -> int:
    """The reference: each good row through ``register_case`` and ``record_closing``."""
    checked = check_ledger(sessions, path, TODAY)
    with sessions.begin() as session:
        acting_as(session, ACTOR)
        calendar = load_calendar(session)
        for item in checked.good:
            case = register_case(session, item.request, ACTOR, TODAY, require_parties=False)
            if item.closed_on is not None:
                # as the import always did: a new case has no events, the calendar is known
                book = EventBook(session, [case.id], calendar)
                record_closing(
                    session, case, item.closed_on, item.method, ACTOR, {"imported": True},
                    book=book, source="台账导入",
                )  # fmt: skip
                book.write_timelines(session)  # the book's part
        return len(checked.good)


def _without_times(values: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in values.items() if not k.endswith("_at")}, sort_keys=True)


def contents(engine: Engine) -> dict[str, Any]:
    """Every table's rows without timestamps; the recorded row changes as a sorted list."""
    found: dict[str, Any] = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name == AuditEntry.__tablename__:
                continue
            columns = [c for c in table.c if not isinstance(c.type, DateTime)]
            query = select(*columns).order_by(*table.primary_key.columns)
            found[table.name] = [tuple(row) for row in connection.execute(query)]
        entries = connection.execute(select(AuditEntry.__table__)).mappings()
        found["audit_entries"] = sorted(
            (
                (
                    c.actor_id,
                    c.action,
                    c.entity,
                    c.entity_id,
                    c.case_id,
                    _without_times(c.before),
                    _without_times(c.after),
                )
                for row in entries
                for c in row_changes(row)
            ),
            key=repr,
        )
    return found


@pytest.fixture
def reference(request: pytest.FixtureRequest, store: Store, tmp_path: Path) -> Store:
    """A second database seeded like ``store`` (same backend)."""
    if store.engine.dialect.name == "sqlite":
        other = open_store(tmp_path / "reference.sqlite")
    else:
        other = open_store(request.getfixturevalue("postgres").new_schema_url())
    request.addfinalizer(other.close)
    return other


def test_import_writes_what_registering_each_row_writes(
    store: Store, reference: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger_register, "BATCH", 7)  # several batches, one cut mid-way
    path = varied_ledger(tmp_path / "ledger.xlsx", 60)
    expected = register_one_by_one(reference.sessions, path)
    result, checked = import_ledger(store.sessions, path, ACTOR, TODAY, skip_bad=True)
    assert result.imported == expected == len(checked.good) > 40
    assert 10 < result.closed < expected
    mine, theirs = contents(store.engine), contents(reference.engine)
    for table in theirs:
        assert mine[table] == theirs[table], table
    assert verify(store.sessions).ok and verify(reference.sessions).ok
    with store.sessions() as session:
        assert session.scalar(select(func.max(Case.version))) == 2  # closed: one UPDATE


def test_later_rows_follow_the_imported_ones(store: Store, tmp_path: Path) -> None:
    """Ids given before the INSERT leave the database's own numbering where it should be."""
    path = varied_ledger(tmp_path / "ledger.xlsx", 12)
    result, _ = import_ledger(store.sessions, path, None, TODAY, skip_bad=True)
    from model.cases.draft import CaseDraft
    from model.cases.intake import IntakeRequest, TriageRequest, save_intake

    draft = CaseDraft(number="（2026）吉0605执9999号", filing_date=TODAY, applicants=["甲"],
                      respondents=[("乙", "自然人")])  # fmt: skip
    new_id = save_intake(store.sessions, IntakeRequest(draft, TriageRequest(("S2",))), None, TODAY)
    with store.sessions() as session:
        ids = session.scalars(select(Case.id).order_by(Case.id)).all()
    assert ids == list(range(1, result.imported + 2)) and new_id == ids[-1]
    assert verify(store.sessions).ok
