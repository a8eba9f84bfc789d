"""Rows written with Core as the ORM would write them: defaults, ids, values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from model.entities import Case, CaseStatus, Closing, Track, TriageDecision
from model.storage.bulk import (
    BULK_ANALYSE_FROM,
    Fields,
    RowWriter,
    complete,
    insert_many,
    refresh_statistics,
    update_many,
)


def test_complete_fills_what_the_orm_fills() -> None:
    row = complete(Closing, {"case_id": 3, "closed_on": dt.date(2026, 3, 1), "method": "销案"})
    assert row["conditions"] == {} and row["voided_at"] is None and row["id"] is None
    assert isinstance(row["recorded_at"], dt.datetime) and row["recorded_at"].microsecond == 0
    assert complete(Closing, {"conditions": {"a": True}})["conditions"] == {"a": True}
    other = complete(Closing, {})
    assert other["conditions"] is not row["conditions"]  # a fresh default each row
    case = complete(Case, {"number": "x"})
    assert case["version"] == 1 and case["status"] is CaseStatus.PENDING
    assert case["applicant_count"] == 1 and case["basis"] == "" and case["amount"] is None


def test_fields_reads_and_writes_the_dict() -> None:
    values = {"due_date": None}
    view = Fields(values)
    view.due_date = dt.date(2026, 1, 2)
    assert values["due_date"] == dt.date(2026, 1, 2) == view.due_date
    try:
        view.missing  # noqa: B018
    except AttributeError:
        pass
    else:
        raise AssertionError("a missing field must be an AttributeError")


def _case(number: str) -> dict[str, object]:
    return complete(
        Case,
        {
            "number": number, "year": 2026, "court_code": "吉0605", "type_code": "执",
            "sequence": 1, "filing_date": dt.date(2026, 3, 2), "track": Track.SIMPLE,
            "amount": Decimal("12.50"),
        },
    )  # fmt: skip


def test_ids_and_values_are_what_the_orm_would_give(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        first = Case(**{k: v for k, v in _case("（2026）吉0605执1号").items() if k != "id"})
        session.add(first)
        session.flush()
        writer = RowWriter(session)
        rows = [_case("（2026）吉0605执2号"), _case("（2026）吉0605执3号")]
        writer.give_ids(Case, rows)
        assert [row["id"] for row in rows] == [first.id + 1, first.id + 2]
        writer.insert(Case, rows)
        triage = complete(
            TriageDecision,
            {"case_id": rows[0]["id"], "ticked": ["S2"], "suggested": ["S2", "文"],
             "proposed_track": Track.SIMPLE, "final_track": Track.ORDINARY},
        )  # fmt: skip
        writer.give_ids(TriageDecision, [triage])
        insert_many(session.connection(), TriageDecision.__table__, [triage])
    with sessions.begin() as session:
        later = Case(**{k: v for k, v in _case("（2026）吉0605执4号").items() if k != "id"})
        session.add(later)  # the database's own numbering carries on after the given ids
        session.flush()
        assert later.id == first.id + 3
        stored = session.get(Case, rows[1]["id"])
        assert stored is not None and stored.amount == Decimal("12.50")
        assert stored.track is Track.SIMPLE and stored.version == 1
        decision = session.scalars(select(TriageDecision)).one()
        assert decision.ticked == ["S2"] and decision.suggested == ["S2", "文"]
        assert (
            decision.final_track is Track.ORDINARY and decision.decided_at == triage["decided_at"]
        )


def test_a_bulk_write_leaves_postgresqls_planner_statistics_current(
    sessions: sessionmaker[Session],
) -> None:
    """Without it the planner took 100,000 just-written cases for an empty table (minutes)."""
    from tests.report_cases import bulk_cases

    with sessions.begin() as s:
        if s.get_bind().dialect.name != "postgresql":
            pytest.skip("SQLite analyses at close (PRAGMA optimize)")
        bulk_cases(s, 1500)
        estimated = s.execute(
            text("SELECT reltuples FROM pg_class WHERE oid = 'cases'::regclass")
        ).scalar_one()
        assert estimated >= 1500  # ANALYZE ran on the written tables
    with sessions.begin() as s:
        refresh_statistics(s.connection(), BULK_ANALYSE_FROM - 1)  # a small write: nothing


def test_update_many_sets_each_rows_columns_as_the_orm_would(
    sessions: sessionmaker[Session],
) -> None:
    """The 期限事项's cases are written back with one UPDATE each: dates, enums, None."""
    with sessions.begin() as session:
        writer = RowWriter(session)
        rows = [_case(f"（2026）吉0605执{n}号") for n in (11, 12, 13)]
        writer.give_ids(Case, rows)
        writer.insert(Case, rows)
        changed = [
            {"id": rows[0]["id"], "due_date": dt.date(2026, 5, 6), "status": CaseStatus.SUSPENDED,
             "amount": Decimal("7.25"), "judge_id": None},
            {"id": rows[2]["id"], "due_date": None, "status": CaseStatus.CLOSED,
             "amount": None, "judge_id": None},
        ]  # fmt: skip
        update_many(session.connection(), Case.__table__, changed)
        update_many(session.connection(), Case.__table__, [])  # nothing to write
    with sessions.begin() as session:
        first, second, third = (session.get(Case, row["id"]) for row in rows)
        assert first is not None and second is not None and third is not None
        assert (first.due_date, first.status, first.amount) == (
            dt.date(2026, 5, 6), CaseStatus.SUSPENDED, Decimal("7.25"))  # fmt: skip
        assert (third.due_date, third.status, third.amount) == (None, CaseStatus.CLOSED, None)
        assert second.status is CaseStatus.PENDING and second.amount == Decimal("12.50")
        assert first.number == "（2026）吉0605执11号"  # columns not given are kept


