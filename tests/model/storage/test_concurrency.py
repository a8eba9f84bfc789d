"""Optimistic locking and duplicate numbers: a change on a case someone else changed."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from model.cases.events.closing import close_case
from model.cases.events.extension import record_extension
from model.cases.events.periods import record_excluded_period
from model.cases.events.transfer import transfer_case
from model.cases.intake import TriageRequest
from model.cases.retriage import load_case, retriage_case
from model.entities import Case, CaseStatus, Closing, Extension, HistoryEntry, Track
from model.storage.concurrency import (
    ConcurrentChangeError,
    DuplicateNumberError,
    describe_newer_state,
    load_case_for_update,
)
from model.storage.store import Store
from tests.factories import make_case, person_by_name

D = dt.date


@pytest.fixture
def case_id(sessions: sessionmaker[Session]) -> int:
    with sessions.begin() as s:
        return make_case(s, filing_date=D(2026, 3, 2), track=Track.SIMPLE).id


def version_of(sessions: sessionmaker[Session], case_id: int) -> int:
    with sessions() as s:
        return s.scalars(select(Case.version).where(Case.id == case_id)).one()


def test_every_change_of_a_case_bumps_its_version(sessions, case_id: int) -> None:
    before = version_of(sessions, case_id)
    close_case(sessions, case_id, D(2026, 3, 20), "执行完毕", None, today=D(2026, 4, 1))
    assert version_of(sessions, case_id) == before + 1


def test_a_case_changed_since_it_was_shown_is_refused_with_the_newer_state(
    sessions, case_id: int
) -> None:
    seen = version_of(sessions, case_id)
    with sessions() as s:
        actor = person_by_name(s, "姜福义").id
    # Another clerk extends the limit while the first one still looks at the old state.
    record_extension(
        sessions, case_id, "王院长", "副院长", "案情复杂", D(2026, 3, 20), actor,
        today=D(2026, 3, 20),
    )  # fmt: skip
    with pytest.raises(ConcurrentChangeError) as refused:
        close_case(
            sessions,
            case_id,
            D(2026, 3, 25),
            "执行完毕",
            None,
            today=D(2026, 4, 1),
            expected_version=seen,
        )
    message = refused.value.message
    assert "已被 姜福义 于" in message and "延长" in message and "请刷新后重试" in message
    with sessions() as s:  # nothing was written
        assert s.scalars(select(Closing)).first() is None
        assert s.get(Case, case_id).status is CaseStatus.PENDING
    # With the version now shown, the same closing goes through.
    close_case(
        sessions,
        case_id,
        D(2026, 3, 25),
        "执行完毕",
        None,
        today=D(2026, 4, 1),
        expected_version=version_of(sessions, case_id),
    )


def test_a_write_racing_another_transaction_is_refused_not_lost(sessions, case_id: int) -> None:
    with pytest.raises(ConcurrentChangeError, match="请刷新后重试"):
        with sessions.begin() as s:
            case = s.get(Case, case_id)
            # What another clerk's commit does to the row between our read and our write.
            s.execute(
                text("UPDATE cases SET version = version + 1, cause = '他人修改' WHERE id = :i"),
                {"i": case_id},
            )
            case.cause = "我的修改"
    with sessions() as s:
        assert s.get(Case, case_id).cause == ""  # the whole transaction was rolled back


def test_retriage_and_transfer_check_the_version_shown(sessions, case_id: int) -> None:
    loaded = load_case(sessions, case_id)
    close_case(sessions, case_id, D(2026, 3, 20), "执行完毕", None, today=D(2026, 4, 1))
    with pytest.raises(ConcurrentChangeError):
        asked = TriageRequest((), Track.SIMPLE, "复核")
        retriage_case(sessions, case_id, asked, None, expected_version=loaded.version)
    with pytest.raises(ConcurrentChangeError):
        transfer_case(
            sessions, case_id, None, None, "案情复杂", None, today=D(2026, 4, 1),
            expected_version=loaded.version,
        )  # fmt: skip


def test_the_newer_state_without_history_still_reads_well(sessions, case_id: int) -> None:
    with sessions() as s:
        assert s.scalars(select(HistoryEntry)).first() is None
        message = describe_newer_state(s, case_id)
        assert "已被其他用户修改" in message
        assert describe_newer_state(s, 99999).startswith("该案件已被他人删除")
        assert load_case_for_update(s, 99999, 1) is None


def test_the_same_number_saved_twice_at_once_is_refused_in_chinese(store: Store) -> None:
    with store.sessions.begin() as s:
        make_case(s, number="（2026）吉0605执77号")
    with pytest.raises(DuplicateNumberError) as refused:
        with store.sessions.begin() as s:
            # What a second clerk's save does when both passed the check before either saved.
            make_case(s, number="（2026）吉0605执77号")
    assert refused.value.field == "number"
    assert "（2026）吉0605执77号 刚刚已由其他用户收案" in refused.value.message
    with store.sessions() as s:
        assert len(s.scalars(select(Case)).all()) == 1


def test_a_period_that_moves_no_date_still_makes_a_new_version(sessions, case_id: int) -> None:
    """Issue 21: X opens the case, Y records a period that moves nothing, X is refused."""
    with sessions() as s:
        actor = person_by_name(s, "姜福义").id
    record_excluded_period(
        sessions, case_id, "中止执行", D(2026, 3, 10), D(2026, 3, 20), "破产", actor,
        today=D(2026, 4, 1),
    )  # fmt: skip
    seen = version_of(sessions, case_id)  # X opens the case
    with sessions() as s:
        dates = (s.get(Case, case_id).due_date, s.get(Case, case_id).statutory_due_date)
    # Y records a period lying inside the first: no derived date moves.
    record_excluded_period(
        sessions, case_id, "拍卖、变卖", D(2026, 3, 12), D(2026, 3, 15), "网拍", actor,
        today=D(2026, 4, 1),
    )  # fmt: skip
    with sessions() as s:
        case = s.get(Case, case_id)
        assert (case.due_date, case.statutory_due_date) == dates
    assert version_of(sessions, case_id) == seen + 1
    with pytest.raises(ConcurrentChangeError) as refused:
        record_extension(
            sessions, case_id, "王院长", "副院长", "案情复杂", D(2026, 3, 20), None,
            today=D(2026, 4, 1), expected_version=seen,
        )  # fmt: skip
    message = refused.value.message
    assert "已被 姜福义 于" in message and "拍卖、变卖" in message and "请刷新后重试" in message
    with sessions() as s:
        assert s.scalars(select(Extension)).first() is None


def test_any_new_history_line_bumps_the_version_once(sessions, case_id: int) -> None:
    before = version_of(sessions, case_id)
    with sessions.begin() as s:
        s.add(HistoryEntry(case_id=case_id, actor_id=None, kind="note", summary="备注"))
        s.add(HistoryEntry(case_id=case_id, actor_id=None, kind="note", summary="备注二"))
    assert version_of(sessions, case_id) == before + 1
    # A racing writer that read the old version is refused, not lost.
    with pytest.raises(ConcurrentChangeError):
        with sessions.begin() as s:
            case = s.get(Case, case_id)
            s.execute(text("UPDATE cases SET version = version + 1 WHERE id = :i"), {"i": case_id})
            s.add(HistoryEntry(case_id=case.id, actor_id=None, kind="note", summary="迟到"))