def test_dates_are_stored_as_the_orm_stores_them(sessions: sessionmaker[Session]) -> None:
    """The bulk writer spells dates itself (each distinct one once): the same text as
    SQLAlchemy's, for dates, datetimes with and without microseconds, and None."""
    days = [dt.date(2026, 3, 1), None, dt.date(2026, 3, 1), dt.date(2025, 12, 31)]
    stamps = [dt.datetime(2026, 3, 1, 8, 5, 9), dt.datetime(2026, 3, 1, 8, 5, 9, 45)] * 2
    met = {"met_track_limit": True, "met_statutory_limit": False}
    with sessions.begin() as session:
        case = Case(**{k: v for k, v in _case("（2026）吉0605执21号").items() if k != "id"})
        session.add(case)
        session.flush()
        by_orm = [
            Closing(case_id=case.id, closed_on=day or dt.date(2026, 1, 1), method="销案",
                    voided_at=stamp if day else None, recorded_at=stamp, **met)
            for day, stamp in zip(days, stamps, strict=True)
        ]  # fmt: skip
        session.add_all(by_orm)
        session.flush()
        rows = [
            complete(Closing, {"case_id": case.id, "closed_on": o.closed_on, "method": "销案",
                               "voided_at": o.voided_at, "recorded_at": o.recorded_at, **met})
            for o in by_orm
        ]  # fmt: skip
        RowWriter(session).give_ids(Closing, rows)
        RowWriter(session).insert(Closing, rows)
        stored = session.execute(
            text("SELECT closed_on, voided_at, recorded_at FROM closings ORDER BY id")
        ).all()
    assert [tuple(r) for r in stored[4:]] == [tuple(r) for r in stored[:4]]
    assert stored[0][0] != stored[3][0] and stored[1][1] is None


def test_a_date_column_writes_each_value_as_itself() -> None:
    """Distinct values are converted once, but equal ones of another zone or type are not
    taken for each other."""
    from model.storage.bulk import _each_distinct

    utc = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.timezone.utc)
    beijing = utc.astimezone(dt.timezone(dt.timedelta(hours=8)))
    values = [utc, beijing, None, dt.date(2026, 3, 1), utc]
    assert utc == beijing
    assert _each_distinct(repr, values) == [repr(v) for v in values]


def test_update_many_of_rows_with_nothing_to_set_writes_nothing(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        update_many(session.connection(), Case.__table__, [{"id": 1}, {"id": 2}])
